"""Reads of coordination tickets: the three inboxes and the figures the dashboard shows."""

from __future__ import annotations

from django.db import NotSupportedError, connections
from django.db.models import Aggregate, Count, F, FloatField, Func, Prefetch, Window
from django.db.models.functions import RowNumber

from fugong.common.days import day_bounds
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
    confirmed tickets the user may see (or `queryset`); None when none is resolved.
    Computed by the database: `percentile_cont` on PostgreSQL; on SQLite the middle one
    or two of the durations in order (a window over them), in one statement."""
    qs = queryset if queryset is not None else Ticket.objects.visible_to(user, "view")
    qs = qs.filter(
        status__in=(TicketStatus.RESOLVED, TicketStatus.CONFIRMED), resolved_at__isnull=False
    )
    if since is not None:
        qs = qs.filter(created_at__gte=since)
    qs = qs.order_by()
    if connections[qs.db].vendor == "postgresql":
        median = qs.aggregate(m=_Median(_HoursToResolve()))["m"]
        return round(median, 1) if median is not None else None
    middle = list(
        qs.annotate(
            hours=_HoursToResolve(),
            n=Window(Count("*")),
            rank=Window(RowNumber(), order_by=[F("hours").asc(), F("pk").asc()]),
        )
        .filter(rank__gte=(F("n") + 1) / 2, rank__lte=F("n") / 2 + 1)
        .values_list("hours", flat=True)
    )
    return round(sum(middle) / len(middle), 1) if middle else None


class _HoursToResolve(Func):
    """Hours from `created_at` to `resolved_at`, computed by the database."""

    output_field = FloatField()

    def __init__(self):
        super().__init__(F("resolved_at"), F("created_at"))

    def as_sql(self, compiler, connection, **extra):
        if "template" not in extra:
            raise NotSupportedError(f"hours to resolve on {connection.vendor}")
        return super().as_sql(compiler, connection, **extra)

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="EXTRACT(EPOCH FROM (%(expressions)s)) / 3600",
            arg_joiner=" - ",
            **extra,
        )

    def as_sqlite(self, compiler, connection, **extra):
        # Django keeps datetimes on SQLite as ISO text in UTC, which julianday() reads.
        return self.as_sql(
            compiler,
            connection,
            template="(julianday(%(expressions)s)) * 24",
            arg_joiner=") - julianday(",
            **extra,
        )


class _Median(Aggregate):
    """PostgreSQL's continuous median (`percentile_cont(0.5)`)."""

    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


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
    start, end = day_bounds(day or timezone.localdate())
    return queryset.aggregate(
        open=Count("id", filter=is_open),
        overdue=Count("id", filter=is_open & Q(due_at__lt=timezone.now())),
        resolved=Count("id", filter=Q(status__in=(TicketStatus.RESOLVED, TicketStatus.CONFIRMED))),
        raised_today=Count("id", filter=Q(created_at__gte=start, created_at__lt=end)),
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
