"""Small pieces every supervision service uses: timeline rows, numbers, uploads, messages."""

from __future__ import annotations

from django.apps import apps
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from fugong.supervision.models import EvidencePhoto, SupervisionEvent

PHOTO_MAX_BYTES = 10 * 1024 * 1024
PHOTO_MAX_COUNT = 6
# Recognised by content as well as by name: what a phone camera produces, or a scan.
PHOTO_SIGNATURES = {
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".pdf": (b"%PDF-",),
}


def fetch_locked(actor, model, pk, action: str):
    """The row if the actor may `action` it (else Forbidden / NotFound), locked for the
    transaction. The scope query joins the project's parties with outer joins (an
    enterprise's grant matches builder OR contractor OR supervisor), which PostgreSQL cannot
    lock: scope first, then lock the row alone."""
    from fugong.common.services import fetch_for

    fetch_for(actor, model, pk, action)
    return model._default_manager.select_for_update().get(pk=pk)


def event(*, actor, project, kind, message="", inspection=None, finding=None, order=None):
    return SupervisionEvent.objects.create(
        project=project,
        inspection=inspection,
        finding=finding,
        stop_work_order=order,
        actor=actor if actor is not None and actor.is_authenticated else None,
        kind=kind,
        message=str(message or "")[:500],
    )


def assign_number(instance, prefix: str) -> None:
    """A readable number from the row id (JC2026-00042): unique without a counter to race."""
    year = timezone.localdate().year
    instance.number = f"{prefix}{year}-{instance.pk:05d}"
    type(instance).objects.filter(pk=instance.pk).update(number=instance.number)


def save_transition(instance, fields: list[str]) -> None:
    instance.version = F("version") + 1
    instance.save(update_fields=[*fields, "version", "updated_at"])
    instance.refresh_from_db()


def photo_errors(photos) -> list[str]:
    """Why the uploaded photos are refused: JPG, PNG or PDF, ≤ 10 MB each, ≤ 6 at a time."""
    photos = list(photos or [])
    if len(photos) > PHOTO_MAX_COUNT:
        return [_("At most %(n)d photos at a time.") % {"n": PHOTO_MAX_COUNT}]
    errors = []
    for photo in photos:
        name = getattr(photo, "name", "") or ""
        extension = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
        signatures = PHOTO_SIGNATURES.get(extension)
        if signatures is None or not hasattr(photo, "read"):
            errors.append(_("“%(name)s”: upload a JPG, PNG or PDF file.") % {"name": name})
            continue
        if (getattr(photo, "size", None) or 0) > PHOTO_MAX_BYTES:
            errors.append(_("“%(name)s” is larger than 10 MB.") % {"name": name})
            continue
        head = photo.read(16)
        photo.seek(0)
        if not any(head.startswith(s) for s in signatures):
            errors.append(_("“%(name)s” is not a readable JPG, PNG or PDF.") % {"name": name})
    return errors


def save_photos(*, actor, project, photos, finding=None, reply=None) -> list[EvidencePhoto]:
    saved = []
    for photo in photos or []:
        row = EvidencePhoto(
            project=project,
            finding=finding,
            reply=reply,
            file=photo,
            uploaded_by=actor if actor is not None and actor.is_authenticated else None,
        )
        row.save()
        saved.append(row)
    return saved


def notify_on_commit(**message) -> None:
    """Queue an in-app message for after the commit (none when the transaction fails)."""
    if not apps.is_installed("fugong.messaging"):
        return

    def send():
        from fugong.messaging.services import notify

        notify(**message)

    transaction.on_commit(send)
