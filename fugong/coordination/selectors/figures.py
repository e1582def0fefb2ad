"""Coordination's figures for the command dashboard (协调事项): tickets open, overdue,
resolved, raised on the day, open per category (`ticket_counts`, one query) and the median
time to resolve, over `Ticket.objects.visible_to` narrowed to an area. Numbers only: the
dashboard labels them."""

from __future__ import annotations

import datetime

from fugong.coordination.models import Ticket
from fugong.coordination.selectors.tickets import median_hours_to_resolve, ticket_counts


def ticket_figures(user, *, date: datetime.date, area=None) -> dict | None:
    """`None` without `coordination.view_ticket`; else the counts of `ticket_counts`
    (`open`, `overdue`, `resolved`, `raised_today` for `date`, `open_<category>`) and
    `median_hours` (None when nothing is resolved)."""
    if not user.has_perm("coordination.view_ticket"):
        return None
    tickets = Ticket.objects.visible_to(user)
    if area is not None:
        tickets = tickets.filter(project__region__path__startswith=area.path)
    counts = ticket_counts(tickets, day=date)
    counts["median_hours"] = median_hours_to_resolve(queryset=tickets)
    return counts
