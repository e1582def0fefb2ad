"""Concurrent transitions of one ticket or pass: exactly one wins. Real threads with their
own connections: needs PostgreSQL (CI) or SQLite in a file; skipped on in-memory SQLite.
(The conditional write itself is proven without threads in test_ticket_services.)"""

import pytest
from django.db import connection

from fugong.common.errors import FugongError
from fugong.common.tests.test_concurrency import _parallel
from fugong.coordination.choices import PassStatus, TicketStatus
from fugong.coordination.models import Ticket, TicketEvent, VehiclePass
from fugong.coordination.services import passes, tickets
from fugong.coordination.tests.helpers import apply_pass, build_coordination_world, raise_ticket


@pytest.fixture
def shared_cw(transactional_db):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("threads need a database file or server (runs on PostgreSQL in CI)")
    return build_coordination_world()


def _one_wins(results, model):
    won = [r for r in results if isinstance(r, model)]
    lost = [r for r in results if isinstance(r, FugongError)]
    assert len(won) == 1 and len(lost) == len(results) - 1, results
    assert all(r.code in ("conflict", "invalid_transition") for r in lost), results


def test_two_officers_start_the_same_ticket(shared_cw):
    cw = shared_cw
    ticket = raise_ticket(cw)
    results = _parallel(
        lambda: tickets.ticket_start(actor=cw.officer_a, ticket=ticket),
        lambda: tickets.ticket_start(actor=cw.officer_a, ticket=ticket),
    )
    _one_wins(results, Ticket)
    assert Ticket.objects.get(pk=ticket.pk).status == TicketStatus.IN_PROGRESS
    assert TicketEvent.objects.filter(ticket=ticket, kind="started").count() == 1


def test_confirm_and_reopen_at_once(shared_cw):
    cw = shared_cw
    ticket = tickets.ticket_start(actor=cw.officer_a, ticket=raise_ticket(cw))
    ticket = tickets.ticket_resolve(actor=cw.officer_a, ticket=ticket, resolution="已办结进场手续")
    results = _parallel(
        lambda: tickets.ticket_confirm(actor=cw.manager_a, ticket=ticket, rating=5),
        lambda: tickets.ticket_reopen(actor=cw.manager_a, ticket=ticket, reason="还有工人没进场"),
    )
    _one_wins(results, Ticket)
    assert Ticket.objects.get(pk=ticket.pk).status in (
        TicketStatus.CONFIRMED,
        TicketStatus.REOPENED,
    )


def test_approve_and_refuse_at_once(shared_cw):
    cw = shared_cw
    vehicle_pass = apply_pass(cw)
    results = _parallel(
        lambda: passes.pass_approve(actor=cw.officer_a, vehicle_pass=vehicle_pass),
        lambda: passes.pass_refuse(
            actor=cw.admin, vehicle_pass=vehicle_pass, reason="路线经过学校"
        ),
    )
    _one_wins(results, VehiclePass)
    assert VehiclePass.objects.get(pk=vehicle_pass.pk).status in (
        PassStatus.APPROVED,
        PassStatus.REFUSED,
    )
