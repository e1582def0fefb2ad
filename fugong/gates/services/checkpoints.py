"""Gates of a compound: set up, change, retire, and a new QR token when a poster leaks."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from fugong.audit.choices import ChangeAction
from fugong.audit.services import record_change, snapshot
from fugong.common.errors import FugongError
from fugong.common.services import create_object, fetch_for, update_object
from fugong.gates.models import Checkpoint
from fugong.gates.models.checkpoints import new_token
from fugong.regions.choices import RegionLevel
from fugong.regions.models import Region

EDITABLE = ("name", "kind", "location", "is_active", "note")


def _duplicate() -> FugongError:
    message = _("The compound already has a gate of this name.")
    return FugongError(message, code="duplicate", fields={"name": message})


def _is_duplicate(exc: ValidationError) -> bool:
    return "duplicate" in [e.code for e in getattr(exc, "error_dict", {}).get("__all__", [])]


def checkpoint_create(*, actor, compound: Region, name: str, **data) -> Checkpoint:
    if compound.level != RegionLevel.COMPOUND:
        message = _("A gate belongs to a compound.")
        raise FugongError(message, code="not_compound", fields={"compound": message})
    values = {k: v for k, v in data.items() if k in EDITABLE}
    values.update(compound=compound, name=(name or "").strip(), created_by=actor)
    try:
        with transaction.atomic():
            return create_object(actor=actor, model=Checkpoint, data=values)
    except IntegrityError:
        raise _duplicate() from None
    except ValidationError as exc:
        if _is_duplicate(exc):
            raise _duplicate() from None
        raise


def checkpoint_update(*, actor, checkpoint: Checkpoint, data: dict, expected_version=None):
    clean = {k: v for k, v in data.items() if k in EDITABLE}
    try:
        with transaction.atomic():
            return update_object(
                actor=actor, instance=checkpoint, data=clean, expected_version=expected_version
            )
    except IntegrityError:
        raise _duplicate() from None
    except ValidationError as exc:
        if _is_duplicate(exc):
            raise _duplicate() from None
        raise


def checkpoint_new_token(*, actor, checkpoint: Checkpoint) -> Checkpoint:
    """Issue a new QR token: the old posters stop working (a leaked or vandalised poster)."""
    with transaction.atomic():
        current = fetch_for(actor, Checkpoint, checkpoint.pk, "change", lock=True)
        before = snapshot(current)
        current.token = new_token()
        current.save(update_fields=["token", "updated_at"])
        record_change(
            actor=actor,
            instance=current,
            action=ChangeAction.UPDATE,
            before=before,
            message=_("New QR code issued; old posters no longer work."),
        )
    return current
