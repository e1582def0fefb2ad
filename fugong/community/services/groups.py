"""Building groups (楼栋群): the registry the notices are broadcast to."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from fugong.common.errors import Forbidden, FugongError
from fugong.common.services import archive_object, create_object, update_object
from fugong.community.models import ResidentGroup
from fugong.regions.choices import RegionLevel
from fugong.regions.models import Region

GROUP_EDITABLE = (
    "platform",
    "name",
    "owner_name",
    "owner_phone",
    "members_count",
    "webhook_url",
    "is_active",
)


def _duplicate():
    message = _("The building already has a group of this name.")
    return FugongError(message, code="duplicate", fields={"name": message})


def _check_webhook(url: str) -> None:
    if url and not url.lower().startswith("https://"):
        message = _("A robot webhook must be an https:// address.")
        raise FugongError(message, code="webhook", fields={"webhook_url": message})


def resident_group_create(*, actor, building: Region, **data) -> ResidentGroup:
    if building is None or building.level != RegionLevel.BUILDING:
        message = _("Choose a building.")
        raise FugongError(message, code="not_a_building", fields={"building": message})
    if (
        actor is not None
        and not Region.objects.visible_to(actor, "community.add_residentgroup")
        .filter(pk=building.pk)
        .exists()
    ):
        raise Forbidden()
    clean = {k: v for k, v in data.items() if k in GROUP_EDITABLE}
    _check_webhook(clean.get("webhook_url", ""))
    try:
        with transaction.atomic():
            return create_object(
                actor=actor, model=ResidentGroup, data={"building": building, **clean}
            )
    except (IntegrityError, ValidationError) as exc:
        if isinstance(exc, ValidationError) and "duplicate" not in [
            e.code for e in getattr(exc, "error_dict", {}).get("__all__", [])
        ]:
            raise
        raise _duplicate() from None


def resident_group_update(*, actor, group: ResidentGroup, data: dict, expected_version=None):
    clean = {k: v for k, v in data.items() if k in GROUP_EDITABLE}
    _check_webhook(clean.get("webhook_url", ""))
    try:
        with transaction.atomic():
            return update_object(
                actor=actor, instance=group, data=clean, expected_version=expected_version
            )
    except (IntegrityError, ValidationError) as exc:
        if isinstance(exc, ValidationError) and "duplicate" not in [
            e.code for e in getattr(exc, "error_dict", {}).get("__all__", [])
        ]:
            raise
        raise _duplicate() from None


def resident_group_delete(*, actor, group: ResidentGroup) -> None:
    archive_object(actor=actor, instance=group)
