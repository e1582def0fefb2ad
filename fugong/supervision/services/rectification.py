"""The rectification loop (整改闭环): the enterprise replies to a notice with evidence;
a re-inspection (复查) accepts, closing the finding (and lifting a stop-work order once
all its findings are closed), or rejects it back to the enterprise. Overdue notices are
flagged once. Each transition locks the finding and guards its state, so two concurrent
transitions cannot both win."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fugong.audit.choices import ChangeAction
from fugong.audit.services import record_change, snapshot
from fugong.common.errors import Forbidden, FugongError, NotFound
from fugong.common.scoping import user_can
from fugong.construction.selectors.commitments import enterprise_recipients
from fugong.supervision.choices import (
    EventKind,
    FindingStatus,
    InspectionKind,
    InspectionResult,
    InspectionStatus,
    ReplyOutcome,
)
from fugong.supervision.models import Finding, Inspection, RectificationReply
from fugong.supervision.services.base import (
    assign_number,
    event,
    fetch_locked,
    notify_on_commit,
    photo_errors,
    save_photos,
    save_transition,
)
from fugong.supervision.services.registry import inspector_for
from fugong.supervision.services.stopwork import stop_work_order_lift_if_cleared


def _state_error(finding: Finding) -> FugongError:
    return FugongError(
        _("This finding is “%(status)s”; that step is not possible now.")
        % {"status": finding.get_status_display()},
        code="invalid_transition",
    )


def _party_of(actor, project):
    """The actor's enterprise if it is a party to the project; else the notice is
    someone else's and the answer is the same as for a notice that does not exist."""
    parties = [o for o in (project.builder, project.contractor, project.supervisor) if o]
    if actor.organisation_id is None:
        raise NotFound()
    for party in parties:
        if party.pk == actor.organisation_id or actor.organisation.path.startswith(party.path):
            return party
    raise NotFound()


def reply_submit(*, actor, finding: Finding, text: str, photos=()) -> RectificationReply:
    """The enterprise reports the rectification with evidence (≥ 1 photo or scan)."""
    if actor is None:
        raise ValueError("a reply is submitted by a person")
    if not user_can(actor, RectificationReply, "add"):
        raise Forbidden()
    text = (text or "").strip()
    errors = {}
    if len(text) < 5:
        errors["text"] = _("Say what was done (at least 5 characters).")
    photos = list(photos or [])
    problems = photo_errors(photos)
    if problems:
        errors["photos"] = " ".join(problems)
    elif not photos:
        errors["photos"] = _("Attach at least one photo of the rectification.")
    try:
        with transaction.atomic():
            current = fetch_locked(actor, Finding, finding.pk, "view")
            enterprise = _party_of(actor, current.project)
            if errors:
                raise FugongError(
                    _("The reply was not sent: %(n)d field(s) need attention.")
                    % {"n": len(errors)},
                    fields=errors,
                )
            if current.status != FindingStatus.NOTICE_ISSUED:
                raise _state_error(current)
            notice = current.notice
            reply = RectificationReply(
                notice=notice,
                project=current.project,
                enterprise=enterprise,
                text=text,
                submitted_by=actor,
            )
            reply.full_clean(validate_constraints=False)
            reply.save()
            saved = save_photos(actor=actor, project=current.project, photos=photos, reply=reply)
            record_change(
                actor=actor,
                instance=reply,
                action=ChangeAction.CREATE,
                after={**snapshot(reply), "photos": [p.file.name for p in saved]},
            )
            before = snapshot(current)
            current.status = FindingStatus.REPLIED
            save_transition(current, ["status"])
            record_change(actor=actor, instance=current, action=ChangeAction.UPDATE, before=before)
            event(
                actor=actor,
                project=current.project,
                kind=EventKind.REPLY_SUBMITTED,
                finding=current,
                message=text,
            )
            inspectors = [i.user for i in current.inspection.inspectors.select_related("user")]
            issuer = [notice.issued_by] if notice.issued_by else []
            notify_on_commit(
                recipients=[*inspectors, *issuer],
                kind="rectification_reply",
                title=_("Rectification reported: %(number)s, %(project)s")
                % {"number": notice.number, "project": current.project.name},
                body=text,
                link=current.get_absolute_url(),
                key=f"rectification-reply-{reply.pk}",
            )
    except IntegrityError:
        raise FugongError(
            _("A reply to this notice was sent at the same moment; reload the page."),
            code="duplicate",
        ) from None
    return reply


def reply_review(
    *,
    actor,
    finding: Finding,
    accepted: bool,
    note: str = "",
    new_deadline: datetime.date | None = None,
) -> RectificationReply:
    """The re-inspection (复查) of a replied finding, by an inspector of its field: it is
    recorded as an inspection of kind re-inspection. Accepted: the finding is closed and a
    stop-work order holding only closed findings is lifted (the project resumes).
    Rejected: back to the enterprise, with a new deadline if given."""
    note = (note or "").strip()
    if not accepted and len(note) < 5:
        raise FugongError(
            _("Say why the rectification is not accepted (at least 5 characters)."),
            fields={"note": _("At least 5 characters.")},
            code="reason_required",
        )
    if new_deadline is not None and new_deadline <= timezone.localdate():
        raise FugongError(
            _("The new deadline must be in the future."),
            fields={"new_deadline": _("The new deadline must be in the future.")},
            code="deadline_past",
        )
    with transaction.atomic():
        current = fetch_locked(actor, Finding, finding.pk, "change")
        if current.status != FindingStatus.REPLIED:
            raise _state_error(current)
        own = inspector_for(actor, current.inspection.field) if actor is not None else None
        if actor is not None and own is None and not actor.is_superuser:
            raise FugongError(
                _("Only an inspector of this field can re-inspect it."), code="not_an_inspector"
            )
        reply = current.notice.replies.select_for_update().get(outcome=ReplyOutcome.PENDING)
        reinspection = _record_reinspection(actor, current, own, accepted, note)
        before = snapshot(reply)
        reply.outcome = ReplyOutcome.ACCEPTED if accepted else ReplyOutcome.REJECTED
        reply.reviewed_by, reply.reviewed_at = actor, timezone.now()
        reply.review_note, reply.reinspection = note, reinspection
        save_transition(
            reply, ["outcome", "reviewed_by", "reviewed_at", "review_note", "reinspection"]
        )
        record_change(actor=actor, instance=reply, action=ChangeAction.UPDATE, before=before)
        finding_before = snapshot(current)
        if accepted:
            current.status, current.closed_at = FindingStatus.CLOSED, timezone.now()
            save_transition(current, ["status", "closed_at"])
        else:
            current.status = FindingStatus.NOTICE_ISSUED
            save_transition(current, ["status"])
            if new_deadline is not None:
                notice = current.notice
                notice_before = snapshot(notice)
                notice.deadline, notice.overdue_flagged_at = new_deadline, None
                save_transition(notice, ["deadline", "overdue_flagged_at"])
                record_change(
                    actor=actor, instance=notice, action=ChangeAction.UPDATE, before=notice_before
                )
        record_change(
            actor=actor, instance=current, action=ChangeAction.UPDATE, before=finding_before
        )
        event(
            actor=actor,
            project=current.project,
            kind=EventKind.REPLY_ACCEPTED if accepted else EventKind.REPLY_REJECTED,
            inspection=reinspection,
            finding=current,
            message=note,
        )
        if accepted:
            event(
                actor=actor,
                project=current.project,
                kind=EventKind.FINDING_CLOSED,
                inspection=reinspection,
                finding=current,
            )
            if current.stop_work_order_id:
                stop_work_order_lift_if_cleared(
                    actor=actor, order=current.stop_work_order, reinspection=reinspection
                )
        notify_on_commit(
            recipients=enterprise_recipients(reply.enterprise),
            kind="rectification_reviewed",
            title=(
                _("Rectification accepted: %(number)s")
                if accepted
                else _("Rectification not accepted: %(number)s")
            )
            % {"number": current.notice.number},
            body=note,
            link=current.get_absolute_url(),
            key=f"rectification-reviewed-{reply.pk}",
        )
    return reply


def _record_reinspection(actor, finding, own, accepted: bool, note: str) -> Inspection:
    """The re-inspection as an inspection record of its own (kind 复查), completed."""
    original = finding.inspection
    now = timezone.now()
    reinspection = Inspection.objects.create(
        project=finding.project,
        kind=InspectionKind.REINSPECTION,
        field=original.field,
        checklist=original.checklist,
        follows=original,
        planned_on=timezone.localdate(),
        status=InspectionStatus.COMPLETED,
        result=InspectionResult.PASSED if accepted else InspectionResult.RECTIFY,
        notes=note,
        ordered_by=actor,
        completed_at=now,
        completed_by=actor,
    )
    if own is not None:
        reinspection.inspectors.set([own])
    assign_number(reinspection, "JC")
    record_change(actor=actor, instance=reinspection, action=ChangeAction.CREATE)
    event(
        actor=actor,
        project=finding.project,
        kind=EventKind.INSPECTION_COMPLETED,
        inspection=reinspection,
        finding=finding,
        message=reinspection.get_result_display(),
    )
    return reinspection


def notices_flag_overdue(*, today: datetime.date | None = None) -> list[Finding]:
    """Flag, once per deadline, each issued notice still unanswered after it: the notice
    records when, the timeline says so. Returns the findings flagged now; who is told is
    the reminder rule's business (`overdue_reminders`)."""
    from fugong.supervision.selectors.rectification import overdue_findings

    today = today or timezone.localdate()
    flagged = []
    pending = overdue_findings(today=today).filter(notice__overdue_flagged_at__isnull=True)
    for finding in pending:
        with transaction.atomic():
            current = Finding.objects.select_for_update().get(pk=finding.pk)
            notice = current.notice
            if current.status != FindingStatus.NOTICE_ISSUED or notice.overdue_flagged_at:
                continue
            before = snapshot(notice)
            notice.overdue_flagged_at = timezone.now()
            save_transition(notice, ["overdue_flagged_at"])
            record_change(actor=None, instance=notice, action=ChangeAction.UPDATE, before=before)
            event(
                actor=None,
                project=current.project,
                kind=EventKind.NOTICE_OVERDUE,
                finding=current,
                message=_("Deadline %(deadline)s passed") % {"deadline": notice.deadline},
            )
            flagged.append(current)
    return flagged


def overdue_reminders(now):
    """The reminder rule (registered with messaging): flag what fell overdue and tell the
    enterprise and the inspectors, once per notice and deadline."""
    from fugong.messaging.reminders import Reminding

    for finding in notices_flag_overdue(today=timezone.localdate(now)):
        notice = finding.notice
        inspectors = [i.user for i in finding.inspection.inspectors.select_related("user")]
        yield Reminding(
            recipients=[*enterprise_recipients(notice.enterprise), *inspectors],
            kind="rectification_overdue",
            title=_("Rectification overdue: %(number)s, %(project)s")
            % {"number": notice.number, "project": finding.project.name},
            body=notice.required_actions,
            link=finding.get_absolute_url(),
            key=f"rectification-overdue-{notice.pk}-{notice.deadline.isoformat()}",
            group="overdue",
        )
