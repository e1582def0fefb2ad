"""Reads of findings, notices and stop-work orders: overdue flags, the enterprise's
inbox, the timeline."""

from __future__ import annotations

import datetime

from django.db.models import BooleanField, Case, Q, Value, When
from django.utils import timezone

from fugong.supervision.choices import FindingStatus, StopWorkStatus
from fugong.supervision.models import Finding, StopWorkOrder, SupervisionEvent

OPEN = (FindingStatus.NOTICE_ISSUED, FindingStatus.REPLIED)


def findings_for(user, action: str = "view"):
    """Findings the user may see: issued ones (a finding still being recorded on site is
    not shown to the enterprise), annotated with `is_overdue`."""
    today = timezone.localdate()
    qs = Finding.objects.visible_to(user, action).filter(archived_at__isnull=True)
    if not user.has_perm("supervision.change_finding"):
        qs = qs.exclude(status=FindingStatus.RECORDED)
    return qs.select_related(
        "project", "project__region", "inspection", "notice", "notice__enterprise"
    ).annotate(
        is_overdue=Case(
            When(
                Q(status=FindingStatus.NOTICE_ISSUED) & Q(notice__deadline__lt=today),
                then=Value(True),
            ),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def overdue_findings(*, user=None, today: datetime.date | None = None):
    """Issued notices still unanswered after their deadline (逾期未整改)."""
    today = today or timezone.localdate()
    qs = Finding.objects.all() if user is None else Finding.objects.visible_to(user)
    return qs.filter(
        archived_at__isnull=True,
        status=FindingStatus.NOTICE_ISSUED,
        notice__deadline__lt=today,
    ).select_related("notice", "project")


def orders_in_force(user=None):
    qs = StopWorkOrder.objects.all() if user is None else StopWorkOrder.objects.visible_to(user)
    return qs.filter(status=StopWorkStatus.IN_FORCE)


def timeline(*, project=None, inspection=None, finding=None, user=None):
    qs = (
        SupervisionEvent.objects.all()
        if user is None
        else SupervisionEvent.objects.visible_to(user)
    )
    if project is not None:
        qs = qs.filter(project=project)
    if inspection is not None:
        qs = qs.filter(Q(inspection=inspection) | Q(finding__inspection=inspection))
    if finding is not None:
        qs = qs.filter(finding=finding)
    return qs.select_related("actor", "inspection", "finding").order_by("time", "id")
