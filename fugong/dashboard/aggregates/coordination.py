"""Coordination figures (协调事项): tickets open, overdue, resolved, and the median time to
resolve (from coordination's selector). The conditional counts are written here over
`Ticket.objects.visible_to` narrowed to the area; they belong in
`coordination/selectors/tickets.py` (see the report of issue 7). Two queries."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from fugong.dashboard.panels import Chart, Figure, Panel, Point, Series, link


def tickets_panel(view) -> Panel | None:
    from fugong.coordination.choices import TicketCategory, TicketStatus
    from fugong.coordination.models import Ticket
    from fugong.coordination.models.tickets import OPEN_STATUSES
    from fugong.coordination.selectors.tickets import median_hours_to_resolve

    user = view.user
    if not user.has_perm("coordination.view_ticket"):
        return None
    district = view.area.pk if view.area and view.area.level == "district" else ""
    tickets = view.within(Ticket.objects.visible_to(user), "project__region")
    is_open = Q(status__in=OPEN_STATUSES)
    counts = tickets.aggregate(
        open=Count("id", filter=is_open),
        overdue=Count("id", filter=is_open & Q(due_at__lt=timezone.now())),
        resolved=Count("id", filter=Q(status__in=(TicketStatus.RESOLVED, TicketStatus.CONFIRMED))),
        raised_today=Count("id", filter=Q(created_at__date=view.date)),
        **{
            f"open_{value}": Count("id", filter=is_open & Q(category=value))
            for value in TicketCategory.values
        },
    )
    median = median_hours_to_resolve(queryset=tickets)
    tlist = "coordination:ticket_list"
    panel = Panel("tickets", _("Coordination tickets"))
    panel.figures = [
        Figure("open", _("Open"), counts["open"], link(tlist, status=TicketStatus.OPEN,
               district=district)),
        Figure("overdue", _("Overdue"), counts["overdue"], link(tlist, overdue="true",
               district=district), tone="danger" if counts["overdue"] else ""),
        Figure("resolved", _("Resolved"), counts["resolved"], link(tlist,
               status=TicketStatus.RESOLVED, district=district)),
        Figure("median_hours", _("Median time to resolve"), median, link(tlist,
               status=TicketStatus.CONFIRMED, district=district), unit=_("hours")),
        Figure("raised_today", _("Raised today"), counts["raised_today"], link(tlist,
               district=district)),
    ]  # fmt: skip
    panel.headline = _(
        "%(open)s tickets open (%(overdue)s overdue); median time to resolve: %(median)s h."
    ) % {
        "open": counts["open"],
        "overdue": counts["overdue"],
        "median": median if median is not None else "—",
    }
    panel.charts.append(
        Chart(
            "tickets_by_category",
            _("Open tickets by category"),
            "bar",
            [
                Series(
                    _("Open"),
                    [
                        Point(
                            str(label),
                            counts[f"open_{value}"],
                            link(tlist, category=value, district=district),
                        )
                        for value, label in TicketCategory.choices
                    ],
                )
            ],
        )
    )
    return panel
