"""Care's figures for the command dashboard (居家隔离、代购代办、消杀、防疫物资): care's own
summary (`care_summary`) within an area, with the fevers of a given day among people in
quarantine (counted only for those who may see health checks: readings are personal
data). Numbers only: the dashboard labels them."""

from __future__ import annotations

import datetime

from django.utils import timezone

from fugong.care.models.quarantine import FEVER
from fugong.care.selectors import care_summary, health_checks_visible_to


def care_figures(user, *, date: datetime.date, area=None) -> dict | None:
    """`None` without `care.view_quarantine`; else `care_summary` (people in quarantine,
    overdue checks, errands, disinfection coverage, low supplies) with `fevers`: the
    health checks of `date` at or above 37.3 °C."""
    if not user.has_perm("care.view_quarantine"):
        return None
    figures = care_summary(user, area)
    fevers = 0
    if date == timezone.localdate():
        fevers = figures["fevers_today"]  # counted by the summary, within the same scope
    elif user.has_perm("care.view_healthcheck"):
        checks = health_checks_visible_to(user).filter(date=date, temperature__gte=FEVER)
        if area is not None:
            checks = checks.filter(
                quarantine__resident__household__building__path__startswith=area.path
            )
        fevers = checks.count()
    figures["fevers"] = fevers
    figures["coverage"] = (
        round(100 * figures["buildings_disinfected"] / figures["buildings"], 1)
        if figures["buildings"]
        else None
    )
    return figures
