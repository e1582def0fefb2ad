"""Inspections (检查): order or start one, answer its checklist, record findings with
photos and the rectification each needs, and complete it, which issues the notices and
any stop-work order. Each function is one transaction with its audit and timeline rows."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fugong.audit.choices import ChangeAction
from fugong.audit.services import record_change, snapshot
from fugong.common.errors import Conflict, Forbidden, FugongError
from fugong.common.scoping import ensure_visible, user_can
from fugong.common.services import fetch_for
from fugong.construction.choices import ProjectStatus
from fugong.construction.models import Project
from fugong.construction.selectors.commitments import enterprise_recipients
from fugong.supervision.choices import (
    EventKind,
    FindingStatus,
    InspectionKind,
    InspectionResult,
    InspectionStatus,
    ItemOutcome,
    Severity,
)
from fugong.supervision.models import (
    Finding,
    Inspection,
    InspectionAnswer,
    Inspector,
    RectificationNotice,
)
from fugong.supervision.selectors.registry import recusal_reason
from fugong.supervision.services.base import (
    assign_number,
    event,
    fetch_locked,
    notify_on_commit,
    photo_errors,
    save_photos,
    save_transition,
)
from fugong.supervision.services.checklists import checklist_freeze, checklist_offered
from fugong.supervision.services.registry import inspector_for

ORDER_SPOT_CHECK = "supervision.order_spot_check"
MIN_INSPECTORS = {InspectionKind.DOUBLE_RANDOM: 2}


def _project_parties(project: Project):
    return [o for o in (project.contractor, project.builder, project.supervisor) if o]


def _check_inspectors(project, kind, field, inspectors: list[Inspector]) -> dict:
    errors = []
    needed = MIN_INSPECTORS.get(kind, 1)
    if len({i.pk for i in inspectors}) < needed:
        errors.append(
            ngettext(
                "Name at least %(n)d inspector.",
                "A double-random check needs at least %(n)d inspectors.",
                needed,
            )
            % {"n": needed}
        )
    for inspector in inspectors:
        if not inspector.is_active or inspector.archived_at is not None:
            errors.append(
                _("%(inspector)s is not available for inspections.")
                % {"inspector": inspector.display_name}
            )
        elif inspector.field != field:
            errors.append(
                _("%(inspector)s does not inspect in this field.")
                % {"inspector": inspector.display_name}
            )
        else:
            reason = recusal_reason(inspector, project)
            if reason:
                errors.append(reason)
    return {"inspectors": " ".join(errors)} if errors else {}


def _acting_inspector(actor, inspection: Inspection) -> Inspector | None:
    """The actor's place among the inspection's inspectors (None for the system)."""
    if actor is None:
        return None
    own = inspection.inspectors.filter(user=actor).first()
    if own is None and not actor.is_superuser:
        raise FugongError(
            _("Only the inspectors named on this inspection can record it."),
            code="not_an_inspector",
        )
    return own


def inspection_create(
    *,
    actor,
    project: Project,
    kind: str,
    field: str,
    inspectors: list[Inspector],
    planned_on: datetime.date | None = None,
    follows: Inspection | None = None,
    notes: str = "",
) -> Inspection:
    """Start an inspection on site, or (a leader) order an unannounced spot check.

    An inspector starts one in their own field and is among its inspectors; ordering one
    for others needs `order_spot_check`. The field's offered checklist is used (and frozen)."""
    if actor is not None and not user_can(actor, Inspection, "add"):
        raise Forbidden()
    project = fetch_for(actor, Project, project.pk, "view")
    inspectors = list(inspectors or [])
    orders = actor is None or actor.has_perm(ORDER_SPOT_CHECK)
    errors = {}
    if kind not in InspectionKind.values:
        errors["kind"] = _("Choose the kind of inspection.")
    if kind == InspectionKind.LEADER_SPOT_CHECK and not orders:
        errors["kind"] = _("Only leaders order spot checks.")
    if actor is not None and not orders:
        own = inspector_for(actor, field)
        if own is None:
            errors["field"] = _("You are not a registered inspector in this field.")
        elif own.pk not in {i.pk for i in inspectors}:
            errors["inspectors"] = _("Include yourself among the inspectors.")
    if project.archived_at is not None or project.status == ProjectStatus.COMPLETED:
        errors["project"] = _("A completed or archived project is not inspected.")
    if follows is not None and follows.project_id != project.pk:
        errors["follows"] = _("A re-inspection follows an inspection of the same project.")
    if kind == InspectionKind.REINSPECTION and follows is None:
        errors["follows"] = _("Choose the inspection this re-inspection follows.")
    planned_on = planned_on or timezone.localdate()
    checklist = checklist_offered(field)
    if checklist is None and "field" not in errors:
        errors["field"] = _("No checklist is offered for this field; ask the bureau to set one.")
    if not errors.get("inspectors"):
        errors.update(_check_inspectors(project, kind, field, inspectors))
    if errors:
        raise FugongError(
            _("The inspection was not started: %(n)d field(s) need attention.")
            % {"n": len(errors)},
            fields=errors,
        )
    with transaction.atomic():
        inspection = Inspection(
            project=project,
            kind=kind,
            field=field,
            checklist=checklist,
            follows=follows,
            planned_on=planned_on,
            notes=(notes or "").strip(),
            ordered_by=actor,
        )
        inspection.full_clean()
        inspection.save()
        inspection.inspectors.set(inspectors)
        assign_number(inspection, "JC")
        checklist_freeze(actor=actor, checklist=checklist)
        if actor is not None:
            ensure_visible(actor, inspection, "view")
        record_change(
            actor=actor,
            instance=inspection,
            action=ChangeAction.CREATE,
            after={**snapshot(inspection), "inspectors": [str(i) for i in inspectors]},
        )
        kind_event = (
            EventKind.INSPECTION_STARTED
            if actor is not None and any(i.user_id == actor.pk for i in inspectors)
            else EventKind.INSPECTION_ORDERED
        )
        event(
            actor=actor,
            project=project,
            kind=kind_event,
            inspection=inspection,
            message=", ".join(i.display_name for i in inspectors),
        )
        if kind_event == EventKind.INSPECTION_ORDERED:
            notify_on_commit(
                recipients=[i.user for i in inspectors],
                kind="inspection_ordered",
                title=_("Inspection ordered: %(project)s") % {"project": project.name},
                body=inspection.get_kind_display(),
                link=inspection.get_absolute_url(),
                key=f"inspection-ordered-{inspection.pk}",
            )
    return inspection


def _open_inspection(actor, inspection: Inspection) -> Inspection:
    current = fetch_locked(actor, Inspection, inspection.pk, "change")
    if current.status != InspectionStatus.OPEN:
        raise FugongError(
            _("This inspection is completed; its record can no longer change."),
            code="inspection_completed",
        )
    _acting_inspector(actor, current)
    return current


def inspection_record_answers(
    *, actor, inspection: Inspection, answers: dict, notes: str | None = None, expected_version=None
) -> Inspection:
    """Save the checklist answers: `answers` maps an item id (or code) to an outcome, or to
    (outcome, note). Items not named keep their answer."""
    with transaction.atomic():
        current = _open_inspection(actor, inspection)
        if expected_version is not None and current.version != expected_version:
            raise Conflict()
        items = {str(i.pk): i for i in current.checklist.items.all()}
        items.update({i.code: i for i in items.values()})
        errors, rows = {}, []
        for key, raw in (answers or {}).items():
            item = items.get(str(key))
            outcome, note = (raw if isinstance(raw, list | tuple) else (raw, ""))[:2]
            if item is None:
                errors["answers"] = _("“%(key)s” is not an item of this checklist.") % {"key": key}
            elif outcome not in ItemOutcome.values:
                errors[f"item_{item.pk}"] = _("“%(item)s”: choose an outcome.") % {
                    "item": item.text
                }
            else:
                rows.append((item, outcome, str(note or "").strip()[:300]))
        if errors:
            raise FugongError(_("Some answers need attention."), fields=errors)
        before = {**snapshot(current), "answers": _answers(current)}
        for item, outcome, note in rows:
            InspectionAnswer.objects.update_or_create(
                inspection=current, item=item, defaults={"outcome": outcome, "note": note}
            )
        fields = []
        if notes is not None:
            current.notes = notes.strip()[:4000]
            fields.append("notes")
        save_transition(current, fields)
        after = {**snapshot(current), "answers": _answers(current)}
        record_change(
            actor=actor, instance=current, action=ChangeAction.UPDATE, before=before, after=after
        )
    return current


def _answers(inspection) -> dict:
    return {a.item.code: a.outcome for a in inspection.answers.select_related("item")}


def finding_add(
    *,
    actor,
    inspection: Inspection,
    severity: str,
    description: str,
    required_actions: str,
    deadline: datetime.date | None,
    notes: str = "",
    item=None,
    photos=(),
    enterprise=None,
    stop_work: bool = False,
) -> Finding:
    """Record a finding with its photos and the rectification it needs (notice issued
    when the inspection is completed). A major finding may stop work (停工整改)."""
    errors = {}
    description = (description or "").strip()
    required_actions = (required_actions or "").strip()
    if severity not in Severity.values:
        errors["severity"] = _("Choose the severity.")
    if len(description) < 5:
        errors["description"] = _("Describe what was found (at least 5 characters).")
    if not required_actions:
        errors["required_actions"] = _("Say what the enterprise must do.")
    if not isinstance(deadline, datetime.date):
        errors["deadline"] = _("Set the deadline for rectification.")
    elif deadline <= timezone.localdate():
        errors["deadline"] = _("The deadline must be in the future.")
    if stop_work and severity != Severity.MAJOR:
        errors["stop_work"] = _("Only a major finding stops work.")
    problems = photo_errors(photos)
    if problems:
        errors["photos"] = " ".join(problems)
    with transaction.atomic():
        current = _open_inspection(actor, inspection)
        project = current.project
        parties = _project_parties(project)
        if item is not None and item.checklist_id != current.checklist_id:
            errors["item"] = _("Choose an item of this inspection's checklist.")
        if enterprise is None:
            enterprise = parties[0]
        elif enterprise.pk not in {p.pk for p in parties}:
            errors["enterprise"] = _("The notice goes to the builder, contractor or supervisor.")
        if errors:
            raise FugongError(
                _("The finding was not recorded: %(n)d field(s) need attention.")
                % {"n": len(errors)},
                fields=errors,
            )
        finding = Finding(
            inspection=current,
            project=project,
            item=item,
            severity=severity,
            description=description,
            notes=(notes or "").strip(),
            stop_work=bool(stop_work),
            recorded_by=actor,
        )
        finding.full_clean()
        finding.save()
        notice = RectificationNotice(
            finding=finding,
            project=project,
            enterprise=enterprise,
            required_actions=required_actions,
            deadline=deadline,
        )
        notice.full_clean()
        notice.save()
        saved = save_photos(actor=actor, project=project, photos=photos, finding=finding)
        record_change(
            actor=actor,
            instance=finding,
            action=ChangeAction.CREATE,
            after={
                **snapshot(finding),
                "notice": snapshot(notice),
                "photos": [p.file.name for p in saved],
            },
        )
        event(
            actor=actor,
            project=project,
            kind=EventKind.FINDING_RECORDED,
            inspection=current,
            finding=finding,
            message=f"{finding.get_severity_display()}: {description}",
        )
        save_transition(current, [])
    return finding


def finding_withdraw(*, actor, finding: Finding, reason: str = "") -> Finding:
    """Take back a finding recorded by mistake while its inspection is still open."""
    with transaction.atomic():
        current = fetch_locked(actor, Finding, finding.pk, "change")
        _open_inspection(actor, current.inspection)
        if current.archived_at is not None:
            return current
        before = snapshot(current)
        current.archived_at, current.archived_by = timezone.now(), actor
        save_transition(current, ["archived_at", "archived_by"])
        record_change(
            actor=actor,
            instance=current,
            action=ChangeAction.ARCHIVE,
            before=before,
            message=reason,
        )
    return current


def inspection_complete(*, actor, inspection: Inspection, expected_version=None) -> Inspection:
    """Close the record: every checklist item answered; the result follows from the
    findings (none: passed; some: rectification; a stop-work finding: stop work). The
    findings' notices are issued and the enterprises told; a stop-work order suspends
    the project."""
    from fugong.supervision.services.stopwork import stop_work_order_issue

    with transaction.atomic():
        current = _open_inspection(actor, inspection)
        if expected_version is not None and current.version != expected_version:
            raise Conflict()
        answered = set(current.answers.values_list("item_id", flat=True))
        missing = [i.text for i in current.checklist.items.all() if i.pk not in answered]
        if missing:
            raise FugongError(
                ngettext(
                    "Answer the last checklist item before completing: %(items)s.",
                    "Answer the %(n)d remaining checklist items before completing: %(items)s.",
                    len(missing),
                )
                % {"n": len(missing), "items": "; ".join(missing[:5])},
                code="checklist_incomplete",
            )
        findings = list(current.findings.filter(archived_at__isnull=True).select_related("notice"))
        failed = current.answers.filter(outcome=ItemOutcome.FAIL).count()
        if failed and not findings:
            raise FugongError(
                _("%(n)d item(s) do not meet the requirement: record a finding for them.")
                % {"n": failed},
                code="findings_missing",
            )
        stopping = [f for f in findings if f.stop_work]
        result = (
            InspectionResult.STOP_WORK
            if stopping
            else (InspectionResult.RECTIFY if findings else InspectionResult.PASSED)
        )
        before = snapshot(current)
        now = timezone.now()
        current.status = InspectionStatus.COMPLETED
        current.result = result
        current.completed_at, current.completed_by = now, actor
        save_transition(current, ["status", "result", "completed_at", "completed_by"])
        record_change(actor=actor, instance=current, action=ChangeAction.UPDATE, before=before)
        event(
            actor=actor,
            project=current.project,
            kind=EventKind.INSPECTION_COMPLETED,
            inspection=current,
            message=current.get_result_display(),
        )
        for finding in findings:
            _issue_notice(actor, finding, now)
        if stopping:
            stop_work_order_issue(actor=actor, inspection=current, findings=stopping)
    return current


def _issue_notice(actor, finding: Finding, now) -> None:
    notice = finding.notice
    before = snapshot(notice)
    notice.issued_at, notice.issued_by = now, actor
    save_transition(notice, ["issued_at", "issued_by"])
    assign_number(notice, "ZG")
    record_change(actor=actor, instance=notice, action=ChangeAction.UPDATE, before=before)
    finding_before = snapshot(finding)
    finding.status = FindingStatus.NOTICE_ISSUED
    save_transition(finding, ["status"])
    record_change(actor=actor, instance=finding, action=ChangeAction.UPDATE, before=finding_before)
    event(
        actor=actor,
        project=finding.project,
        kind=EventKind.NOTICE_ISSUED,
        inspection=finding.inspection,
        finding=finding,
        message=_("%(number)s, rectify by %(deadline)s")
        % {"number": notice.number, "deadline": notice.deadline.isoformat()},
    )
    notify_on_commit(
        recipients=enterprise_recipients(notice.enterprise),
        kind="rectification_notice",
        title=_("Rectification notice %(number)s: %(project)s")
        % {"number": notice.number, "project": finding.project.name},
        body=_("Rectify by %(deadline)s: %(actions)s")
        % {"deadline": notice.deadline.isoformat(), "actions": notice.required_actions},
        link=finding.get_absolute_url(),
        key=f"rectification-notice-{notice.pk}",
    )
