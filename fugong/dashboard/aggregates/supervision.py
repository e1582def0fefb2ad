"""Supervision figures (监督检查): inspections done, findings open and overdue, stop-work
orders. Counted here over supervision's public querysets (`visible_to`), narrowed to the
viewpoint's area; the conditional counts belong in `supervision/selectors` (see the
report of issue 7). Three queries."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from fugong.dashboard.panels import Chart, Figure, Panel, Point, Series, link

WEEK = 7


def supervision_panel(view) -> Panel | None:
    from fugong.supervision.choices import (
        FindingStatus,
        InspectionResult,
        InspectionStatus,
        StopWorkStatus,
    )
    from fugong.supervision.models import Finding, Inspection, StopWorkOrder

    user, date = view.user, view.date
    if not user.has_perm("supervision.view_inspection"):
        return None
    district = view.area.pk if view.area and view.area.level == "district" else ""
    week_start = date - datetime.timedelta(days=WEEK - 1)
    done = Q(status=InspectionStatus.COMPLETED)
    inspections = view.within(Inspection.objects.visible_to(user), "project__region").filter(
        archived_at__isnull=True
    )
    counts = inspections.aggregate(
        today=Count("id", filter=done & Q(planned_on=date)),
        week=Count("id", filter=done & Q(planned_on__gte=week_start, planned_on__lte=date)),
        total=Count("id", filter=done & Q(planned_on__lte=date)),
        **{
            f"result_{value}": Count("id", filter=done & Q(result=value, planned_on__lte=date))
            for value in InspectionResult.values
        },
    )
    findings = {"open": 0, "overdue": 0}
    if user.has_perm("supervision.view_finding"):
        findings = (
            view.within(Finding.objects.visible_to(user), "project__region")
            .filter(archived_at__isnull=True)
            .aggregate(
                open=Count(
                    "id", filter=Q(status__in=(FindingStatus.NOTICE_ISSUED, FindingStatus.REPLIED))
                ),
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
        orders = (
            view.within(StopWorkOrder.objects.visible_to(user), "project__region")
            .filter(archived_at__isnull=True)
            .aggregate(
                in_force=Count("id", filter=Q(status=StopWorkStatus.IN_FORCE)),
                issued=Count("id", filter=Q(issued_at__date=date)),
            )
        )
    ilist = "supervision:inspection_list"
    panel = Panel("supervision", _("Inspections"))
    panel.figures = [
        Figure("inspections_today", _("Inspections done today"), counts["today"],
               link(ilist, status=InspectionStatus.COMPLETED, district=district)),
        Figure("inspections_week", _("Inspections in the last 7 days"), counts["week"],
               link(ilist, status=InspectionStatus.COMPLETED, district=district)),
        Figure("findings_open", _("Findings open"), findings["open"],
               link("supervision:finding_list", status=FindingStatus.NOTICE_ISSUED,
                    district=district), tone="warn" if findings["open"] else ""),
        Figure("findings_overdue", _("Findings overdue"), findings["overdue"],
               link("supervision:finding_list", overdue="true", district=district),
               tone="danger" if findings["overdue"] else ""),
        Figure("stop_work", _("Stop-work orders in force"), orders["in_force"],
               link("supervision:stopwork_list", status=StopWorkStatus.IN_FORCE,
                    district=district), tone="danger" if orders["in_force"] else ""),
        Figure("stop_work_issued", _("Stop-work orders issued today"), orders["issued"],
               link("supervision:stopwork_list", district=district)),
    ]  # fmt: skip
    panel.headline = _(
        "%(week)s inspections in the last 7 days, %(open)s findings open (%(overdue)s "
        "overdue), %(orders)s stop-work orders in force."
    ) % {
        "week": counts["week"],
        "open": findings["open"],
        "overdue": findings["overdue"],
        "orders": orders["in_force"],
    }
    panel.charts.append(
        Chart(
            "inspection_results",
            _("Inspection results"),
            "pie",
            [
                Series(
                    _("Inspections"),
                    [
                        Point(
                            str(label),
                            counts[f"result_{value}"],
                            link(ilist, result=value, district=district),
                        )
                        for value, label in InspectionResult.choices
                        if counts[f"result_{value}"]
                    ],
                )
            ],
        )
    )
    return panel
