"""Cadres in communities: deployments (派驻) and the daily duty check-in (值守打卡)."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from fugong.accounts.choices import RoleCode
from fugong.audit.choices import ChangeAction
from fugong.audit.services import record_change
from fugong.common.errors import Forbidden, FugongError
from fugong.common.scoping import user_can
from fugong.common.services import create_object, update_object
from fugong.community.choices import DutyActivity
from fugong.community.models import Deployment, DutyLog
from fugong.community.services.photos import clean_photo
from fugong.regions.choices import RegionLevel
from fugong.regions.models import Region


def _field_error(field: str, message, code: str) -> FugongError:
    return FugongError(message, code=code, fields={field: message})


# --- deployments ------------------------------------------------------------------------


def _overlapping(cadre, community, starts_on, ends_on, exclude=None):
    qs = Deployment.objects.filter(cadre=cadre, community=community).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on)
    )
    if ends_on is not None:
        qs = qs.filter(starts_on__lte=ends_on)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.exists()


def _check_dates(starts_on, ends_on):
    if ends_on is not None and ends_on < starts_on:
        raise _field_error("ends_on", _("A deployment cannot end before it starts."), "dates")


def _ensure_grant(deployment: Deployment) -> None:
    """The cadre needs the cadre role on the community to see it: granted here (by the
    system, on behalf of the deployment's author) unless a grant already covers it."""
    from fugong.accounts.models import RoleGrant
    from fugong.accounts.services import grant_role, role_by_code

    role = role_by_code(RoleCode.CADRE)
    ancestors = [c for c in deployment.community.path.split("/") if c]
    covering = RoleGrant.objects.filter(
        user=deployment.cadre, role=role, revoked_at__isnull=True, region__code__in=ancestors
    )
    if covering.exists():
        return
    deployment.grant = grant_role(
        actor=None,
        user=deployment.cadre,
        role=role,
        region=deployment.community,
        valid_until=deployment.ends_on,
        note=_("Deployment #%(id)d") % {"id": deployment.pk},
    )
    deployment.save(update_fields=["grant"])


def deployment_create(
    *,
    actor,
    cadre,
    community: Region,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    duty: str = "",
    note: str = "",
) -> Deployment:
    """Send a cadre to a community from a day (to a day)."""
    if actor is not None and not user_can(actor, Deployment, "add"):
        raise Forbidden()
    if community is None or community.level != RegionLevel.COMMUNITY:
        raise _field_error("community", _("Choose a community."), "not_a_community")
    if not cadre.is_active:
        raise _field_error("cadre", _("This account is disabled."), "inactive")
    _check_dates(starts_on, ends_on)
    with transaction.atomic():
        if _overlapping(cadre, community, starts_on, ends_on):
            raise _field_error(
                "starts_on",
                _("%(cadre)s is already deployed to %(community)s in these days.")
                % {"cadre": cadre, "community": community},
                "overlap",
            )
        deployment = create_object(
            actor=actor,
            model=Deployment,
            data={
                "cadre": cadre,
                "community": community,
                "starts_on": starts_on,
                "ends_on": ends_on,
                "duty": duty,
                "note": note,
                "created_by": actor,
            },
        )
        _ensure_grant(deployment)
    return deployment


def deployment_update(*, actor, deployment: Deployment, data: dict, expected_version=None):
    clean = {k: v for k, v in data.items() if k in ("starts_on", "ends_on", "duty", "note")}
    starts_on = clean.get("starts_on", deployment.starts_on)
    ends_on = clean.get("ends_on", deployment.ends_on)
    _check_dates(starts_on, ends_on)
    with transaction.atomic():
        if _overlapping(deployment.cadre, deployment.community, starts_on, ends_on, deployment):
            raise _field_error(
                "starts_on", _("Another deployment of this cadre covers these days."), "overlap"
            )
        updated = update_object(
            actor=actor, instance=deployment, data=clean, expected_version=expected_version
        )
        _sync_grant(updated)
    return updated


def deployment_end(
    *, actor, deployment: Deployment, ends_on: datetime.date | None = None, note: str = ""
):
    """End a deployment on a day (today by default); its role grant ends with it."""
    ends_on = ends_on or timezone.localdate()
    data = {"ends_on": ends_on}
    if note:
        data["note"] = note[:300]
    return deployment_update(actor=actor, deployment=deployment, data=data)


def _sync_grant(deployment: Deployment) -> None:
    from fugong.accounts.services import revoke_grant

    grant = deployment.grant
    if grant is None or grant.revoked_at is not None:
        return
    today = timezone.localdate()
    if deployment.ends_on is not None and deployment.ends_on < today:
        revoke_grant(actor=None, grant=grant, note=str(deployment))
    elif grant.valid_until != deployment.ends_on:
        update_object(actor=None, instance=grant, data={"valid_until": deployment.ends_on})


# --- duty --------------------------------------------------------------------------------


def active_deployments(cadre, day: datetime.date):
    return (
        Deployment.objects.filter(cadre=cadre, starts_on__lte=day)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .select_related("community")
        .order_by("starts_on", "pk")
    )


def _clean_activities(activities) -> list[str]:
    valid = DutyActivity.values
    chosen = [a for a in valid if a in set(activities or ())]
    unknown = [a for a in (activities or ()) if a not in valid]
    if unknown or not chosen:
        raise _field_error("activities", _("Choose at least one activity."), "activities")
    return chosen


def _already_checked_in(cadre, day) -> bool:
    return DutyLog.objects.filter(cadre=cadre, date=day).exists()


def duty_check_in(
    *,
    actor,
    activities,
    notes: str = "",
    compound: Region | None = None,
    community: Region | None = None,
    photo=None,
    day: datetime.date | None = None,
) -> DutyLog:
    """The cadre's check-in for today: one per cadre per day (a second, even submitted at
    the same instant, is refused by the unique constraint and changes nothing)."""
    if actor is None or not user_can(actor, DutyLog, "add"):
        raise Forbidden()
    today = timezone.localdate()
    day = day or today
    if day != today:
        raise _field_error("date", _("Check in on the day itself."), "not_today")
    chosen = _clean_activities(activities)
    deployments = list(active_deployments(actor, day))
    if community is not None:
        deployments = [d for d in deployments if d.community_id == community.pk]
    if not deployments:
        raise FugongError(
            _("You are not deployed to a community today; ask the bureau to deploy you."),
            code="not_deployed",
        )
    if community is None and len({d.community_id for d in deployments}) > 1:
        raise _field_error("community", _("Choose the community of today's duty."), "community")
    deployment = deployments[0]
    if compound is not None and (
        compound.level != RegionLevel.COMPOUND or compound.parent_id != deployment.community_id
    ):
        raise _field_error(
            "compound", _("Choose a compound of the community you are deployed to."), "compound"
        )
    if _already_checked_in(actor, day):  # the usual double tap; the constraint has the last word
        raise _field_error("activities", _("You have already checked in today."), "duplicate")
    image = clean_photo(photo) if photo else None
    previous = (
        DutyLog.objects.filter(cadre=actor, date=day - datetime.timedelta(days=1))
        .only("streak_days", "compound_streak_days", "compound_id")
        .first()
    )
    log = DutyLog(
        cadre=actor,
        deployment=deployment,
        community=deployment.community,
        compound=compound,
        date=day,
        activities=chosen,
        notes=(notes or "").strip()[:2000],
        streak_days=(previous.streak_days + 1) if previous else 1,
        compound_streak_days=0,
    )
    if compound is not None:
        same = previous is not None and previous.compound_id == compound.pk
        log.compound_streak_days = previous.compound_streak_days + 1 if same else 1
    try:
        with transaction.atomic():
            if image is not None:
                log.photo.save(image.name, image, save=False)
            log.save()
            record_change(actor=actor, instance=log, action=ChangeAction.CREATE)
    except IntegrityError:
        if log.photo:
            log.photo.delete(save=False)
        raise _field_error(
            "activities", _("You have already checked in today."), "duplicate"
        ) from None
    return log


def duty_update(*, actor, log: DutyLog, data: dict, expected_version=None) -> DutyLog:
    """The cadre corrects today's check-in (activities, notes) on the same day."""
    if actor is None or log.cadre_id != actor.pk:
        raise Forbidden()
    if log.date != timezone.localdate():
        raise FugongError(_("Only today's check-in can be changed."), code="not_today")
    clean = {}
    if "activities" in data:
        clean["activities"] = _clean_activities(data["activities"])
    if "notes" in data:
        clean["notes"] = (data["notes"] or "").strip()[:2000]
    return update_object(actor=actor, instance=log, data=clean, expected_version=expected_version)
