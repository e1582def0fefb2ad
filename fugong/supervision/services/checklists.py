"""Inspection checklists (检查表), one family per field, versioned like construction's
commitment checklists: a version an inspection used is frozen, and editing it makes the
next version instead; one version per field is offered for new inspections."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from fugong.audit.choices import ChangeAction
from fugong.audit.services import record_change, snapshot
from fugong.common.errors import Conflict, Forbidden, FugongError
from fugong.common.scoping import user_can
from fugong.supervision.choices import InspectionField
from fugong.supervision.models import InspectionChecklist, InspectionChecklistItem
from fugong.supervision.services.base import fetch_locked


def _clean_items(items: list[dict]) -> list[dict]:
    errors, clean, codes = {}, [], set()
    for index, raw in enumerate(items):
        position = index + 1
        text = str(raw.get("text") or "").strip()
        code = slugify(str(raw.get("code") or "").strip())[:40] or f"item-{position}"
        if not text:
            errors[f"items-{index}-text"] = _("Write what is checked.")
        if code in codes:
            errors[f"items-{index}-code"] = _("Two items have the code “%(code)s”.") % {
                "code": code
            }
        codes.add(code)
        clean.append(
            {
                "position": position,
                "code": code,
                "text": text[:300],
                "guidance": str(raw.get("guidance") or "").strip()[:300],
            }
        )
    if not clean:
        errors["items"] = _("A checklist needs at least one item.")
    if errors:
        raise FugongError(_("Some checklist items need attention."), fields=errors)
    return clean


def _items_snapshot(checklist) -> list[dict]:
    return list(checklist.items.order_by("position").values("code", "text", "guidance"))


def checklist_create(*, actor, field: str, title: str, items: list[dict]) -> InspectionChecklist:
    """The next (not yet offered) version of the field's checklist."""
    if actor is not None and not user_can(actor, InspectionChecklist, "add"):
        raise Forbidden()
    if field not in InspectionField.values:
        raise FugongError(_("Choose a field."), fields={"field": _("Choose a field.")})
    title = (title or "").strip()
    if not title:
        raise FugongError(_("Give the checklist a title."), fields={"title": _("Required.")})
    clean = _clean_items(items)
    try:
        with transaction.atomic():
            list(InspectionChecklist.objects.select_for_update().filter(field=field))
            last = InspectionChecklist.objects.filter(field=field).aggregate(
                n=Max("version_number")
            )["n"]
            checklist = InspectionChecklist.objects.create(
                field=field, version_number=(last or 0) + 1, title=title[:150]
            )
            InspectionChecklistItem.objects.bulk_create(
                InspectionChecklistItem(checklist=checklist, **row) for row in clean
            )
            record_change(
                actor=actor,
                instance=checklist,
                action=ChangeAction.CREATE,
                after={**snapshot(checklist), "items": _items_snapshot(checklist)},
            )
    except IntegrityError:
        raise Conflict() from None
    return checklist


def checklist_update(
    *, actor, checklist: InspectionChecklist, title: str, items: list[dict], expected_version=None
) -> InspectionChecklist:
    """Save the edit; a frozen version stays as it was and the edit becomes the next
    version (returned)."""
    clean = _clean_items(items)
    with transaction.atomic():
        current = fetch_locked(actor, InspectionChecklist, checklist.pk, "change")
        if expected_version is not None and current.version != expected_version:
            raise Conflict()
        if current.is_frozen:
            return checklist_create(actor=actor, field=current.field, title=title, items=items)
        before = {**snapshot(current), "items": _items_snapshot(current)}
        current.title = (title or current.title).strip()[:150]
        current.items.all().delete()
        InspectionChecklistItem.objects.bulk_create(
            InspectionChecklistItem(checklist=current, **row) for row in clean
        )
        current.version = F("version") + 1
        current.save(update_fields=["title", "version", "updated_at"])
        current.refresh_from_db()
        record_change(
            actor=actor,
            instance=current,
            action=ChangeAction.UPDATE,
            before=before,
            after={**snapshot(current), "items": _items_snapshot(current)},
        )
    return current


def checklist_activate(*, actor, checklist: InspectionChecklist) -> InspectionChecklist:
    """Offer this version for new inspections of its field (the previous one stops)."""
    with transaction.atomic():
        current = fetch_locked(actor, InspectionChecklist, checklist.pk, "change")
        if current.is_active:
            return current
        for other in InspectionChecklist.objects.select_for_update().filter(
            field=current.field, is_active=True
        ):
            before = snapshot(other)
            other.is_active = False
            other.version = F("version") + 1
            other.save(update_fields=["is_active", "version", "updated_at"])
            other.refresh_from_db()
            record_change(actor=actor, instance=other, action=ChangeAction.UPDATE, before=before)
        before = snapshot(current)
        current.is_active = True
        current.version = F("version") + 1
        try:
            with transaction.atomic():
                current.save(update_fields=["is_active", "version", "updated_at"])
        except IntegrityError:
            raise Conflict() from None
        current.refresh_from_db()
        record_change(actor=actor, instance=current, action=ChangeAction.UPDATE, before=before)
    return current


def checklist_freeze(*, actor, checklist: InspectionChecklist) -> bool:
    """Mark the version used (inside the completing inspection's transaction)."""
    updated = InspectionChecklist.objects.filter(pk=checklist.pk, frozen_at__isnull=True).update(
        frozen_at=timezone.now(), version=F("version") + 1
    )
    if updated:
        checklist.refresh_from_db()
        record_change(
            actor=actor,
            instance=checklist,
            action=ChangeAction.UPDATE,
            message=_("Frozen: used by an inspection"),
        )
    return bool(updated)


def checklist_offered(field: str) -> InspectionChecklist | None:
    return InspectionChecklist.objects.filter(field=field, is_active=True).first()
