"""The resident's first scan (首次登记): matched to a surveyed resident of the gate's
compound, then remembered in a signed cookie so that later scans are one tap.

The cookie holds the resident's id, the first characters of their phone's look-up hash
and a format version, signed with the project's secret (django.core.signing): it cannot
be forged, and it stops working when the resident is removed, moves to another compound
or changes phone (or when COOKIE_VERSION is raised)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core import signing
from django.core.exceptions import ValidationError
from django.db.models import Subquery
from django.utils.translation import gettext as _

from fugong.common.errors import FugongError, NotFound
from fugong.common.pii.fields import filter_by_personal
from fugong.common.pii.validators import normalise_mobile, validate_mobile
from fugong.common.prepared import PreparedRead
from fugong.community.models import Resident
from fugong.gates.services.passages import GateFacts, gate_for_token

COOKIE_NAME = "fugong_gate"
COOKIE_VERSION = 1
COOKIE_MAX_AGE = 180 * 24 * 3600
_SALT = "fugong.gates.resident"
_HASH_CHARS = 16


@dataclass(frozen=True)
class KnownResident:
    id: int
    name: str


class RegistrationInvalid(FugongError):
    code = "registration_invalid"
    status = 403


def _norm(text: str) -> str:
    return "".join((text or "").split()).casefold()


def resident_register(
    *, gate: GateFacts, name: str, phone: str, id_last4: str, building_id, unit: str, room: str
) -> tuple[KnownResident, str]:
    """Find the resident these answers describe in the gate's compound; the cookie value.
    Every answer must match: one message for any mismatch, so the page reveals nothing
    about who lives where."""
    errors = {}
    if not (name or "").strip():
        errors["name"] = _("Enter your name.")
    phone = normalise_mobile(phone)
    try:
        validate_mobile(phone)
    except ValidationError as exc:
        errors["phone"] = exc.messages[0]
    last4 = "".join((id_last4 or "").split()).upper()
    if last4 and (
        len(last4) != 4 or not last4[:3].isdigit() or not (last4[3].isdigit() or last4[3] == "X")
    ):
        errors["id_last4"] = _("Enter the last four characters of your identity number.")
    if not (room or "").strip():
        errors["room"] = _("Enter your room number.")
    if errors:
        raise FugongError(next(iter(errors.values())), code="invalid", fields=errors)
    candidates = filter_by_personal(
        Resident.objects.filter(household__building__parent_id=gate.compound_id), "phone", phone
    ).select_related("household")
    for resident in candidates:
        household = resident.household
        if _norm(resident.name) != _norm(name):
            continue
        if str(household.building_id) != str(building_id):
            continue
        if _norm(household.room) != _norm(room) or (
            unit and household.unit and _norm(household.unit) != _norm(unit)
        ):
            continue
        if resident.id_number and resident.id_number.full[-4:].upper() != last4:
            continue
        known = KnownResident(resident.pk, resident.name)
        return known, _cookie_value(resident)
    raise FugongError(
        _(
            "We could not find you among the residents registered in this compound. Check "
            "what you entered, or ask the gate volunteer to register you."
        ),
        code="no_match",
    )


def _cookie_value(resident: Resident) -> str:
    payload = {
        "r": resident.pk,
        "p": (resident.phone_hash or "")[:_HASH_CHARS],
        "v": COOKIE_VERSION,
    }
    return signing.dumps(payload, salt=_SALT, compress=False)


def read_cookie(value: str | None) -> dict | None:
    """The payload of a genuine, current cookie; None when absent, forged or outdated."""
    if not value:
        return None
    try:
        payload = signing.loads(value, salt=_SALT, max_age=COOKIE_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict) or payload.get("v") != COOKIE_VERSION:
        return None
    return payload


# Every tap reads the resident its cookie names: compiled once (common.prepared).
_resident_by_id = PreparedRead(
    lambda pk: (
        Resident.objects.filter(pk=pk)
        .order_by()
        .values_list("name", "phone_hash", "household__building__parent_id")[:1]
    ),
    pk=int,
)


def resident_for_cookie(payload: dict, gate: GateFacts) -> KnownResident:
    """The resident the cookie names, if they still live in the gate's compound with the
    same phone: one query."""
    pk = payload.get("r")
    rows = _resident_by_id(pk=pk) if type(pk) is int else []
    return _known(payload, rows[0] if rows else None, gate)


def _known(payload: dict, row, gate: GateFacts) -> KnownResident:
    """`row` is (name, phone hash, compound) of the resident the cookie names, or None."""
    if row is None or row[0] is None or (row[1] or "")[:_HASH_CHARS] != payload.get("p"):
        raise RegistrationInvalid(
            _(
                "Your registration on this phone is no longer valid (the resident record "
                "was removed or changed). Please register again."
            )
        )
    if row[2] != gate.compound_id:
        raise RegistrationInvalid(
            _("This gate belongs to another compound: you are registered elsewhere."),
            code="wrong_compound",
        )
    return KnownResident(payload["r"], row[0])


def _gate_with_resident(token: str, pk: int):
    """The gate of `token` (in use) with the name, phone hash and compound of resident `pk`
    beside it: the tap's two look-ups as one statement."""
    from fugong.gates.models import Checkpoint

    def of_resident(field):
        return Subquery(Resident.objects.filter(pk=pk).order_by().values(field)[:1])

    return (
        Checkpoint.objects.filter(token=token, is_active=True)
        .order_by()
        .annotate(
            r_name=of_resident("name"),
            r_hash=of_resident("phone_hash"),
            r_compound=of_resident("household__building__parent_id"),
        )
        .values_list(
            "pk", "compound_id", "compound__parent_id", "name", "r_name", "r_hash", "r_compound"
        )[:1]
    )


_gate_and_resident = PreparedRead(_gate_with_resident, token=str, pk=int)


def gate_and_resident_for_cookie(token: str, payload: dict):
    """(gate, the known resident or None, the reason the cookie is refused or None) in one
    query; NotFound when the token names no gate in use. `payload` is a genuine cookie's."""
    pk = payload.get("r")
    if type(pk) is not int or not token:
        gate = gate_for_token(token)
        try:
            _known(payload, None, gate)
        except RegistrationInvalid as exc:
            return gate, None, exc
    rows = _gate_and_resident(token=str(token), pk=pk)
    if not rows:
        raise NotFound(_("This gate's QR code is not in use any more."))
    row = rows[0]
    gate = GateFacts(*row[:4])
    try:
        return gate, _known(payload, row[4:], gate), None
    except RegistrationInvalid as exc:
        return gate, None, exc
