"""Households and residents (摸排): create, change, remove, each audited."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from fugong.common.errors import Forbidden, FugongError
from fugong.common.pii.validators import identity_birth_date, identity_sex
from fugong.common.scoping import user_can
from fugong.common.services import archive_object, create_object, fetch_for, update_object
from fugong.community.choices import ResidentSource, Sex
from fugong.community.models import Household, Resident
from fugong.regions.choices import RegionLevel
from fugong.regions.models import Region

RESIDENT_EDITABLE = (
    "household",
    "name",
    "id_number",
    "phone",
    "residency",
    "returned_from",
    "returned_on",
    "health_status",
    "elderly_alone",
    "disabled",
    "chronic_illness",
    "pregnant",
    "left_behind_child",
    "vulnerable_note",
    "note",
)


def derive_from_identity(resident: Resident) -> None:
    """Sex and birth year from the identity number (none without a valid one)."""
    number = getattr(resident.id_number, "full", resident.id_number) or ""
    try:
        resident.sex = Sex.MALE if identity_sex(number) == "M" else Sex.FEMALE
        resident.birth_year = identity_birth_date(number).year
    except ValueError:
        resident.sex, resident.birth_year = "", None


def _duplicate_identity() -> FugongError:
    message = _("A resident with this identity number is registered.")
    return FugongError(message, code="duplicate_identity", fields={"id_number": message})


def _check_building(actor, building: Region, action: str) -> None:
    if building is None or building.level != RegionLevel.BUILDING:
        message = _("Choose a building.")
        raise FugongError(message, code="not_a_building", fields={"building": message})
    if actor is not None:
        fetch_for(actor, Region, building.pk, "view")
        if (
            not Region.objects.visible_to(actor, f"community.{action}_household")
            .filter(pk=building.pk)
            .exists()
        ):
            raise Forbidden()


def household_create(*, actor, building: Region, unit: str = "", room: str, note: str = ""):
    _check_building(actor, building, "add")
    try:
        with transaction.atomic():
            return create_object(
                actor=actor,
                model=Household,
                data={
                    "building": building,
                    "unit": unit.strip(),
                    "room": room.strip(),
                    "note": note,
                },
            )
    except IntegrityError:
        message = _("This room is already registered in the building.")
        raise FugongError(message, code="duplicate", fields={"room": message}) from None


def household_get_or_create(*, actor, building: Region, unit: str = "", room: str) -> Household:
    """The household of that room, registered when it is not yet (gates' self-registration
    and the survey form use this)."""
    found = Household.objects.filter(building=building, unit=unit.strip(), room=room.strip())
    if actor is not None:
        found = found.visible_to(actor)
    existing = found.first()
    if existing is not None:
        return existing
    try:
        return household_create(actor=actor, building=building, unit=unit, room=room)
    except FugongError as exc:
        if exc.code != "duplicate":
            raise
        return Household.objects.get(building=building, unit=unit.strip(), room=room.strip())


def household_update(*, actor, household: Household, data: dict, expected_version=None):
    clean = {k: v for k, v in data.items() if k in ("unit", "room", "note")}
    try:
        with transaction.atomic():
            return update_object(
                actor=actor, instance=household, data=clean, expected_version=expected_version
            )
    except ValidationError as exc:
        if "duplicate" in [e.code for e in exc.error_dict.get("__all__", [])]:
            message = _("This room is already registered in the building.")
            raise FugongError(message, code="duplicate", fields={"room": message}) from None
        raise


def resident_create(
    *, actor, household: Household, source: str = ResidentSource.SURVEY, **data
) -> Resident:
    """Register a person in a household; sex and birth year come from the identity number."""
    if actor is not None:
        if not user_can(actor, Resident, "add"):
            raise Forbidden()
        fetch_for(actor, Household, household.pk, "view")
    values = {k: v for k, v in data.items() if k in RESIDENT_EDITABLE}
    values["household"] = household
    probe = Resident(id_number=values.get("id_number"))
    derive_from_identity(probe)
    fields = {**values, "source": source, "sex": probe.sex, "birth_year": probe.birth_year}
    try:
        with transaction.atomic():
            return create_object(actor=actor, model=Resident, data=fields)
    except IntegrityError:
        raise _duplicate_identity() from None
    except ValidationError as exc:
        if "duplicate" in [e.code for e in exc.error_dict.get("__all__", [])]:
            raise _duplicate_identity() from None
        raise


def resident_update(*, actor, resident: Resident, data: dict, expected_version=None) -> Resident:
    clean = {k: v for k, v in data.items() if k in RESIDENT_EDITABLE}
    if "household" in clean and actor is not None:
        fetch_for(actor, Household, clean["household"].pk, "view")
    if "id_number" in clean:
        probe = Resident(id_number=clean["id_number"])
        derive_from_identity(probe)
        clean["sex"], clean["birth_year"] = probe.sex, probe.birth_year
    try:
        with transaction.atomic():
            return update_object(
                actor=actor, instance=resident, data=clean, expected_version=expected_version
            )
    except IntegrityError:
        raise _duplicate_identity() from None
    except ValidationError as exc:
        if "duplicate" in [e.code for e in getattr(exc, "error_dict", {}).get("__all__", [])]:
            raise _duplicate_identity() from None
        raise


def resident_delete(*, actor, resident: Resident, message: str = "") -> None:
    """Remove a person who moved away (audited with the record as it was). Records that
    other apps keep about them (passages, quarantine) refuse the removal."""
    try:
        archive_object(actor=actor, instance=resident, message=message)
    except ProtectedError:
        raise FugongError(
            _("This resident has records (passages, quarantine…) and cannot be removed."),
            code="protected",
        ) from None
