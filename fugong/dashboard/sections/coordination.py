"""The coordination panel (协调事项): coordination's figures
(`coordination.selectors.figures`) labelled, linked to the lists behind them and charted."""

from __future__ import annotations

from django.utils.translation import gettext as _

from fugong.dashboard.panels import Chart, Figure, Panel, Point, Series, link


def tickets_panel(view) -> Panel | None:
    from fugong.coordination.choices import TicketCategory, TicketStatus
    from fugong.coordination.selectors.figures import ticket_figures

    counts = ticket_figures(view.user, date=view.date, area=view.area)
    if counts is None:
        return None
    median = counts["median_hours"]
    district = view.area.pk if view.area and view.area.level == "district" else ""
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
