"""Supervision's figures for the command dashboard (监督检查): inspections done, findings
open and overdue, stop-work orders — counted over `visible_to` querysets, narrowed to an
area (a region's subtree), in three queries. Numbers only: the dashboard labels them."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from fugong.common.days import day_bounds
from fugong.supervision.choices import (
    FindingStatus,
    InspectionResult,
    InspectionStatus,
    StopWorkStatus,
)
from fugong.supervision.models import Finding, Inspection, StopWorkOrder

WEEK = 7
OPEN_FINDINGS = (FindingStatus.NOTICE_ISSUED, FindingStatus.REPLIED)


def _within(queryset, area, lookup: str = "project__region"):
    return queryset.filter(**{f"{lookup}__path__startswith": area.path}) if area else queryset


def supervision_figures(user, *, date: datetime.date, area=None) -> dict | None:
    """`None` without `supervision.view_inspection`; else `inspections` (today, week,
    total and `result_<value>` of the completed inspections up to `date`), `findings`
    (open, overdue) and `orders` (in force, issued on `date`), each zero when the viewer
    may not see that kind of record."""
    if not user.has_perm("supervision.view_inspection"):
        return None
    week_start = date - datetime.timedelta(days=WEEK - 1)
    done = Q(status=InspectionStatus.COMPLETED)
    # Every count is of the inspections done up to the day: those alone are read, from
    # the "inspection_done_by_day" index.
    inspections = _within(Inspection.objects.visible_to(user), area).filter(
        done, archived_at__isnull=True, planned_on__lte=date
    )
    counts = inspections.aggregate(
        today=Count("id", filter=Q(planned_on=date)),
        week=Count("id", filter=Q(planned_on__gte=week_start)),
        total=Count("id"),
        **{
            f"result_{value}": Count("id", filter=Q(result=value))
            for value in InspectionResult.values
        },
    )
    findings = {"open": 0, "overdue": 0}
    if user.has_perm("supervision.view_finding"):
        findings = (
            _within(Finding.objects.visible_to(user), area)
            .filter(archived_at__isnull=True)
            .aggregate(
                open=Count("id", filter=Q(status__in=OPEN_FINDINGS)),
                overdue=Count(
                    "id",
                    filter=Q(
                        status=FindingStatus.NOTICE_ISSUED,
                        notice__deadline__lt=timezone.localdate(),
                    ),
                ),
            )
        )
    orders = {"in_force": 0, "issued": 0}
    if user.has_perm("supervision.view_stopworkorder"):
        start, end = day_bounds(date)
        orders = (
            _within(StopWorkOrder.objects.visible_to(user), area)
            .filter(archived_at__isnull=True)
            .aggregate(
                in_force=Count("id", filter=Q(status=StopWorkStatus.IN_FORCE)),
                issued=Count("id", filter=Q(issued_at__gte=start, issued_at__lt=end)),
            )
        )
    return {"inspections": counts, "findings": findings, "orders": orders}
