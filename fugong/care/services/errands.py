"""Every transition of an errand (代购代办), one function each.

requested → assigned → delivered → confirmed (by the household, through its link);
requested/assigned → cancelled. Money: what the cadre advanced is set on delivery, what
the household repaid is added later, never beyond what was advanced. Each transition is
a conditional write on status and version: of two concurrent ones, one wins.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from fugong.audit.choices import ChangeAction
from fugong.audit.services import record_change, snapshot
from fugong.care.choices import ErrandEventKind, ErrandKind, ErrandStatus, QuarantineStatus
from fugong.care.models import Errand, ErrandEvent, Quarantine
from fugong.care.models.errands import OPEN_ERRANDS
from fugong.care.services.base import (
    check_region,
    community_of,
    fetch_locked,
    notify_on_commit,
    parse_money,
    require_text,
    transition,
)
from fugong.care.services.quarantine import quarantine_for_token
from fugong.common.errors import FugongError, NotFound
from fugong.community.models import Household
from fugong.community.selectors import vulnerable_q

ITEMS_MAX = 1000


def _event(errand, actor, kind, message="", amount=None) -> None:
    ErrandEvent.objects.create(
        errand=errand,
        actor=actor if actor is not None and actor.is_authenticated else None,
        kind=kind,
        message=str(message or "")[:500],
        amount=amount,
    )


def _audit(actor, errand, before, message="") -> None:
    record_change(
        actor=actor,
        instance=errand,
        action=ChangeAction.UPDATE,
        before=before,
        after=snapshot(errand),
        message=message,
    )


def household_needs_care(household) -> bool:
    """Someone of the household is in quarantine or vulnerable (elderly alone…)."""
    quarantined = Quarantine.objects.filter(
        resident__household=household, status=QuarantineStatus.ACTIVE
    ).exists()
    return quarantined or household.residents.filter(vulnerable_q()).exists()


def _new(*, actor, household, kind, items, contact_note, submission_key, quarantine=None):
    errors = {}
    if kind not in ErrandKind.values:
        errors["kind"] = _("Choose groceries, medicine or another errand.")
    items = (items or "").strip()
    if not items:
        errors["items"] = _("Say what is needed.")
    elif len(items) > ITEMS_MAX:
        errors["items"] = _("At most %(n)d characters.") % {"n": ITEMS_MAX}
    if errors:
        raise FugongError(_("The errand was not requested."), fields=errors)
    if submission_key:
        existing = Errand.objects.filter(submission_key=submission_key[:40]).first()
        if existing is not None:
            return existing
    if not household_needs_care(household):
        message = _("Errands are run for households in quarantine or with vulnerable members.")
        raise FugongError(message, code="not_eligible", fields={"household": message})
    errand = Errand(
        household=household,
        community=community_of(household.building),
        quarantine=quarantine,
        kind=kind,
        items=items,
        contact_note=(contact_note or "").strip()[:200],
        requested_by=actor,
        submission_key=(submission_key or "")[:40],
    )
    try:
        with transaction.atomic():
            errand.save()
    except IntegrityError:
        return Errand.objects.get(submission_key=errand.submission_key)
    _event(errand, actor, ErrandEventKind.REQUESTED, items[:200])
    record_change(actor=actor, instance=errand, action=ChangeAction.CREATE)
    from fugong.community.selectors import community_cadres_for_system

    notify_on_commit(
        recipients=list(community_cadres_for_system(errand.community)),
        kind="care_errand_requested",
        title=_("Errand requested: %(kind)s for %(household)s")
        % {"kind": errand.get_kind_display(), "household": household},
        body=items[:200],
        link=errand.get_absolute_url(),
        key=f"care-errand-{errand.pk}-requested",
    )
    return errand


def errand_request(
    *, actor, household: Household, kind: str, items: str, contact_note: str = "",
    submission_key: str = "",
) -> Errand:  # fmt: skip
    """A cadre records an errand for a household of their community."""
    with transaction.atomic():
        household = Household.objects.select_related("building").get(pk=household.pk)
        check_region(actor, household.building, Errand, "add")
        return _new(
            actor=actor,
            household=household,
            kind=kind,
            items=items,
            contact_note=contact_note,
            submission_key=submission_key,
        )


def errand_request_via_link(
    *, token: str, kind: str, items: str, contact_note: str = "", submission_key: str = ""
) -> Errand:
    """The household asks through a quarantined member's personal link."""
    with transaction.atomic():
        quarantine = quarantine_for_token(token)
        if quarantine is None:
            raise NotFound()
        return _new(
            actor=None,
            household=quarantine.resident.household,
            kind=kind,
            items=items,
            contact_note=contact_note,
            submission_key=submission_key,
            quarantine=quarantine,
        )


def errand_assign(*, actor, errand: Errand, assignee, expected_version=None) -> Errand:
    """Give the errand to a cadre or worker who covers the household."""
    with transaction.atomic():
        current = fetch_locked(actor, Errand, errand, "change")
        if (
            assignee is None
            or not assignee.is_active
            or not Errand.objects.visible_to(assignee, "change").filter(pk=current.pk).exists()
        ):
            message = _("Choose a cadre or worker of this community.")
            raise FugongError(message, fields={"assignee": message}, code="assignee")
        before = snapshot(current)
        transition(
            current,
            allowed=OPEN_ERRANDS,
            expected_version=expected_version,
            status=ErrandStatus.ASSIGNED,
            assignee=assignee,
        )
        name = assignee.get_full_name() or assignee.get_username()
        _event(current, actor, ErrandEventKind.ASSIGNED, name)
        _audit(actor, current, before, name)
        notify_on_commit(
            recipients=[assignee],
            kind="care_errand_assigned",
            title=_("Errand for you: %(kind)s for %(household)s")
            % {"kind": current.get_kind_display(), "household": current.household},
            body=current.items[:200],
            link=current.get_absolute_url(),
            key=f"care-errand-{current.pk}-assigned-{current.version}",
        )
    return current


def errand_deliver(
    *, actor, errand: Errand, advanced="0", note: str = "", expected_version=None
) -> Errand:
    """Delivered to the door; `advanced` is the money the deliverer paid for it."""
    amount = parse_money(advanced, "advanced")
    with transaction.atomic():
        current = fetch_locked(actor, Errand, errand, "change")
        before = snapshot(current)
        transition(
            current,
            allowed=OPEN_ERRANDS,
            expected_version=expected_version,
            status=ErrandStatus.DELIVERED,
            delivered_at=timezone.now(),
            delivered_by=actor,
            assignee=current.assignee or actor,
            advanced=amount,
        )
        _event(current, actor, ErrandEventKind.DELIVERED, note, amount=amount)
        _audit(actor, current, before, note)
    return current


def errand_confirm_via_link(*, token: str, errand_id) -> Errand:
    """The household confirms it received the errand (through its personal link)."""
    with transaction.atomic():
        quarantine = quarantine_for_token(token)
        if quarantine is None:
            raise NotFound()
        try:
            current = (
                Errand.objects.select_for_update()
                .filter(household=quarantine.resident.household_id)
                .get(pk=errand_id)
            )
        except (Errand.DoesNotExist, ValueError, TypeError):
            raise NotFound() from None
        before = snapshot(current)
        transition(
            current,
            allowed=(ErrandStatus.DELIVERED,),
            status=ErrandStatus.CONFIRMED,
            confirmed_at=timezone.now(),
        )
        _event(current, None, ErrandEventKind.CONFIRMED, quarantine.resident.name)
        _audit(None, current, before, _("Confirmed by the household"))
    return current


def errand_repay(*, actor, errand: Errand, amount, note: str = "") -> Errand:
    """Record money the household paid back; never more than is outstanding."""
    amount = parse_money(amount, "amount")
    if amount <= 0:
        message = _("Enter the amount repaid.")
        raise FugongError(message, fields={"amount": message}, code="money")
    with transaction.atomic():
        current = fetch_locked(actor, Errand, errand, "change")
        if current.status not in (ErrandStatus.DELIVERED, ErrandStatus.CONFIRMED):
            raise FugongError(_("Repayment is recorded after delivery."), code="invalid_transition")
        before = snapshot(current)
        # Conditional: two repayments at once cannot together pass what was advanced.
        updated = Errand.objects.filter(pk=current.pk, repaid__lte=F("advanced") - amount).update(
            repaid=F("repaid") + amount, version=F("version") + 1, updated_at=timezone.now()
        )
        if updated != 1:
            message = _("More than is outstanding (%(left)s yuan).") % {"left": current.outstanding}
            raise FugongError(message, fields={"amount": message}, code="overpaid")
        current.refresh_from_db()
        _event(current, actor, ErrandEventKind.REPAID, note, amount=amount)
        _audit(actor, current, before, note)
    return current


def errand_cancel(*, actor, errand: Errand, reason: str, expected_version=None) -> Errand:
    reason = require_text(reason, "reason", _("Say why the errand is cancelled."))
    with transaction.atomic():
        current = fetch_locked(actor, Errand, errand, "change")
        before = snapshot(current)
        transition(
            current,
            allowed=OPEN_ERRANDS,
            expected_version=expected_version,
            status=ErrandStatus.CANCELLED,
        )
        _event(current, actor, ErrandEventKind.CANCELLED, reason)
        _audit(actor, current, before, reason)
    return current
