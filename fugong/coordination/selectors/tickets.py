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


def ticket_counts(queryset, *, day=None) -> dict:
    """The dashboard's figures over `queryset` (already scoped, maybe narrowed to an
    area), in one query: open, overdue, resolved (or confirmed), raised on `day`, and
    open per category as `open_<category>`."""
    from django.db.models import Count, Q
    from django.utils import timezone

    from fugong.coordination.choices import TicketCategory
    from fugong.coordination.models.tickets import OPEN_STATUSES

    is_open = Q(status__in=OPEN_STATUSES)
    return queryset.aggregate(
        open=Count("id", filter=is_open),
        overdue=Count("id", filter=is_open & Q(due_at__lt=timezone.now())),
        resolved=Count("id", filter=Q(status__in=(TicketStatus.RESOLVED, TicketStatus.CONFIRMED))),
        raised_today=Count("id", filter=Q(created_at__date=day or timezone.localdate())),
        **{
            f"open_{value}": Count("id", filter=is_open & Q(category=value))
            for value in TicketCategory.values
        },
    )


def ticket_summary(user, *, day=None) -> dict:
    """`ticket_counts` of everything the user may see, with the median hours to resolve."""
    qs = Ticket.objects.visible_to(user, "view")
    return {
        **ticket_counts(qs, day=day),
        "median_hours_to_resolve": median_hours_to_resolve(queryset=qs),
    }
