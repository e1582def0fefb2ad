"""Coordination's dashboard figures on a tiny generated city: the counts of the tickets,
scoped (a district officer's are the city's narrowed to the district; an enterprise sees
its own projects' tickets), additive over districts, nothing without the permission."""

import statistics

import pytest
from django.utils import timezone

from fugong.common.generate.testing import tiny_city
from fugong.coordination.choices import TicketStatus
from fugong.coordination.models import Ticket
from fugong.coordination.models.tickets import OPEN_STATUSES
from fugong.coordination.selectors.figures import ticket_figures

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    return tiny_city()


def test_the_leader_counts_every_ticket(city):
    f = ticket_figures(city.leader, date=timezone.localdate())
    assert f["open"] == Ticket.objects.filter(status__in=OPEN_STATUSES).count()
    assert f["overdue"] == Ticket.objects.overdue().count()
    resolved = Ticket.objects.filter(status__in=(TicketStatus.RESOLVED, TicketStatus.CONFIRMED))
    assert f["resolved"] == resolved.count() > 0
    hours = [(t.resolved_at - t.created_at).total_seconds() / 3600 for t in resolved]
    assert f["median_hours"] == round(statistics.median(hours), 1)


def test_scoped_and_additive(city):
    today = timezone.localdate()
    mine = ticket_figures(city.officer, date=today)
    assert mine == ticket_figures(city.leader, date=today, area=city.district)
    whole = ticket_figures(city.leader, date=today)
    parts = [ticket_figures(city.leader, date=today, area=d) for d in city.districts]
    for key in ("open", "overdue", "resolved", "raised_today"):
        assert whole[key] == sum(p[key] for p in parts), key
    theirs = ticket_figures(city.enterprise, date=today)
    assert (
        theirs["open"]
        == Ticket.objects.visible_to(city.enterprise).filter(status__in=OPEN_STATUSES).count()
    )
    assert theirs["open"] <= whole["open"]


def test_nothing_without_the_permission(city):
    assert not city.cadre.has_perm("coordination.view_ticket")
    assert ticket_figures(city.cadre, date=timezone.localdate()) is None


def test_the_median_hours_odd_and_even(city):
    """The database's median (PostgreSQL's percentile_cont, SQLite's middle rows) is the
    one of the durations in Python, with one middle value or two."""
    today = timezone.localdate()
    resolved = Ticket.objects.filter(
        status__in=(TicketStatus.RESOLVED, TicketStatus.CONFIRMED), resolved_at__isnull=False
    ).order_by("pk")
    for _n in range(2):  # one resolution undone: the other parity
        hours = [(t.resolved_at - t.created_at).total_seconds() / 3600 for t in resolved.all()]
        assert len(hours) > 1
        # rounded to 0.1 h from the database's floating point (julianday on SQLite)
        median = ticket_figures(city.leader, date=today)["median_hours"]
        assert median == pytest.approx(statistics.median(hours), abs=0.0501)
        Ticket.objects.filter(pk=resolved.all().last().pk).update(status=TicketStatus.OPEN)
