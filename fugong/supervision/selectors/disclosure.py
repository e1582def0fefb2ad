"""Public disclosure (一公开) of inspection results and stop-work orders: what the public
pages and the dashboard show, with personal data masked (inspectors by surname only)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q

from fugong.supervision.choices import InspectionStatus, Severity, StopWorkStatus
from fugong.supervision.models import Inspection, Inspector, StopWorkOrder


def mask_name(name: str) -> str:
    """王胜利 → 王**; an ASCII name keeps its first letter."""
    name = (name or "").strip()
    if not name:
        return ""
    return name[0] + "*" * max(1, min(len(name) - 1, 3))


@dataclass(frozen=True)
class DisclosedInspection:
    number: str
    date: datetime.date
    project: str
    district: str
    kind: str
    field: str
    result: str
    result_code: str
    general_findings: int
    major_findings: int
    inspectors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class DisclosedStopWork:
    number: str
    project: str
    district: str
    issued_on: datetime.date
    status: str
    status_code: str
    lifted_on: datetime.date | None


def disclosed_inspections(*, since: datetime.date | None = None, district=None):
    """Completed inspections, newest first, as public rows (no personal data)."""
    qs = Inspection.objects.filter(status=InspectionStatus.COMPLETED, archived_at__isnull=True)
    if since is not None:
        qs = qs.filter(planned_on__gte=since)
    if district is not None:
        qs = qs.filter(project__region__path__startswith=district.path)
    qs = (
        qs.select_related("project", "project__region")
        .prefetch_related(Prefetch("inspectors", queryset=Inspector.objects.select_related("user")))
        .annotate(
            general=Count(
                "findings",
                filter=Q(findings__severity=Severity.GENERAL, findings__archived_at__isnull=True),
            ),
            major=Count(
                "findings",
                filter=Q(findings__severity=Severity.MAJOR, findings__archived_at__isnull=True),
            ),
        )
        .order_by("-planned_on", "-id")
    )
    return qs


def as_disclosed(inspection) -> DisclosedInspection:
    return DisclosedInspection(
        number=inspection.number or "",
        date=inspection.planned_on,
        project=inspection.project.name,
        district=inspection.project.region.name,
        kind=inspection.get_kind_display(),
        field=inspection.get_field_display(),
        result=inspection.get_result_display(),
        result_code=inspection.result,
        general_findings=inspection.general,
        major_findings=inspection.major,
        inspectors=[mask_name(i.display_name) for i in inspection.inspectors.all()],
    )


def disclosed_stop_work_orders(*, in_force_only: bool = False, district=None):
    qs = StopWorkOrder.objects.filter(archived_at__isnull=True)
    if in_force_only:
        qs = qs.filter(status=StopWorkStatus.IN_FORCE)
    if district is not None:
        qs = qs.filter(project__region__path__startswith=district.path)
    return qs.select_related("project", "project__region").order_by("-issued_at", "-id")


def as_disclosed_order(order) -> DisclosedStopWork:
    from django.utils import timezone

    return DisclosedStopWork(
        number=order.number or "",
        project=order.project.name,
        district=order.project.region.name,
        issued_on=timezone.localtime(order.issued_at).date(),
        status=order.get_status_display(),
        status_code=order.status,
        lifted_on=timezone.localtime(order.lifted_at).date() if order.lifted_at else None,
    )
