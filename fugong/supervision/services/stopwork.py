"""Stop-work orders (停工整改通知): issued from a major finding when its inspection is
completed, they suspend the project through construction's service; a passed
re-inspection of every finding they hold lifts them and the project resumes. While one
is in force, construction refuses to resume the project or take a commitment (the hook
registered in the app config)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fugong.audit.choices import ChangeAction
from fugong.audit.services import record_change, snapshot
from fugong.common.errors import FugongError
from fugong.construction.choices import ProjectStatus
from fugong.construction.hooks import SignNotice
from fugong.construction.models import Project
from fugong.construction.selectors.commitments import enterprise_recipients
from fugong.construction.services.projects import project_set_status
from fugong.supervision.choices import EventKind, FindingStatus, StopWorkStatus
from fugong.supervision.models import StopWorkOrder
from fugong.supervision.services.base import (
    assign_number,
    event,
    notify_on_commit,
    save_transition,
)


def order_in_force(project) -> StopWorkOrder | None:
    return StopWorkOrder.objects.filter(
        project_id=project.pk, status=StopWorkStatus.IN_FORCE
    ).first()


def stop_work_order_issue(*, actor, inspection, findings) -> StopWorkOrder:
    """Called by `inspection_complete` inside its transaction. A project already under an
    order gets these findings added to it (one order in force per project)."""
    project = Project.objects.select_for_update().get(pk=inspection.project_id)
    reason = "; ".join(f.description for f in findings)[:2000]
    order = order_in_force(project)
    created = order is None
    if created:
        order = StopWorkOrder(
            project=project, inspection=inspection, reason=reason, issued_by=actor
        )
        try:
            with transaction.atomic():
                order.save()
        except IntegrityError:
            raise FugongError(
                _("A stop-work order for this project was issued at the same moment."),
                code="duplicate",
            ) from None
        assign_number(order, "TG")
        record_change(actor=actor, instance=order, action=ChangeAction.CREATE)
    for finding in findings:
        before = snapshot(finding)
        finding.stop_work_order = order
        save_transition(finding, ["stop_work_order"])
        record_change(actor=actor, instance=finding, action=ChangeAction.UPDATE, before=before)
    if not created:
        return order
    message = _("Stop-work order %(number)s: %(reason)s") % {
        "number": order.number,
        "reason": reason,
    }
    if project.status == ProjectStatus.RESUMED:
        project_set_status(
            actor=actor, project=project, to_status=ProjectStatus.SUSPENDED, message=message
        )
        order.suspended_project = True
        save_transition(order, ["suspended_project"])
    event(
        actor=actor,
        project=project,
        kind=EventKind.STOP_WORK_ORDERED,
        inspection=inspection,
        order=order,
        message=reason,
    )
    recipients = {u.pk: u for f in findings for u in enterprise_recipients(f.notice.enterprise)}
    for party in (project.builder, project.contractor, project.supervisor):
        if party is not None:
            recipients.update({u.pk: u for u in enterprise_recipients(party)})
    notify_on_commit(
        recipients=list(recipients.values()),
        kind="stop_work_order",
        title=_("Stop-work order %(number)s: %(project)s")
        % {"number": order.number, "project": project.name},
        body=reason,
        link=order.get_absolute_url(),
        key=f"stop-work-{order.pk}",
    )
    return order


def stop_work_order_lift_if_cleared(*, actor, order: StopWorkOrder, reinspection) -> bool:
    """Lift the order when every finding it holds is closed (called at a passed
    re-inspection, inside its transaction); the project resumes if the order stopped it."""
    order = StopWorkOrder.objects.select_for_update().get(pk=order.pk)
    if order.status != StopWorkStatus.IN_FORCE:
        return False
    if (
        order.findings.exclude(status=FindingStatus.CLOSED)
        .filter(archived_at__isnull=True)
        .exists()
    ):
        return False
    before = snapshot(order)
    order.status = StopWorkStatus.LIFTED
    order.lifted_at, order.lifted_by = timezone.now(), actor
    order.lifting_inspection = reinspection
    save_transition(order, ["status", "lifted_at", "lifted_by", "lifting_inspection"])
    record_change(actor=actor, instance=order, action=ChangeAction.UPDATE, before=before)
    event(
        actor=actor,
        project=order.project,
        kind=EventKind.STOP_WORK_LIFTED,
        inspection=reinspection,
        order=order,
        message=str(reinspection),
    )
    project = Project.objects.select_for_update().get(pk=order.project_id)
    if order.suspended_project and project.status == ProjectStatus.SUSPENDED:
        project_set_status(
            actor=actor,
            project=project,
            to_status=ProjectStatus.RESUMED,
            message=_("Stop-work order %(number)s lifted after re-inspection")
            % {"number": order.number},
        )
    notify_on_commit(
        recipients=[
            u
            for party in (project.builder, project.contractor, project.supervisor)
            if party is not None
            for u in enterprise_recipients(party)
        ],
        kind="stop_work_lifted",
        title=_("Stop-work order %(number)s lifted: %(project)s")
        % {"number": order.number, "project": project.name},
        body=_("The re-inspection passed; the site may work again."),
        link=order.get_absolute_url(),
        key=f"stop-work-lifted-{order.pk}",
    )
    return True


# --- what construction asks through its hooks -------------------------------------------


def resume_guard(project) -> str | None:
    order = order_in_force(project)
    if order is None:
        return None
    return _(
        "Stop-work order %(number)s is in force: the site resumes only after a passed "
        "re-inspection."
    ) % {"number": order.number}


def sign_notices(project) -> list[SignNotice]:
    order = order_in_force(project)
    if order is None:
        return []
    return [
        SignNotice(
            title=_("Stop-work order (停工整改)"),
            number=order.number or "",
            text=_("Work is stopped until a re-inspection confirms the rectification."),
            since=timezone.localtime(order.issued_at).date(),
        )
    ]
