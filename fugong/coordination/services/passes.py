"""Vehicle passes (车辆通行证): apply, approve or refuse, revoke — one function each, with
the same guards as tickets (scope, state, conditional write, audit, notification)."""

from __future__ import annotations

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fugong.audit.choices import ChangeAction
from fugong.audit.services import record_change, snapshot
from fugong.common.errors import Forbidden, FugongError
from fugong.common.pii.validators import normalise_mobile, validate_mobile
from fugong.common.scoping import ensure_visible, user_can
from fugong.common.services import fetch_for
from fugong.construction.choices import ProjectStatus
from fugong.construction.models import Project
from fugong.coordination.choices import PassStatus
from fugong.coordination.models import VehiclePass
from fugong.coordination.plates import normalise_plate, validate_plate
from fugong.coordination.services.base import (
    members,
    notify_on_commit,
    party_enterprise,
    require_text,
    transition,
)

ADD_VEHICLEPASS = "coordination.add_vehiclepass"
APPROVE_VEHICLEPASS = "coordination.approve_vehiclepass"
REVOKE_VEHICLEPASS = "coordination.revoke_vehiclepass"
MAX_DAYS = 90  # a pass is renewed, not issued for the whole epidemic
TEXT_MAX = 300


def _check_application(
    *, plate_number, driver_name, driver_phone, route, purpose, valid_from, valid_until
):
    errors = {}
    try:
        validate_plate(plate_number)
    except ValidationError as exc:
        errors["plate_number"] = exc.messages[0]
    if not (driver_name or "").strip():
        errors["driver_name"] = _("Name the driver.")
    elif len(driver_name.strip()) > 50:
        errors["driver_name"] = _("At most %(n)d characters.") % {"n": 50}
    try:
        validate_mobile(driver_phone or "")
    except ValidationError as exc:
        errors["driver_phone"] = exc.messages[0]
    for name, value in (("route", route), ("purpose", purpose)):
        text = (value or "").strip()
        if not text:
            errors[name] = _("This field is required.")
        elif len(text) > TEXT_MAX:
            errors[name] = _("At most %(n)d characters.") % {"n": TEXT_MAX}
    if not isinstance(valid_from, datetime.date):
        errors["valid_from"] = _("Enter the first day of validity.")
    elif valid_from < timezone.localdate():
        errors["valid_from"] = _("The pass cannot start in the past.")
    if not isinstance(valid_until, datetime.date):
        errors["valid_until"] = _("Enter the last day of validity.")
    elif isinstance(valid_from, datetime.date):
        if valid_until < valid_from:
            errors["valid_until"] = _("The last day cannot be before the first day.")
        elif (valid_until - valid_from).days + 1 > MAX_DAYS:
            errors["valid_until"] = _("A pass is valid for at most %(n)d days.") % {"n": MAX_DAYS}
    return errors


def pass_apply(
    *,
    actor,
    project: Project,
    plate_number: str,
    driver_name: str,
    driver_phone: str,
    route: str,
    purpose: str,
    valid_from: datetime.date,
    valid_until: datetime.date,
) -> VehiclePass:
    """An enterprise of the project applies; the pass waits for the authority's decision."""
    if actor is None:
        raise ValueError("a pass is applied for by a person")
    if not user_can(actor, VehiclePass, "add"):
        raise Forbidden()
    errors = _check_application(
        plate_number=plate_number,
        driver_name=driver_name,
        driver_phone=driver_phone,
        route=route,
        purpose=purpose,
        valid_from=valid_from,
        valid_until=valid_until,
    )
    found = (
        Project.objects.visible_to(actor, ADD_VEHICLEPASS)
        .select_related("region", "builder", "contractor", "supervisor")
        .filter(pk=getattr(project, "pk", project))
        .first()
    )
    if found is None:
        errors["project"] = _("Choose one of your enterprise's projects.")
    elif found.archived_at is not None or found.status == ProjectStatus.COMPLETED:
        errors["project"] = _("This project is completed or archived.")
    plate = normalise_plate(plate_number)
    if (
        not errors
        and VehiclePass.objects.filter(
            project=found,
            plate_number=plate,
            status__in=(PassStatus.PENDING, PassStatus.APPROVED),
            valid_from__lte=valid_until,
            valid_until__gte=valid_from,
        ).exists()
    ):
        errors["plate_number"] = _(
            "This vehicle already has a pass for this project in these dates."
        )
    if errors:
        raise FugongError(_("The application was not submitted."), fields=errors, code="invalid")
    enterprise = party_enterprise(actor, found, ADD_VEHICLEPASS)
    vehicle_pass = VehiclePass(
        project=found,
        enterprise=enterprise,
        plate_number=plate,
        driver_name=driver_name.strip(),
        driver_phone=normalise_mobile(driver_phone),
        route=route.strip(),
        purpose=purpose.strip(),
        valid_from=valid_from,
        valid_until=valid_until,
        applied_by=actor,
        token=secrets.token_urlsafe(24),
    )
    try:
        with transaction.atomic():
            vehicle_pass.save()
            ensure_visible(actor, vehicle_pass, "view")
            record_change(actor=actor, instance=vehicle_pass, action=ChangeAction.CREATE)
            notify_on_commit(
                recipients=_authority_recipients(found),
                kind="vehiclepass_applied",
                title=_("Vehicle pass to decide: %(plate)s")
                % {"plate": vehicle_pass.plate_display},
                body=f"{found.name} · {enterprise}",
                link=vehicle_pass.get_absolute_url(),
                key=f"vehiclepass-{vehicle_pass.pk}-applied",
            )
    except IntegrityError:
        raise FugongError(
            _("This vehicle already has a pass for this project in these dates."),
            fields={"plate_number": _("Already applied for.")},
            code="duplicate",
        ) from None
    return vehicle_pass


def _authority_recipients(project):
    from fugong.coordination.services.routes import district_department

    return members(district_department(project))


def _fetch(actor, vehicle_pass, permission):
    if actor is not None and not actor.has_perm(permission):
        raise Forbidden()
    return fetch_for(actor, VehiclePass, vehicle_pass.pk, permission, lock=True)


def _told(vehicle_pass, kind: str, title: str, body: str = "") -> None:
    notify_on_commit(
        recipients=[vehicle_pass.applied_by, *members(vehicle_pass.enterprise)],
        kind=f"vehiclepass_{kind}",
        title=title,
        body=body,
        link=vehicle_pass.get_absolute_url(),
        key=f"vehiclepass-{vehicle_pass.pk}-{kind}",
    )


def pass_approve(*, actor, vehicle_pass: VehiclePass, expected_version=None) -> VehiclePass:
    with transaction.atomic():
        current = _fetch(actor, vehicle_pass, APPROVE_VEHICLEPASS)
        if current.status == PassStatus.PENDING and current.valid_until < timezone.localdate():
            raise FugongError(
                _("The validity has already ended; refuse it and ask for a new application."),
                code="expired",
            )
        before = snapshot(current)
        transition(
            current,
            allowed=(PassStatus.PENDING,),
            to_status=PassStatus.APPROVED,
            expected_version=expected_version,
            decided_by=actor,
            decided_at=timezone.now(),
        )
        record_change(actor=actor, instance=current, action=ChangeAction.UPDATE, before=before)
        _told(
            current,
            "approved",
            _("Vehicle pass approved: %(plate)s") % {"plate": current.plate_display},
            _("Print it and keep it in the vehicle."),
        )
    return current


def pass_refuse(
    *, actor, vehicle_pass: VehiclePass, reason: str, expected_version=None
) -> VehiclePass:
    reason = require_text(
        reason, "reason", _("Give the reason for refusing (at least 5 characters).")
    )
    with transaction.atomic():
        current = _fetch(actor, vehicle_pass, APPROVE_VEHICLEPASS)
        before = snapshot(current)
        transition(
            current,
            allowed=(PassStatus.PENDING,),
            to_status=PassStatus.REFUSED,
            expected_version=expected_version,
            decided_by=actor,
            decided_at=timezone.now(),
            refuse_reason=reason,
        )
        record_change(
            actor=actor, instance=current, action=ChangeAction.UPDATE, before=before, message=reason
        )
        _told(
            current,
            "refused",
            _("Vehicle pass refused: %(plate)s") % {"plate": current.plate_display},
            reason,
        )
    return current


def pass_revoke(
    *, actor, vehicle_pass: VehiclePass, reason: str, expected_version=None
) -> VehiclePass:
    """Withdraw an approved pass: its QR page says revoked from now on."""
    reason = require_text(
        reason, "reason", _("Give the reason for revoking (at least 5 characters).")
    )
    with transaction.atomic():
        current = _fetch(actor, vehicle_pass, REVOKE_VEHICLEPASS)
        before = snapshot(current)
        transition(
            current,
            allowed=(PassStatus.APPROVED,),
            to_status=PassStatus.REVOKED,
            expected_version=expected_version,
            revoked_by=actor,
            revoked_at=timezone.now(),
            revoke_reason=reason,
        )
        record_change(
            actor=actor, instance=current, action=ChangeAction.UPDATE, before=before, message=reason
        )
        _told(
            current,
            "revoked",
            _("Vehicle pass revoked: %(plate)s") % {"plate": current.plate_display},
            reason,
        )
    return current


def pass_for_token(token: str) -> VehiclePass | None:
    """The pass a QR code names (public: no scope), or None."""
    if not token or len(token) > 48:
        return None
    found = VehiclePass.objects.filter(token=token).select_related("project").first()
    if found is None or found.archived_at is not None:
        return None
    return found
