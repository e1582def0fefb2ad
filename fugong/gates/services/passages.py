"""Recording passages (出入登记) and the alerts they raise.

Two ways in: the resident's one tap on the gate's QR page (no login: the signed cookie
names the resident; see services.registration) and the gate volunteer's page (logged in,
scoped). Both end in `_insert`: one INSERT in a short transaction, the alert to the
community's cadres queued on commit. Passages are never changed afterwards.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from fugong.common.errors import Forbidden, FugongError, NotFound
from fugong.common.pii.validators import normalise_mobile, validate_mobile
from fugong.common.prepared import PreparedRead, prepared_insert
from fugong.common.scoping import user_can
from fugong.community.models import Resident
from fugong.gates import hooks
from fugong.gates.choices import Direction, PassageSource
from fugong.gates.models import Checkpoint, Passage
from fugong.gates.models.passages import TEMPERATURE_MAX, TEMPERATURE_MIN

ADD_PASSAGE = "gates.add_passage"
NOTIFY_KIND = "gates.alert"


def fever_threshold() -> Decimal:
    """≥ this (°C) is a fever; `GATES_FEVER_THRESHOLD` in the settings, 37.3 by default."""
    return Decimal(str(getattr(settings, "GATES_FEVER_THRESHOLD", "37.3")))


def _field_error(field: str, message, code: str) -> FugongError:
    return FugongError(message, code=code, fields={field: message})


def clean_temperature(value, *, required: bool) -> Decimal | None:
    """A reading in °C with one decimal; refuses what no living person measures."""
    if value in (None, ""):
        if required:
            raise _field_error(
                "temperature", _("Take the temperature before going in."), "required"
            )
        return None
    try:
        reading = Decimal(str(value).strip().replace(",", ".")).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        raise _field_error(
            "temperature", _("Enter the temperature as a number, e.g. 36.5."), "invalid"
        ) from None
    if not (TEMPERATURE_MIN <= reading <= TEMPERATURE_MAX):
        raise _field_error(
            "temperature",
            _("%(t)s °C is not a possible body temperature (%(lo)s–%(hi)s °C); measure again.")
            % {"t": reading, "lo": TEMPERATURE_MIN, "hi": TEMPERATURE_MAX},
            "impossible_temperature",
        )
    return reading


def clean_direction(value) -> str:
    if value not in Direction.values:
        raise _field_error("direction", _("Choose in or out."), "invalid")
    return value


@dataclass(frozen=True)
class GateFacts:
    """What recording needs of a gate, read once."""

    id: int
    compound_id: int
    community_id: int
    name: str


# Every scan of a QR code reads its gate: compiled once (common.prepared).
_gate_by_token = PreparedRead(
    lambda token: (
        Checkpoint.objects.filter(token=token, is_active=True)
        .order_by()
        .values_list("pk", "compound_id", "compound__parent_id", "name")[:1]
    ),
    token=str,
)


def gate_for_token(token: str) -> GateFacts:
    rows = _gate_by_token(token=str(token)) if token else []
    if not rows:
        raise NotFound(_("This gate's QR code is not in use any more."))
    return GateFacts(*rows[0])


def _alerts_for(passage: Passage, resident_id: int | None) -> str | None:
    """Marks the passage (fever, leaving under quarantine); the quarantine reason or None."""
    if passage.temperature is not None and passage.temperature >= fever_threshold():
        passage.fever = True
    reason = None
    if resident_id and passage.direction == Direction.OUT and hooks.has_out_alerts():
        reason = hooks.out_alert_reason(resident_id)
        passage.quarantine_alert = bool(reason)
    return reason


def _insert(passage: Passage, *, gate: GateFacts, person: str, reason: str | None) -> Passage:
    try:
        with transaction.atomic():
            # A city's gates at their peak: the INSERT compiled once per connection (the
            # model's save() only refuses changes of a recorded passage).
            prepared_insert(passage, bypass_save=True)
            if passage.fever or passage.quarantine_alert:
                transaction.on_commit(
                    lambda: _notify_cadres(passage, gate=gate, person=person, reason=reason)
                )
    except IntegrityError:
        # The same form sent twice (a double tap, a retried request): one passage.
        existing = Passage.objects.filter(request_key=passage.request_key).first()
        if existing is None:
            raise
        existing.duplicate = True
        return existing
    passage.duplicate = False
    return passage


def _notify_cadres(passage: Passage, *, gate: GateFacts, person: str, reason: str | None):
    from fugong.community.selectors import community_cadres_for_system
    from fugong.messaging.services import notify
    from fugong.regions.models import Region

    community = Region(pk=gate.community_id)
    when = timezone.localtime(passage.at).strftime("%H:%M")
    if passage.fever:
        title = _("Fever at %(gate)s: %(who)s %(t)s °C") % {
            "gate": gate.name,
            "who": person,
            "t": passage.temperature,
        }
        notify(
            recipients=community_cadres_for_system(community),
            kind=NOTIFY_KIND,
            title=title,
            body=_("%(time)s, %(dir)s. Passage %(n)s.")
            % {"time": when, "dir": passage.get_direction_display(), "n": passage.pk},
            link=reverse("gates:passage_detail", args=[passage.pk]),
            key=f"gates-fever:{passage.pk}",
        )
    if passage.quarantine_alert:
        notify(
            recipients=community_cadres_for_system(community),
            kind=NOTIFY_KIND,
            title=_("%(who)s went out at %(gate)s while %(reason)s")
            % {"who": person, "gate": gate.name, "reason": reason},
            body=_("%(time)s. Passage %(n)s.") % {"time": when, "n": passage.pk},
            link=reverse("gates:passage_detail", args=[passage.pk]),
            key=f"gates-quarantine-out:{passage.pk}",
        )


def _clean_key(value) -> str | None:
    key = (value or "").strip()
    return key[:40] or None


# --- the resident's tap on the QR page -------------------------------------------------------


def passage_record_by_resident(
    *, gate: GateFacts, resident_id: int, resident_name: str, data: dict
) -> Passage:
    """The QR page's one tap; the resident was identified by the signed cookie and lives
    in the gate's compound (services.registration checked both)."""
    direction = clean_direction(data.get("direction"))
    temperature = clean_temperature(data.get("temperature"), required=direction == Direction.IN)
    passage = Passage(
        checkpoint_id=gate.id,
        direction=direction,
        temperature=temperature,
        resident_id=resident_id,
        source=PassageSource.QR,
        request_key=_clean_key(data.get("key")),
    )
    reason = _alerts_for(passage, resident_id)
    return _insert(passage, gate=gate, person=resident_name, reason=reason)


# --- the gate volunteer ------------------------------------------------------------------------


def gate_for_actor(actor, checkpoint_id) -> GateFacts:
    """The gate if the actor may record passages there (403 without the permission at all,
    404 when it is not theirs)."""
    if not user_can(actor, Passage, "add"):
        raise Forbidden()
    row = (
        Checkpoint.objects.visible_to(actor, ADD_PASSAGE)
        .filter(pk=checkpoint_id)
        .values_list("pk", "compound_id", "compound__parent_id", "name", "is_active")
        .first()
    )
    if row is None:
        raise NotFound()
    if not row[4]:
        raise FugongError(_("This gate is not in use."), code="gate_inactive")
    return GateFacts(*row[:4])


def passage_record(
    *,
    actor,
    checkpoint_id: int,
    direction: str,
    temperature=None,
    resident_id: int | None = None,
    visitor_name: str = "",
    visitor_phone: str = "",
    visit_reason: str = "",
    visiting: str = "",
    request_key: str | None = None,
    at: datetime.datetime | None = None,
    source: str = PassageSource.VOLUNTEER,
) -> Passage:
    """A passage recorded by the gate volunteer (or through the API): a known resident of
    the gate's compound, or a visitor with a reason and whom they visit."""
    gate = gate_for_actor(actor, checkpoint_id)
    direction = clean_direction(direction)
    temperature = clean_temperature(temperature, required=direction == Direction.IN)
    passage = Passage(
        checkpoint_id=gate.id,
        direction=direction,
        temperature=temperature,
        source=source,
        recorded_by=actor,
        request_key=_clean_key(request_key),
    )
    if at is not None:
        if at > timezone.now() + datetime.timedelta(minutes=5):
            raise _field_error("at", _("A passage cannot be recorded in the future."), "future")
        passage.at = at
    if resident_id:
        row = (
            Resident.objects.filter(pk=resident_id)
            .values_list("name", "household__building__parent_id")
            .first()
        )
        if row is None:
            raise _field_error("resident", _("This resident is not registered."), "not_found")
        if row[1] != gate.compound_id:
            raise _field_error(
                "resident",
                _("This resident does not live in this gate's compound."),
                "wrong_compound",
            )
        passage.resident_id = resident_id
        person = row[0]
    else:
        visitor_name = (visitor_name or "").strip()
        errors = {}
        if not visitor_name:
            errors["visitor_name"] = _("Enter the visitor's name.")
        if not (visit_reason or "").strip():
            errors["visit_reason"] = _("Enter the reason of the visit.")
        if not (visiting or "").strip():
            errors["visiting"] = _("Enter whom the visitor visits.")
        phone = normalise_mobile(visitor_phone) if visitor_phone else ""
        if phone:
            try:
                validate_mobile(phone)
            except ValidationError as exc:
                errors["visitor_phone"] = exc.messages[0]
        if errors:
            first = next(iter(errors.values()))
            raise FugongError(first, code="invalid", fields=errors)
        passage.visitor_name = visitor_name[:50]
        passage.visitor_phone = phone or None
        passage.visit_reason = visit_reason.strip()[:100]
        passage.visiting = visiting.strip()[:100]
        person = passage.visitor_name
    reason = _alerts_for(passage, resident_id)
    return _insert(passage, gate=gate, person=person, reason=reason)
