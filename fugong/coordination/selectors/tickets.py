"""Reads of coordination tickets: the three inboxes and the figures the dashboard shows."""

from __future__ import annotations

import statistics

from django.db.models import Prefetch

from fugong.coordination.choices import TicketStatus
from fugong.coordination.models import Ticket, TicketEvent, TicketRoute


def tickets_visible_to(user, action: str = "view"):
    return Ticket.objects.visible_to(user, action).select_related(
        "project__region", "enterprise", "department", "assignee"
    )


def ticket_with_details(queryset):
    return queryset.select_related(
        "project__region",
        "enterprise",
        "department",
        "route",
        "assignee",
        "raised_by",
        "resolved_by",
    ).prefetch_related(Prefetch("events", TicketEvent.objects.select_related("actor")))


def routes():
    return TicketRoute.objects.select_related("department").order_by("category")


def median_hours_to_resolve(user=None, *, queryset=None, since=None) -> float | None:
    """Median hours from raising to (the latest) resolution, over the resolved and
    confirmed tickets the user may see (or `queryset`); None when none is resolved."""
    qs = queryset if queryset is not None else Ticket.objects.visible_to(user, "view")
    qs = qs.filter(
        status__in=(TicketStatus.RESOLVED, TicketStatus.CONFIRMED), resolved_at__isnull=False
    )
    if since is not None:
        qs = qs.filter(created_at__gte=since)
    durations = [
        (resolved - created).total_seconds() / 3600
        for created, resolved in qs.values_list("created_at", "resolved_at").iterator()
    ]
    return round(statistics.median(durations), 1) if durations else None


def overdue_count(user) -> int:
    return Ticket.objects.visible_to(user, "view").overdue().count()


def ticket_summary(user) -> dict:
    """What the dashboard shows of the tickets the user may see: counts by status and by
    category, how many are overdue, and the median hours to resolve."""
    from django.db.models import Count

    qs = Ticket.objects.visible_to(user, "view")
    by_status = dict(qs.values_list("status").annotate(n=Count("id")).order_by())
    by_category = dict(qs.values_list("category").annotate(n=Count("id")).order_by())
    return {
        "by_status": {s: by_status.get(s, 0) for s in TicketStatus.values},
        "by_category": by_category,
        "overdue": qs.overdue().count(),
        "median_hours_to_resolve": median_hours_to_resolve(queryset=qs),
    }
