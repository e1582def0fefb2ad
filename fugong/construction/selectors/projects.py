"""Reads of projects: what pages, the API, the dashboard and supervision show.

Selectors take objects the caller already fetched within the user's scope (or querysets
already narrowed by `visible_to`); they never write.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Max, Q, Sum
from django.utils import timezone

from fugong.construction.models import (
    DailyReport,
    Project,
    ProjectContact,
    ProjectEvent,
    ProjectTarget,
)

ZERO = Decimal("0.00")
SHARE_PLACES = Decimal("0.0001")


def projects_visible_to(user, action: str = "view"):
    return Project.objects.visible_to(user, action).select_related(
        "region", "builder", "contractor", "supervisor"
    )


def project_contacts(project: Project, *, user=None):
    """The responsible persons in force (not archived), one per role; scoped when `user`
    is given (a user without `view_projectcontact` gets none)."""
    qs = ProjectContact.objects.all() if user is None else ProjectContact.objects.visible_to(user)
    return qs.filter(project=project, archived_at__isnull=True).order_by("role", "pk")


def project_timeline(project: Project, *, limit: int = 50):
    """The typed timeline, newest first."""
    return ProjectEvent.objects.filter(project=project).select_related("actor")[:limit]


def project_output_summary(project: Project, *, as_of: datetime.date | None = None) -> dict:
    """The cumulative output value (10,000 yuan) from the daily reports up to `as_of`
    (default: today, Asia/Shanghai) against each output-value target in force.

    For each target, `achieved` is the output reported up to its due date (or to `as_of`
    while it is still ahead): a target is `reached` when that is at least its value, so
    an earlier target that was missed stays missed even after the total later passes it.
    `share` is achieved / value (4 places, may exceed 1); `percent` is the same for a
    progress bar, 0-100.

    Two queries: one for the targets, one aggregate over the reports.
    """
    as_of = as_of or timezone.localdate()
    targets = list(
        ProjectTarget.objects.filter(project=project, archived_at__isnull=True).order_by(
            "due_date", "pk"
        )
    )
    reports = DailyReport.objects.filter(project=project, archived_at__isnull=True)
    aggregates = {
        "cumulative": Sum("output_value", filter=Q(date__lte=as_of)),
        "last_report_date": Max("date", filter=Q(date__lte=as_of)),
    }
    for target in targets:
        aggregates[f"t{target.pk}"] = Sum(
            "output_value", filter=Q(date__lte=min(target.due_date, as_of))
        )
    totals = reports.aggregate(**aggregates)
    cumulative = totals["cumulative"] or ZERO
    rows = []
    for target in targets:
        achieved = totals[f"t{target.pk}"] or ZERO
        share = (achieved / target.value).quantize(SHARE_PLACES, ROUND_HALF_UP)
        reached = achieved >= target.value
        rows.append(
            {
                "id": target.pk,
                "due_date": target.due_date,
                "value": target.value,
                "note": target.note,
                "achieved": achieved,
                "reached": reached,
                "share": share,
                "percent": max(0, min(100, int(share * 100))),
                "overdue": target.due_date < as_of and not reached,
                "remaining": max(ZERO, target.value - achieved),
            }
        )
    return {
        "as_of": as_of,
        "cumulative": cumulative,
        "last_report_date": totals["last_report_date"],
        "targets": rows,
    }
