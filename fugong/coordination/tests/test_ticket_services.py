"""Tickets: routing by category and deadline, the lifecycle, guards, bad input, audit,
timeline, notifications, and that two transitions from the same read cannot both win."""

import datetime

import pytest
from django.utils import timezone

from fugong.audit.models import ChangeLog
from fugong.common.errors import Conflict, Forbidden, FugongError, NotFound
from fugong.coordination.choices import TicketCategory, TicketEventKind, TicketStatus
from fugong.coordination.models import Ticket
from fugong.coordination.selectors.tickets import median_hours_to_resolve
from fugong.coordination.services import tickets as services
from fugong.coordination.services.base import transition
from fugong.coordination.tests.helpers import build_coordination_world, raise_ticket
from fugong.messaging.models import InAppMessage


@pytest.fixture
def cw(db):
    return build_coordination_world()


def _kinds(ticket):
    return [e.kind for e in ticket.events.order_by("time", "id")]


def test_a_ticket_is_routed_by_category_with_its_deadline(cw, django_capture_on_commit_callbacks):
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        ticket = raise_ticket(cw, category=TicketCategory.MATERIALS, title="商砼供应不足")
    assert ticket.department == cw.city_department
    assert ticket.enterprise == cw.enterprise_a
    assert ticket.status == TicketStatus.OPEN
    hours = (ticket.due_at - before).total_seconds() / 3600
    assert 47.9 < hours < 48.1
    assert _kinds(ticket) == [TicketEventKind.RAISED, TicketEventKind.ROUTED]
    assert ChangeLog.objects.for_object(ticket).count() == 1
    assert InAppMessage.objects.filter(recipient=cw.city_officer, kind="ticket_raised").exists()


def test_district_route_and_the_default_route(cw):
    workers = raise_ticket(cw, category=TicketCategory.WORKERS)
    assert workers.department == cw.department_a
    assert round((workers.due_at - workers.created_at).total_seconds() / 86400) == 2
    other = raise_ticket(cw, category=TicketCategory.FUNDING, title="工程款拨付")
    assert other.department == cw.department_a and other.route is None
    assert round((other.due_at - other.created_at).total_seconds() / 86400) == 3


def test_the_whole_lifecycle(cw, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ticket = raise_ticket(cw, category=TicketCategory.MATERIALS, title="商砼供应不足")
        ticket = services.ticket_start(actor=cw.city_officer, ticket=ticket)
        assert ticket.assignee == cw.city_officer and ticket.status == TicketStatus.IN_PROGRESS
        ticket = services.ticket_resolve(
            actor=cw.city_officer, ticket=ticket, resolution="已协调恒达搅拌站每日供应200方"
        )
        ticket = services.ticket_reopen(
            actor=cw.manager_a, ticket=ticket, reason="仍差100方没有着落"
        )
        assert ticket.status == TicketStatus.REOPENED and ticket.reopen_count == 1
        ticket = services.ticket_start(actor=cw.city_officer, ticket=ticket)
        ticket = services.ticket_resolve(
            actor=cw.city_officer, ticket=ticket, resolution="另协调建业搅拌站补足100方"
        )
        ticket = services.ticket_confirm(
            actor=cw.manager_a, ticket=ticket, rating=4, comment="及时"
        )
    assert ticket.status == TicketStatus.CONFIRMED and ticket.rating == 4
    assert _kinds(ticket) == [
        "raised",
        "routed",
        "started",
        "resolved",
        "reopened",
        "started",
        "resolved",
        "confirmed",
    ]
    assert ChangeLog.objects.for_object(ticket).count() == 7
    kinds = set(InAppMessage.objects.filter(recipient=cw.manager_a).values_list("kind", flat=True))
    assert {"ticket_started", "ticket_resolved"} <= kinds
    assert InAppMessage.objects.filter(recipient=cw.city_officer, kind="ticket_confirmed").exists()
    assert median_hours_to_resolve(cw.admin) is not None


def test_assign_only_to_the_departments_officers(cw):
    ticket = raise_ticket(cw)
    with pytest.raises(FugongError) as info:
        services.ticket_assign(actor=cw.officer_a, ticket=ticket, assignee=cw.city_officer)
    assert info.value.code == "invalid_assignee"
    ticket = services.ticket_assign(actor=cw.officer_a, ticket=ticket, assignee=cw.officer_a)
    assert ticket.assignee == cw.officer_a and ticket.status == TicketStatus.OPEN


@pytest.mark.parametrize("rating", [0, 6, "five", None, 3.5, True])
def test_a_rating_out_of_range_changes_nothing(cw, rating):
    ticket = raise_ticket(cw)
    ticket = services.ticket_start(actor=cw.officer_a, ticket=ticket)
    ticket = services.ticket_resolve(actor=cw.officer_a, ticket=ticket, resolution="已办结进场手续")
    with pytest.raises(FugongError) as info:
        services.ticket_confirm(actor=cw.manager_a, ticket=ticket, rating=rating)
    assert info.value.code == "invalid_rating" and "rating" in info.value.fields
    assert Ticket.objects.get(pk=ticket.pk).status == TicketStatus.RESOLVED


def test_wrong_state_and_wrong_side_are_refused(cw):
    ticket = raise_ticket(cw)
    with pytest.raises(FugongError) as info:
        services.ticket_resolve(actor=cw.officer_a, ticket=ticket, resolution="已处理完毕了")
    assert info.value.code == "invalid_transition"
    with pytest.raises(FugongError):
        services.ticket_confirm(actor=cw.manager_a, ticket=ticket, rating=5)
    # The enterprise does not handle; another district's officer does not see it.
    with pytest.raises(Forbidden):
        services.ticket_start(actor=cw.manager_a, ticket=ticket)
    with pytest.raises(NotFound):
        services.ticket_start(actor=cw.officer_b, ticket=ticket)
    # A department officer handles only what is routed to their department.
    with pytest.raises(NotFound):
        services.ticket_start(actor=cw.city_officer, ticket=ticket)
    assert Ticket.objects.get(pk=ticket.pk).status == TicketStatus.OPEN


def test_a_ticket_for_another_enterprises_project_is_refused(cw):
    with pytest.raises(FugongError) as info:
        raise_ticket(cw, project=cw.project_b)
    assert "project" in info.value.fields
    assert not Ticket.objects.exists()


@pytest.mark.parametrize(
    ("field", "extra"),
    [
        ("title", {"title": "  "}),
        ("category", {"category": "weather"}),
        ("title", {"title": "x" * 121}),
    ],
)
def test_bad_input_is_refused_field_by_field(cw, field, extra):
    with pytest.raises(FugongError) as info:
        raise_ticket(cw, **extra)
    assert field in info.value.fields
    assert not Ticket.objects.exists()


def test_a_double_submitted_form_raises_one_ticket(cw):
    raise_ticket(cw, submission_key="abc123")
    with pytest.raises(FugongError) as info:
        raise_ticket(cw, submission_key="abc123")
    assert info.value.code == "duplicate"
    assert Ticket.objects.count() == 1


def test_two_transitions_from_the_same_read_cannot_both_win(cw):
    ticket = raise_ticket(cw)
    stale = Ticket.objects.get(pk=ticket.pk)
    services.ticket_start(actor=cw.officer_a, ticket=ticket)
    # The second writer read the ticket before the first wrote: its conditional write fails.
    with pytest.raises(Conflict):
        transition(stale, allowed=(TicketStatus.OPEN,), to_status=TicketStatus.IN_PROGRESS)
    with pytest.raises(Conflict):
        services.ticket_assign(
            actor=cw.officer_a, ticket=ticket, assignee=cw.officer_a, expected_version=stale.version
        )
    assert Ticket.objects.get(pk=ticket.pk).version == stale.version + 1


def test_overdue_tickets_are_flagged(cw):
    late = raise_ticket(cw, title="逾期事项")
    Ticket.objects.filter(pk=late.pk).update(due_at=timezone.now() - datetime.timedelta(hours=1))
    raise_ticket(cw, title="未逾期")
    assert list(Ticket.objects.overdue().values_list("title", flat=True)) == ["逾期事项"]
    assert Ticket.objects.get(pk=late.pk).is_overdue


def test_median_time_to_resolve(cw):
    now = timezone.now()
    for hours in (2, 10, 30):
        ticket = raise_ticket(cw, title=f"事项{hours}")
        Ticket.objects.filter(pk=ticket.pk).update(
            status=TicketStatus.RESOLVED,
            created_at=now - datetime.timedelta(hours=hours),
            resolved_at=now,
        )
    raise_ticket(cw, title="未解决")
    assert median_hours_to_resolve(cw.admin) == 10.0
    assert median_hours_to_resolve(cw.officer_b) is None  # another district: nothing


def test_a_misrouted_ticket_is_passed_on(cw, django_capture_on_commit_callbacks):
    ticket = raise_ticket(cw, category=TicketCategory.MATERIALS, title="资金拨付问题")
    ticket = services.ticket_start(actor=cw.city_officer, ticket=ticket)
    with pytest.raises(FugongError) as info:
        services.ticket_transfer(
            actor=cw.city_officer, ticket=ticket, department=cw.enterprise_b, reason="不属于本科室"
        )
    assert "department" in info.value.fields
    with pytest.raises(FugongError) as info:
        services.ticket_transfer(
            actor=cw.city_officer, ticket=ticket, department=cw.department_a, reason=""
        )
    assert "reason" in info.value.fields
    with django_capture_on_commit_callbacks(execute=True):
        ticket = services.ticket_transfer(
            actor=cw.city_officer,
            ticket=ticket,
            department=cw.department_a,
            reason="属区里的拨付事项",
        )
    assert ticket.department == cw.department_a and ticket.assignee is None
    assert ticket.status == TicketStatus.OPEN
    assert InAppMessage.objects.filter(recipient=cw.officer_a, kind="ticket_transferred").exists()
    # The sender no longer sees it; the new department does.
    with pytest.raises(NotFound):
        services.ticket_start(actor=cw.city_officer, ticket=ticket)
    assert (
        services.ticket_start(actor=cw.officer_a, ticket=ticket).status == TicketStatus.IN_PROGRESS
    )


def test_the_dashboard_summary(cw):
    from fugong.coordination.selectors.tickets import ticket_summary

    raise_ticket(cw)
    raise_ticket(cw, project=cw.project_b, actor=cw.manager_b, title="乙方")
    summary = ticket_summary(cw.officer_a)
    assert summary["open"] == 1 and summary["overdue"] == 0 and summary["open_workers"] == 1
    assert summary["raised_today"] == 1 and summary["median_hours_to_resolve"] is None
    assert ticket_summary(cw.admin)["open"] == 2
