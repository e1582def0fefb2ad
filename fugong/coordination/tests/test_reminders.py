"""The reminders coordination registers with messaging: overdue tickets, passes ending."""

import datetime

import pytest
from django.utils import timezone

from fugong.coordination.choices import PassStatus
from fugong.coordination.models import Ticket, VehiclePass
from fugong.coordination.tests.helpers import apply_pass, build_coordination_world, raise_ticket
from fugong.messaging.models import InAppMessage
from fugong.messaging.reminders import registered, run_reminder


@pytest.fixture
def cw(db):
    return build_coordination_world()


def test_rules_are_registered():
    assert {"coordination.ticket_overdue", "coordination.vehiclepass_ending"} <= set(registered())


def test_an_overdue_ticket_reminds_its_department_once(cw):
    ticket = raise_ticket(cw, title="逾期事项")
    raise_ticket(cw, title="按期事项")
    Ticket.objects.filter(pk=ticket.pk).update(due_at=timezone.now() - datetime.timedelta(hours=1))
    run_reminder("coordination.ticket_overdue")
    run_reminder("coordination.ticket_overdue")
    sent = InAppMessage.objects.filter(kind="ticket_overdue")
    assert list(sent.values_list("recipient__username", flat=True)) == ["officer-a"]
    assert "逾期事项" in sent.get().title


def test_a_pass_ending_tomorrow_reminds_the_enterprise(cw):
    ending = apply_pass(cw, days=(0, 1))
    apply_pass(cw, plate="豫H54321", days=(0, 9))
    VehiclePass.objects.filter(pk=ending.pk).update(status=PassStatus.APPROVED)
    run_reminder("coordination.vehiclepass_ending")
    sent = InAppMessage.objects.filter(kind="vehiclepass_ending")
    assert list(sent.values_list("recipient__username", flat=True)) == ["manager-a"]
