"""Supervision of one project, as its page shows it (through construction's hooks)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from fugong.supervision.choices import FindingStatus
from fugong.supervision.models import Inspection, StopWorkOrder
from fugong.supervision.selectors.rectification import OPEN, findings_for, orders_in_force

RECENT_INSPECTIONS = 5


@dataclass
class ProjectSupervision:
    inspections: int
    recent: list
    open_findings: int
    overdue_findings: int
    orders: list


def project_supervision(user, project) -> ProjectSupervision | None:
    """What `user` may see of the project's inspections, findings and stop-work orders;
    None when the user may see none of the three kinds. Four queries."""
    may_see = {
        model: user.has_perm(f"supervision.view_{model._meta.model_name}")
        for model in (Inspection, StopWorkOrder)
    }
    sees_findings = user.has_perm("supervision.view_finding")
    if not (any(may_see.values()) or sees_findings):
        return None
    inspections = recent = []
    count = 0
    if may_see[Inspection]:
        inspections = Inspection.objects.visible_to(user).filter(
            project=project, archived_at__isnull=True
        )
        count = inspections.count()
        recent = list(inspections.order_by("-planned_on", "-pk")[:RECENT_INSPECTIONS])
    findings = {"open": 0, "overdue": 0}
    if sees_findings:
        findings = (
            findings_for(user)
            .filter(project=project)
            .aggregate(
                open=Count("pk", filter=Q(status__in=OPEN)),
                overdue=Count("pk", filter=Q(is_overdue=True, status=FindingStatus.NOTICE_ISSUED)),
            )
        )
    orders = []
    if may_see[StopWorkOrder]:
        orders = list(orders_in_force(user).filter(project=project).order_by("-issued_at"))
    return ProjectSupervision(
        inspections=count,
        recent=recent,
        open_findings=findings["open"],
        overdue_findings=findings["overdue"],
        orders=orders,
    )
