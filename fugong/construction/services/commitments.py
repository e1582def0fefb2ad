"""The commitment system (承诺制): filing, reading, verification, revocation. (Checklists
and routing: `checklists`; the public's concerns: `concerns`.)

Each function runs in one transaction: fetch within the actor's scope (404 otherwise),
guard the state, change, audit row (`record_change`), timeline rows (CommitmentEvent /
ProjectEvent), and side effects (notifications) queued with `transaction.on_commit`.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fugong.audit.choices import ChangeAction
from fugong.audit.services import record_change, snapshot
from fugong.common.errors import Forbidden, FugongError, NotFound
from fugong.common.pii.validators import normalise_mobile, validate_mobile
from fugong.common.scoping import ensure_visible, user_can
from fugong.common.services import fetch_for
from fugong.construction import hooks
from fugong.construction.choices import (
    CommitmentEventKind,
    CommitmentStatus,
    ItemKind,
    ProjectEventKind,
    ProjectStatus,
)
from fugong.construction.models import (
    ChecklistItem,
    ChecklistTemplate,
    Commitment,
    CommitmentAnswer,
    CommitmentEvent,
    CreditRecord,
    Project,
)
from fugong.construction.selectors.commitments import (
    IN_FORCE,
    authority_recipients,
    enterprise_recipients,
)
from fugong.construction.services.checklists import checklist_freeze, commitment_route
from fugong.construction.services.projects import project_event, project_set_status
from fugong.organisations.models import Organisation

ADD_COMMITMENT = "construction.add_commitment"
VERIFY_COMMITMENT = "construction.verify_commitment"
REVOKE_COMMITMENT = "construction.revoke_commitment"

# Uploads (answers of attachment items, the signed scan): what a phone can photograph or
# a scanner produce, recognised by content as well as by name.
UPLOAD_MAX_BYTES = 10 * 1024 * 1024
UPLOAD_SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
}
TEXT_MAX = 2000
REASON_MIN = 5

YES = {"yes", "true", "1", "on", "y", "是"}
NO = {"no", "false", "0", "off", "n", "否"}


class _Unset:
    def __repr__(self):
        return "UNSET"


UNSET = _Unset()


# --- small checks -------------------------------------------------------------------------


def upload_error(file) -> str | None:
    """Why an uploaded file is refused, or None: PDF/JPG/PNG only, at most 10 MB."""
    name = getattr(file, "name", "") or ""
    signatures = UPLOAD_SIGNATURES.get(os.path.splitext(name)[1].lower())
    if signatures is None or not hasattr(file, "read"):
        return _("Upload a PDF, JPG or PNG file.")
    if (getattr(file, "size", None) or 0) > UPLOAD_MAX_BYTES:
        return _("The file is larger than 10 MB.")
    head = file.read(16)
    file.seek(0)
    if not any(head.startswith(signature) for signature in signatures):
        return _("The file is not a readable PDF, JPG or PNG.")
    return None


def _limit(item: ChecklistItem) -> str:
    return f"{item.threshold.normalize():f} {item.unit}".strip()


def _answer_fields(item: ChecklistItem, raw) -> tuple[dict | None, str | None]:
    """The stored fields of one answer (None: not answered) or the error naming the item."""
    name = {"item": item.text}
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if item.required:
            return None, _("“%(item)s”: answer this item.") % name
        return None, None
    if item.kind == ItemKind.YES_NO:
        value = raw if isinstance(raw, bool) else None
        if not isinstance(raw, bool) and isinstance(raw, int) and raw in (0, 1):
            value = bool(raw)
        if isinstance(raw, str) and raw.strip().lower() in YES | NO:
            value = raw.strip().lower() in YES
        if value is None:
            return None, _("“%(item)s”: answer yes or no.") % name
        if not value and item.required:
            return None, _(
                "“%(item)s”: the site must meet this condition before it can commit."
            ) % name
        return {"value_bool": value}, None
    if item.kind in (ItemKind.NUMBER_MIN, ItemKind.NUMBER_MAX):
        try:
            value = Decimal(str(raw).strip())
        except InvalidOperation:
            return None, _("“%(item)s”: enter a number.") % name
        if not value.is_finite() or abs(value) >= Decimal("1e8"):
            return None, _("“%(item)s”: enter a number.") % name
        if value < 0:
            return None, _("“%(item)s”: the number cannot be negative.") % name
        if value != value.quantize(Decimal("0.01")):
            return None, _("“%(item)s”: use at most two decimal places.") % name
        shown = {**name, "limit": _limit(item), "value": f"{value.normalize():f}"}
        if item.kind == ItemKind.NUMBER_MIN and value < item.threshold:
            return None, _("“%(item)s”: at least %(limit)s is required, not %(value)s.") % shown
        if item.kind == ItemKind.NUMBER_MAX and value > item.threshold:
            return None, _("“%(item)s”: at most %(limit)s is allowed, not %(value)s.") % shown
        return {"value_number": value}, None
    if item.kind == ItemKind.ATTACHMENT:
        problem = upload_error(raw)
        if problem:
            return None, _("“%(item)s”: %(problem)s") % {**name, "problem": problem}
        return {"attachment": raw}, None
    text = str(raw).strip()
    if len(text) > TEXT_MAX:
        return None, _("“%(item)s”: at most %(n)d characters.") % {**name, "n": TEXT_MAX}
    return {"value_text": text}, None


def _answer_for(answers: Mapping, item: ChecklistItem):
    for key in (item.pk, str(item.pk), item.code):
        if key in answers:
            return answers[key]
    return None


def _check_answers(items: list[ChecklistItem], answers: Mapping) -> tuple[list, dict]:
    rows, errors = [], {}
    known = {key for item in items for key in (item.pk, str(item.pk), item.code)}
    unknown = [str(key) for key in answers if key not in known]
    if unknown:
        errors["answers"] = _("These are not items of this checklist: %(keys)s.") % {
            "keys": ", ".join(sorted(unknown))
        }
    for item in items:
        fields, error = _answer_fields(item, _answer_for(answers, item))
        if error:
            errors[f"item_{item.pk}"] = error
        elif fields is not None:
            rows.append((item, fields))
    return rows, errors


def _check_signature(
    *, responsible_person, responsible_phone, signed_name, signed_on, statement_accepted, scan
) -> dict:
    errors = {}
    if not (responsible_person or "").strip():
        errors["responsible_person"] = _("Name the person responsible for the site.")
    try:
        validate_mobile(responsible_phone or "")
    except ValidationError as exc:
        errors["responsible_phone"] = exc.messages[0]
    if not (signed_name or "").strip():
        errors["signed_name"] = _("Sign with your name.")
    if not isinstance(signed_on, datetime.date):
        errors["signed_on"] = _("Enter the date of signing.")
    elif signed_on > timezone.localdate():
        errors["signed_on"] = _("The date of signing cannot be in the future.")
    if statement_accepted is not True:
        errors["statement_accepted"] = _("Tick the statement to sign the commitment.")
    if scan:
        problem = upload_error(scan)
        if problem:
            errors["scan"] = problem
    return errors


def _event(commitment, actor, kind, message="") -> CommitmentEvent:
    return CommitmentEvent.objects.create(
        commitment=commitment,
        actor=actor if actor is not None and actor.is_authenticated else None,
        kind=kind,
        message=str(message)[:500],
    )


def save_transition(instance, fields: list[str]) -> None:
    instance.version = F("version") + 1
    instance.save(update_fields=[*fields, "version", "updated_at"])
    instance.refresh_from_db()


def notify_on_commit(**message) -> None:
    """Queue an in-app message when the messaging app is installed (it may not be)."""
    if not apps.is_installed("fugong.messaging"):
        return

    def send():
        from fugong.messaging.services import notify

        notify(**message)

    transaction.on_commit(send)


# --- filing -----------------------------------------------------------------------------


def _filing_enterprise(actor, project: Project, enterprise) -> Organisation:
    """The party to the project that commits: one the filer's grant covers."""
    parties = [o for o in (project.contractor, project.builder, project.supervisor) if o]
    if enterprise is not None and enterprise.pk not in {p.pk for p in parties}:
        raise FugongError(
            _("The committing enterprise must be the builder, contractor or supervisor."),
            fields={"enterprise": _("Not a party to this project.")},
            code="not_a_party",
        )
    if actor.is_superuser:
        return enterprise or parties[0]
    grants = [g for g in actor.scope_grants() if ADD_COMMITMENT in g.permissions]
    by_region = any(
        g.covers_everything or (g.region_path and project.region.path.startswith(g.region_path))
        for g in grants
    )
    covered = [
        p
        for p in parties
        if any(g.organisation_path and p.path.startswith(g.organisation_path) for g in grants)
    ]
    if enterprise is not None:
        if by_region or enterprise.pk in {p.pk for p in covered}:
            return enterprise
        raise NotFound()
    if covered:
        return covered[0]
    if by_region:
        return parties[0]
    raise NotFound()


def commitment_file(
    *,
    actor,
    project: Project,
    template: ChecklistTemplate,
    enterprise: Organisation | None = None,
    answers: Mapping,
    responsible_person: str,
    responsible_phone: str,
    signed_name: str,
    signed_on: datetime.date,
    statement_accepted: bool,
    scan=None,
    supersedes=UNSET,
) -> Commitment:
    """File a commitment: it is in force at once (no approval), routed to its authority.

    `answers` maps an item (its id or code) to the answer: a bool for yes/no, a number, a
    text, an uploaded file. All or nothing: every failing answer or signature field is
    reported at once (FugongError.fields, keyed `item_<id>` and by field name).

    A previous commitment in force is superseded. `supersedes` is the id of the one in force
    the filer saw (None: none); when given and no longer true, the filing is refused as a
    duplicate, so a double submission files once. A project that was not started or was
    suspended is resumed; the receiving authority is notified.
    """
    if actor is None:
        raise ValueError("a commitment is filed by a person")
    if not user_can(actor, Commitment, "add"):
        raise Forbidden()
    project = fetch_for(actor, Project, project.pk, ADD_COMMITMENT)
    if project.archived_at is not None or project.status == ProjectStatus.COMPLETED:
        raise FugongError(
            _("A completed or archived project takes no commitment."), code="project_closed"
        )
    held = hooks.resume_refusal(project)
    if held:
        raise FugongError(held, code="work_stopped")
    enterprise = _filing_enterprise(actor, project, enterprise)
    errors = _check_signature(
        responsible_person=responsible_person,
        responsible_phone=responsible_phone,
        signed_name=signed_name,
        signed_on=signed_on,
        statement_accepted=statement_accepted,
        scan=scan,
    )
    try:
        with transaction.atomic():
            commitment = _file(
                actor=actor,
                project=project,
                template=template,
                enterprise=enterprise,
                answers=answers,
                errors=errors,
                supersedes=supersedes,
                fields={
                    "responsible_person": responsible_person.strip()[:50],
                    "responsible_phone": normalise_mobile(responsible_phone),
                    "signed_name": signed_name.strip()[:50],
                    "signed_on": signed_on,
                    "statement_accepted": True,
                    "scan": scan or "",
                },
            )
    except IntegrityError:
        raise _duplicate() from None
    return commitment


def _duplicate() -> FugongError:
    return FugongError(
        _("A commitment for this project was filed at the same moment; open it to check."),
        code="duplicate",
    )


def _file(*, actor, project, template, enterprise, answers, errors, supersedes, fields):
    # An unused version may still be edited: lock it so its items stay as validated.
    locked = ChecklistTemplate.objects.filter(pk=template.pk)
    template = (locked if template.is_frozen else locked.select_for_update()).first()
    if template is None or not template.is_active:
        raise FugongError(
            _("This checklist is no longer offered; reload the page to get the current one."),
            code="stale_template",
        )
    items = list(template.items.order_by("position"))
    rows, answer_errors = _check_answers(items, answers or {})
    errors = {**answer_errors, **errors}
    if errors:
        raise FugongError(
            ngettext(
                "The commitment was not filed: %(n)d answer or field needs attention.",
                "The commitment was not filed: %(n)d answers or fields need attention.",
                len(errors),
            )
            % {"n": len(errors)},
            fields=errors,
        )
    authority, rule = commitment_route(project)
    current = (
        Commitment.objects.select_for_update().filter(project=project, status__in=IN_FORCE).first()
    )
    if supersedes is not UNSET and (current.pk if current else None) != supersedes:
        raise _duplicate()
    checklist_freeze(actor=actor, template=template)
    if current is not None:
        _supersede(actor, current)
    commitment = Commitment(
        project=project,
        template=template,
        enterprise=enterprise,
        authority=authority,
        routed_by=rule,
        filed_by=actor,
        **fields,
    )
    try:
        commitment.full_clean()
    except ValidationError as exc:
        if any(e.code == "duplicate" for errs in exc.error_dict.values() for e in errs):
            raise _duplicate() from None
        raise
    with transaction.atomic():  # a concurrent filing may insert first: the constraint says no
        commitment.save()
    for item, values in rows:
        CommitmentAnswer.objects.create(commitment=commitment, item=item, **values)
    ensure_visible(actor, commitment, "view")
    record_change(
        actor=actor,
        instance=commitment,
        action=ChangeAction.CREATE,
        after={
            **snapshot(commitment),
            "answers": {item.code: str(_shown(values)) for item, values in rows},
        },
    )
    _event(commitment, actor, CommitmentEventKind.FILED, str(template))
    _event(
        commitment,
        actor,
        CommitmentEventKind.ROUTED,
        _("To %(authority)s (rule: %(rule)s)") % {"authority": authority, "rule": rule},
    )
    message = _("Commitment filed by %(enterprise)s, sent to %(authority)s") % {
        "enterprise": enterprise,
        "authority": authority,
    }
    status = Project.objects.select_for_update().values_list("status", flat=True).get(pk=project.pk)
    if status in (ProjectStatus.NOT_STARTED, ProjectStatus.SUSPENDED):
        project_set_status(
            actor=actor,
            project=project,
            to_status=ProjectStatus.RESUMED,
            kind=ProjectEventKind.COMMITMENT_FILED,
            message=message,
        )
    else:
        project_event(
            actor=actor, project=project, kind=ProjectEventKind.COMMITMENT_FILED, message=message
        )
    _notify_filed(commitment)
    return commitment


def _shown(values: dict):
    if "attachment" in values:
        return getattr(values["attachment"], "name", "")
    return next(iter(values.values()))


def _supersede(actor, commitment: Commitment) -> None:
    before = snapshot(commitment)
    commitment.status = CommitmentStatus.SUPERSEDED
    save_transition(commitment, ["status"])
    record_change(actor=actor, instance=commitment, action=ChangeAction.UPDATE, before=before)
    _event(commitment, actor, CommitmentEventKind.SUPERSEDED)


def _notify_filed(commitment: Commitment) -> None:
    project = commitment.project
    notify_on_commit(
        recipients=authority_recipients(project, commitment.authority),
        kind="commitment_filed",
        title=_("Commitment filed: %(project)s") % {"project": project.name},
        body=_("%(enterprise)s committed to the epidemic-control conditions; the site may work.")
        % {"enterprise": commitment.enterprise},
        link=commitment.get_absolute_url(),
        key=f"commitment-filed-{commitment.pk}",
    )


# --- the authority's side ---------------------------------------------------------------


def acts_for_authority(user, commitment: Commitment) -> bool:
    """Whether `user` answers for the commitment as its authority (opening it counts as
    read): they may verify it, or they belong to the receiving organisation."""
    if user is None or not user.is_authenticated:
        return False
    if user.organisation_id and user.organisation_id == commitment.authority_id:
        return True
    if not user.has_perm(VERIFY_COMMITMENT):
        return False
    visible = Commitment.objects.visible_to(user, VERIFY_COMMITMENT)
    return visible.filter(pk=commitment.pk).exists()


def commitment_mark_read(*, actor, commitment: Commitment) -> Commitment:
    """The authority opened it: `read_at` and a READ event, once."""
    with transaction.atomic():
        current = fetch_for(actor, Commitment, commitment.pk, "view")
        if current.read_at is not None or not acts_for_authority(actor, current):
            return current
        now = timezone.now()
        if Commitment.objects.filter(pk=current.pk, read_at__isnull=True).update(read_at=now):
            before = snapshot(current)
            current.refresh_from_db()
            record_change(actor=actor, instance=current, action=ChangeAction.UPDATE, before=before)
            _event(current, actor, CommitmentEventKind.READ)
        return current


def commitment_verify(*, actor, commitment: Commitment, note: str = "") -> Commitment:
    """Verified on site (现场核查): in force → verified."""
    with transaction.atomic():
        current = fetch_for(actor, Commitment, commitment.pk, VERIFY_COMMITMENT, lock=True)
        if current.status != CommitmentStatus.IN_FORCE:
            raise FugongError(
                _("Only a commitment in force can be verified; this one is “%(status)s”.")
                % {"status": current.get_status_display()},
                code="invalid_transition",
            )
        before = snapshot(current)
        now = timezone.now()
        current.status = CommitmentStatus.VERIFIED
        current.verified_at, current.verified_by = now, actor
        current.read_at = current.read_at or now
        save_transition(current, ["status", "verified_at", "verified_by", "read_at"])
        record_change(
            actor=actor, instance=current, action=ChangeAction.UPDATE, before=before, message=note
        )
        _event(current, actor, CommitmentEventKind.VERIFIED, (note or "").strip())
        project_event(
            actor=actor,
            project=current.project,
            kind=ProjectEventKind.COMMITMENT_VERIFIED,
            message=(note or "").strip(),
        )
    return current


def commitment_revoke(*, actor, commitment: Commitment, reason: str) -> Commitment:
    """Revoked for a false commitment: the project is suspended and a credit record is kept
    against the committing enterprise."""
    reason = (reason or "").strip()
    if len(reason) < REASON_MIN:
        raise FugongError(
            _("Give the reason for revoking (at least %(n)d characters).") % {"n": REASON_MIN},
            fields={"reason": _("At least %(n)d characters.") % {"n": REASON_MIN}},
            code="reason_required",
        )
    with transaction.atomic():
        current = fetch_for(actor, Commitment, commitment.pk, REVOKE_COMMITMENT, lock=True)
        if current.status not in IN_FORCE:
            raise FugongError(
                _(
                    "Only a commitment in force or verified can be revoked; this one is “%(status)s”."
                )
                % {"status": current.get_status_display()},
                code="invalid_transition",
            )
        before = snapshot(current)
        now = timezone.now()
        current.status = CommitmentStatus.REVOKED
        current.revoked_at, current.revoked_by, current.revoke_reason = now, actor, reason
        current.read_at = current.read_at or now
        save_transition(current, ["status", "revoked_at", "revoked_by", "revoke_reason", "read_at"])
        record_change(
            actor=actor, instance=current, action=ChangeAction.UPDATE, before=before, message=reason
        )
        credit = CreditRecord(
            enterprise=current.enterprise, commitment=current, reason=reason, recorded_by=actor
        )
        credit.full_clean()
        credit.save()
        record_change(actor=actor, instance=credit, action=ChangeAction.CREATE)
        _event(current, actor, CommitmentEventKind.REVOKED, reason)
        project = Project.objects.select_for_update().get(pk=current.project_id)
        message = _("Commitment revoked: %(reason)s") % {"reason": reason}
        if project.status == ProjectStatus.RESUMED:
            project_set_status(
                actor=actor,
                project=project,
                to_status=ProjectStatus.SUSPENDED,
                kind=ProjectEventKind.COMMITMENT_REVOKED,
                message=message,
            )
        else:
            project_event(
                actor=actor,
                project=project,
                kind=ProjectEventKind.COMMITMENT_REVOKED,
                message=message,
            )
        notify_on_commit(
            recipients=enterprise_recipients(current.enterprise),
            kind="commitment_revoked",
            title=_("Commitment revoked: %(project)s") % {"project": project.name},
            body=reason,
            link=current.get_absolute_url(),
            key=f"commitment-revoked-{current.pk}",
        )
    return current
