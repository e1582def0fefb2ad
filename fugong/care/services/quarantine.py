"""Every write of a quarantine (隔离) and its health checks (健康监测), one function each.

Each runs in one transaction: fetch within the actor's scope (404 otherwise), guard the
state, a conditional write on status and version, the audit row, the timeline row, alerts
on commit. `actor=None` is the system (demo, commands); the resident's own page acts
through the personal link's token instead of a login.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fugong.audit.choices import ChangeAction
from fugong.audit.services import record_change, snapshot
from fugong.care import conf
from fugong.care.choices import (
    CheckSource,
    QuarantineEventKind,
    QuarantineKind,
    QuarantineStatus,
    Symptom,
)
from fugong.care.models import HealthCheck, Quarantine, QuarantineEvent
from fugong.care.models.quarantine import TEMPERATURE_MAX, TEMPERATURE_MIN
from fugong.care.services.base import (
    check_region,
    community_of,
    fetch_locked,
    notify_on_commit,
    require_text,
    transition,
)
from fugong.common.errors import FugongError, NotFound
from fugong.community.models import Resident

TOKEN_BYTES = 24  # 192 bits: unguessable


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _event(quarantine, actor, kind, message="", **dates) -> None:
    QuarantineEvent.objects.create(
        quarantine=quarantine,
        actor=actor if actor is not None and actor.is_authenticated else None,
        kind=kind,
        message=str(message or "")[:500],
        **dates,
    )


def _cadres(quarantine):
    from fugong.community.selectors import community_cadres_for_system

    return list(community_cadres_for_system(quarantine.community))


# --- start, change the end, release -------------------------------------------------------


def quarantine_start(
    *,
    actor,
    resident: Resident,
    kind: str = QuarantineKind.HOME,
    starts_on: datetime.date | None = None,
    planned_end_on: datetime.date | None = None,
    place: str = "",
    reason: str = "",
) -> Quarantine:
    """Put a resident in quarantine from `starts_on` (today by default) until the planned
    end (by default the configured number of days, the first day counted)."""
    today = timezone.localdate()
    starts_on = starts_on or today
    errors = {}
    if kind not in QuarantineKind.values:
        errors["kind"] = _("Choose home or centralised quarantine.")
    if starts_on > today:
        errors["starts_on"] = _("A quarantine is registered when it starts, not before.")
    if planned_end_on is None:
        planned_end_on = starts_on + datetime.timedelta(days=conf.quarantine_days() - 1)
    if planned_end_on < starts_on:
        errors["planned_end_on"] = _("The planned end cannot be before the start.")
    if kind == QuarantineKind.CENTRAL and not (place or "").strip():
        errors["place"] = _("Say where the centralised quarantine takes place.")
    if errors:
        raise FugongError(_("The quarantine was not registered."), fields=errors)
    with transaction.atomic():
        resident = Resident.objects.select_related("household__building").get(pk=resident.pk)
        building = resident.household.building
        check_region(actor, building, Quarantine, "add")
        if Quarantine.objects.filter(resident=resident, status=QuarantineStatus.ACTIVE).exists():
            raise _already()
        quarantine = Quarantine(
            resident=resident,
            community=community_of(building),
            kind=kind,
            place=(place or "").strip()[:100],
            reason=(reason or "").strip()[:200],
            starts_on=starts_on,
            planned_end_on=planned_end_on,
            started_by=actor,
        )
        try:
            with transaction.atomic():
                quarantine.save()
        except IntegrityError:
            raise _already() from None
        _event(quarantine, actor, QuarantineEventKind.STARTED, reason, end_after=planned_end_on)
        record_change(actor=actor, instance=quarantine, action=ChangeAction.CREATE)
    return quarantine


def _already() -> FugongError:
    message = _("This resident is already in quarantine.")
    return FugongError(message, code="duplicate", fields={"resident": message})


def quarantine_change_end(
    *, actor, quarantine: Quarantine, planned_end_on: datetime.date, reason: str,
    expected_version=None,
) -> Quarantine:  # fmt: skip
    """Extend or shorten the quarantine, with the reason on the timeline."""
    reason = require_text(reason, "reason", _("Give the reason for the change."))
    with transaction.atomic():
        current = fetch_locked(actor, Quarantine, quarantine, "change")
        before = snapshot(current)
        if planned_end_on is None or planned_end_on < current.starts_on:
            message = _("The planned end cannot be before the start.")
            raise FugongError(message, fields={"planned_end_on": message}, code="dates")
        if planned_end_on == current.planned_end_on:
            message = _("This is already the planned end.")
            raise FugongError(message, fields={"planned_end_on": message}, code="unchanged")
        old = current.planned_end_on
        kind = (
            QuarantineEventKind.EXTENDED if planned_end_on > old else QuarantineEventKind.SHORTENED
        )
        transition(
            current,
            allowed=(QuarantineStatus.ACTIVE,),
            expected_version=expected_version,
            planned_end_on=planned_end_on,
        )
        _event(current, actor, kind, reason, end_before=old, end_after=planned_end_on)
        record_change(
            actor=actor,
            instance=current,
            action=ChangeAction.UPDATE,
            before=before,
            after=snapshot(current),
            message=reason,
        )
    return current


def quarantine_release(
    *, actor, quarantine: Quarantine, note: str = "", expected_version=None
) -> Quarantine:
    """End the quarantine (解除隔离), with who and when; the personal link stops working.
    Releasing before the planned end needs a note."""
    note = (note or "").strip()
    with transaction.atomic():
        current = fetch_locked(actor, Quarantine, quarantine, "release")
        if current.status == QuarantineStatus.ACTIVE and timezone.localdate() < (
            current.planned_end_on
        ):
            note = require_text(
                note, "note", _("Say why the person is released before the planned end.")
            )
        before = snapshot(current)
        transition(
            current,
            allowed=(QuarantineStatus.ACTIVE,),
            expected_version=expected_version,
            status=QuarantineStatus.RELEASED,
            released_at=timezone.now(),
            released_by=actor,
            release_note=note[:300],
            token_hash="",
        )
        _event(current, actor, QuarantineEventKind.RELEASED, note)
        record_change(
            actor=actor,
            instance=current,
            action=ChangeAction.UPDATE,
            before=before,
            after=snapshot(current),
            message=note,
        )
    return current


# --- the personal link ---------------------------------------------------------------------


def quarantine_issue_link(*, actor, quarantine: Quarantine) -> tuple[Quarantine, str]:
    """A new personal link (the previous one stops working). Returns the token: it is
    not kept, only its hash, so it is shown once."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    with transaction.atomic():
        current = fetch_locked(actor, Quarantine, quarantine, "change")
        transition(
            current,
            allowed=(QuarantineStatus.ACTIVE,),
            token_hash=_hash(token),
            link_issued_at=timezone.now(),
        )
        _event(current, actor, QuarantineEventKind.LINK_ISSUED)
        record_change(
            actor=actor,
            instance=current,
            action=ChangeAction.UPDATE,
            message=_("Personal link issued"),
        )
    return current, token


def quarantine_revoke_link(*, actor, quarantine: Quarantine) -> Quarantine:
    with transaction.atomic():
        current = fetch_locked(actor, Quarantine, quarantine, "change")
        if not current.token_hash:
            raise FugongError(_("There is no personal link to revoke."), code="no_link")
        transition(current, allowed=tuple(QuarantineStatus.values), token_hash="")
        _event(current, actor, QuarantineEventKind.LINK_REVOKED)
        record_change(
            actor=actor,
            instance=current,
            action=ChangeAction.UPDATE,
            message=_("Personal link revoked"),
        )
    return current


def quarantine_for_token(token: str) -> Quarantine | None:
    """The active quarantine a personal link opens, or None (unknown, revoked, released)."""
    if not token or len(token) > 100:
        return None
    return (
        Quarantine.objects.select_related("resident__household__building", "community")
        .filter(token_hash=_hash(token), status=QuarantineStatus.ACTIVE)
        .first()
    )


# --- health checks -------------------------------------------------------------------------


def parse_temperature(value) -> Decimal:
    message = _("Enter a body temperature between %(low)s and %(high)s °C.") % {
        "low": TEMPERATURE_MIN,
        "high": TEMPERATURE_MAX,
    }
    try:
        temperature = Decimal(str(value).strip().replace("，", ".").replace(",", "."))
    except (InvalidOperation, ValueError):
        raise FugongError(message, fields={"temperature": message}, code="temperature") from None
    if not temperature.is_finite() or not TEMPERATURE_MIN <= temperature <= TEMPERATURE_MAX:
        raise FugongError(message, fields={"temperature": message}, code="temperature")
    return temperature.quantize(Decimal("0.1"))


def _clean_symptoms(symptoms) -> list[str]:
    values = list(dict.fromkeys(symptoms or []))
    unknown = [s for s in values if s not in Symptom.values]
    if unknown:
        message = _("Unknown symptom.")
        raise FugongError(message, fields={"symptoms": message}, code="symptoms")
    return values


def _record_check(quarantine, *, actor, day, temperature, symptoms, note, source) -> HealthCheck:
    temperature = parse_temperature(temperature)
    symptoms = _clean_symptoms(symptoms)
    note = (note or "").strip()[:300]
    if day > timezone.localdate():
        message = _("A health check cannot be recorded for a day to come.")
        raise FugongError(message, fields={"date": message}, code="date")
    if day < quarantine.starts_on:
        message = _("The quarantine had not started on that day.")
        raise FugongError(message, fields={"date": message}, code="date")
    check = HealthCheck(
        quarantine=quarantine,
        date=day,
        temperature=temperature,
        symptoms=symptoms,
        note=note,
        source=source,
        recorded_by=actor,
    )
    try:
        with transaction.atomic():
            check.save()
    except IntegrityError:
        # A second submission for the day (a double tap, a concurrent cadre): one stays.
        message = _("The health check for this day is already recorded.")
        raise FugongError(message, code="duplicate", fields={"date": message}) from None
    # The audit row says who recorded which day, not the reading: readings are purged
    # after the retention period and must not outlive it in the change log.
    record_change(
        actor=actor,
        instance=check,
        action=ChangeAction.CREATE,
        after={"date": day.isoformat(), "source": source},
        message=source,
    )
    if check.is_fever or symptoms:
        resident = quarantine.resident
        notify_on_commit(
            recipients=_cadres(quarantine),
            kind="care_health_alert",
            title=_("%(name)s in quarantine: %(t)s °C%(symptoms)s")
            % {
                "name": resident.name,
                "t": temperature,
                "symptoms": (" · " + "、".join(check.symptom_labels())) if symptoms else "",
            },
            link=quarantine.get_absolute_url(),
            key=f"care-health-alert-{check.pk}",
        )
    return check


def health_check_record(
    *, actor, quarantine: Quarantine, temperature, symptoms=(), note: str = "",
    date: datetime.date | None = None,
) -> HealthCheck:  # fmt: skip
    """A cadre records the day's check (by phone call or at the door)."""
    with transaction.atomic():
        current = fetch_locked(actor, Quarantine, quarantine, "view")
        check_region(actor, current.resident.household.building, HealthCheck, "add")
        if current.status != QuarantineStatus.ACTIVE:
            raise FugongError(_("This person has been released from quarantine."), code="released")
        return _record_check(
            current,
            actor=actor,
            day=date or timezone.localdate(),
            temperature=temperature,
            symptoms=symptoms,
            note=note,
            source=CheckSource.CADRE,
        )


def health_check_self_report(*, token: str, temperature, symptoms=(), note: str = ""):
    """The resident reports today's check through the personal link."""
    with transaction.atomic():
        quarantine = quarantine_for_token(token)
        if quarantine is None:
            raise NotFound()
        return _record_check(
            quarantine,
            actor=None,
            day=timezone.localdate(),
            temperature=temperature,
            symptoms=symptoms,
            note=note,
            source=CheckSource.SELF,
        )


# --- personal data -------------------------------------------------------------------------


def purge_health_checks(before: datetime.date, *, actor=None, keep_residents=()) -> int:
    """Delete the health checks of days before `before` (personal data is kept only for
    the retention period), except those of `keep_residents` (people under an open
    contact-tracing case). One audit row per quarantine tells how many of its checks
    went. Returns the count."""
    from django.db.models import Count

    old = HealthCheck.objects.filter(date__lt=before)
    if keep_residents:
        old = old.exclude(quarantine__resident_id__in=list(keep_residents))
    with transaction.atomic():
        per_quarantine = dict(
            old.values("quarantine").annotate(n=Count("id")).values_list("quarantine", "n")
        )
        if not per_quarantine:
            return 0
        old.filter(quarantine_id__in=list(per_quarantine)).delete()
        for quarantine in Quarantine.objects.filter(pk__in=list(per_quarantine)):
            record_change(
                actor=actor,
                instance=quarantine,
                action=ChangeAction.UPDATE,
                message=_("%(n)d health checks before %(day)s purged")
                % {"n": per_quarantine[quarantine.pk], "day": before.isoformat()},
            )
    return sum(per_quarantine.values())
