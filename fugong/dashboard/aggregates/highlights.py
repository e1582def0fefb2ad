"""The day's highlights (当日要情) for the bulletin: stop-work orders issued, inspections
that required rectification, sites that reported fevers, overdue tickets. Read over the
apps' public querysets (`visible_to`), narrowed to the viewpoint's area; each source only
when its app is installed and the viewer may see it."""

from __future__ import annotations

from django.apps import apps
from django.utils.translation import gettext as _

LIMIT = 10  # per kind


def day_highlights(view) -> list[str]:
    user, date = view.user, view.date
    lines: list[str] = []
    if apps.is_installed("fugong.supervision"):
        from fugong.supervision.choices import InspectionResult, InspectionStatus
        from fugong.supervision.models import Inspection, StopWorkOrder

        if user.has_perm("supervision.view_stopworkorder"):
            for name, district in (
                view.within(StopWorkOrder.objects.visible_to(user), "project__region")
                .filter(issued_at__date=date, archived_at__isnull=True)
                .order_by("issued_at")
                .values_list("project__name", "project__region__name")[:LIMIT]
            ):
                lines.append(
                    _("Stop-work order issued: %(project)s (%(district)s).")
                    % {"project": name, "district": district}
                )
        if user.has_perm("supervision.view_inspection"):
            for name, result in (
                view.within(Inspection.objects.visible_to(user), "project__region")
                .filter(
                    planned_on=date,
                    status=InspectionStatus.COMPLETED,
                    result=InspectionResult.RECTIFY,
                    archived_at__isnull=True,
                )
                .order_by("id")
                .values_list("project__name", "result")[:LIMIT]
            ):
                lines.append(
                    _("Inspection of %(project)s: %(result)s.")
                    % {"project": name, "result": InspectionResult(result).label}
                )
    if apps.is_installed("fugong.construction") and user.has_perm("construction.view_dailyreport"):
        from fugong.construction.models import DailyReport

        for name, fevers in (
            view.within(DailyReport.objects.visible_to(user), "project__region")
            .filter(date=date, fevers__gt=0, archived_at__isnull=True)
            .order_by("-fevers", "project__name")
            .values_list("project__name", "fevers")[:LIMIT]
        ):
            lines.append(
                _("%(project)s reported %(fevers)s fevers.") % {"project": name, "fevers": fevers}
            )
    if apps.is_installed("fugong.coordination") and user.has_perm("coordination.view_ticket"):
        from fugong.coordination.models import Ticket

        overdue = view.within(Ticket.objects.visible_to(user), "project__region").overdue()
        count = overdue.count()
        if count:
            lines.append(_("%(count)s coordination tickets are overdue.") % {"count": count})
    return lines
