"""The gates' figures for the command dashboard (门岗/卡点、出入登记): gates in use, and the
passages of a day with the fevers and quarantine alerts among them, over `visible_to`
querysets narrowed to an area. The passages are counted through their time index: one
range of the day, however many millions are kept. Three queries; numbers only (the
dashboard labels them)."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q

from fugong.common.days import day_bounds
from fugong.gates.models import Checkpoint, Passage

__all__ = ["day_bounds", "gate_figures"]


def gate_figures(user, *, date: datetime.date, area=None) -> dict | None:
    """`None` without `gates.view_checkpoint`; else `gates` (active gates) and the day's
    `passages`, `fevers` and `alerts` (None each without `gates.view_passage`)."""
    if not user.has_perm("gates.view_checkpoint"):
        return None
    gates = Checkpoint.objects.visible_to(user).filter(is_active=True)
    if area is not None:
        gates = gates.filter(compound__path__startswith=area.path)
    figures = {"gates": gates.count(), "passages": None, "fevers": None, "alerts": None}
    if user.has_perm("gates.view_passage"):
        start, end = day_bounds(date)
        passages = Passage.objects.visible_to(user)
        narrowed = area is not None or passages.query.has_filters()
        passages = passages.filter(at__gte=start, at__lt=end)
        if area is not None:
            passages = passages.filter(checkpoint__compound__path__startswith=area.path)
        if narrowed:
            # The gates whose passages are in reach, by the same rule (both are scoped by
            # the compound): the day of a community's few gates through the (gate, time)
            # index, instead of joining every passage of the city's day.
            reach = Checkpoint.objects.visible_to(user, "gates.view_passage")
            if area is not None:
                reach = reach.filter(compound__path__startswith=area.path)
            passages = passages.filter(checkpoint__in=reach.values("pk"))
        # The day's count from the time index alone; the fevers and alerts, a few of the
        # day's passages, apart (an index of those alone can serve them).
        figures["passages"] = passages.count()
        figures.update(
            passages.filter(Q(fever=True) | Q(quarantine_alert=True)).aggregate(
                fevers=Count("id", filter=Q(fever=True)),
                alerts=Count("id", filter=Q(quarantine_alert=True)),
            )
        )
    return figures
