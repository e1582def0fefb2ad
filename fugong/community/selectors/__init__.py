"""Reads of the community domain that pages, the API and other apps use (gates,
quarantine, notices, the dashboard). Every one takes the viewer and starts from
`visible_to`, unless it is named `*_for_system` (alerts, broadcasts)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Avg, Count, Exists, Max, OuterRef, Q
from django.utils import timezone

from fugong.community.models import (
    Deployment,
    DutyLog,
    Feedback,
    Household,
    Resident,
    ResidentGroup,
    vulnerable_q,
)
from fugong.regions.choices import RegionLevel
from fugong.regions.models import Region


def _today(day):
    return day or timezone.localdate()


def active_on(day: datetime.date) -> Q:
    """Deployments active on `day`."""
    return Q(starts_on__lte=day) & (Q(ends_on__isnull=True) | Q(ends_on__gte=day))


# --- residents ----------------------------------------------------------------------------


def households_visible_to(user, action: str = "view"):
    return Household.objects.visible_to(user, action).select_related("building__parent")


def residents_visible_to(user, action: str = "view"):
    return Resident.objects.visible_to(user, action).select_related("household__building__parent")


def vulnerable_residents(user):
    """Residents with any vulnerable flag (elderly living alone, disabled…)."""
    return residents_visible_to(user).filter(vulnerable_q())


def find_residents(user, text: str, limit: int = 20):
    """By name (contains), full phone, full identity number or room — the gate page's
    search."""
    from fugong.common.pii.fields import filter_by_personal

    text = (text or "").strip()
    qs = residents_visible_to(user)
    if not text:
        return qs.none()
    compact = text.replace(" ", "")
    if compact.isdigit() and len(compact) == 11:
        return filter_by_personal(qs, "phone", compact)[:limit]
    if len(compact) == 18:
        return filter_by_personal(qs, "id_number", compact)[:limit]
    return qs.filter(Q(name__icontains=text) | Q(household__room=compact))[:limit]


def residents_of_building_for_system(building):
    return Resident.objects.filter(household__building=building)


# --- deployments and duty ---------------------------------------------------------------


def deployments_visible_to(user, action: str = "view"):
    return Deployment.objects.visible_to(user, action).select_related(
        "cadre__organisation", "community__parent"
    )


def roster(user, community: Region, day: datetime.date | None = None):
    """Who is deployed to `community` on `day`, with whether they checked in."""
    day = _today(day)
    checked = DutyLog.objects.filter(cadre=OuterRef("cadre"), date=day)
    return (
        deployments_visible_to(user)
        .filter(community=community)
        .filter(active_on(day))
        .annotate(checked_in=Exists(checked))
        .order_by("cadre__full_name")
    )


def community_cadres_for_system(community: Region, day: datetime.date | None = None):
    """The users deployed to a community today: whom gates and quarantine alert."""
    from fugong.accounts.models import User

    day = _today(day)
    ids = Deployment.objects.filter(community=community).filter(active_on(day)).values("cadre")
    return User.objects.filter(pk__in=ids, is_active=True)


@dataclass
class CoverRow:
    community: Region
    deployed: int
    checked_in: int


def cover_today(user, day: datetime.date | None = None) -> list[CoverRow]:
    """Every community in the viewer's scope: cadres deployed today and checked in today.
    A community with none deployed lacks cover."""
    day = _today(day)
    communities = (
        Region.objects.visible_to(user, "community.view_deployment")
        .filter(level=RegionLevel.COMMUNITY)
        .select_related("parent")
        .order_by("path")
    )
    active = Deployment.objects.filter(active_on(day))
    deployed = dict(
        active.values("community")
        .annotate(n=Count("cadre", distinct=True))
        .values_list("community", "n")
    )
    checked = dict(
        DutyLog.objects.filter(date=day)
        .values("community")
        .annotate(n=Count("cadre", distinct=True))
        .values_list("community", "n")
    )
    return [CoverRow(c, deployed.get(c.pk, 0), checked.get(c.pk, 0)) for c in communities]


def who_is_where(user, day: datetime.date | None = None):
    """Deployments active on `day` in the viewer's scope, with today's check-in."""
    day = _today(day)
    checked = DutyLog.objects.filter(cadre=OuterRef("cadre"), date=day)
    return (
        deployments_visible_to(user)
        .filter(active_on(day))
        .annotate(checked_in=Exists(checked))
        .order_by("community__path", "cadre__full_name")
    )


def duty_logs_visible_to(user, action: str = "view"):
    return DutyLog.objects.visible_to(user, action).select_related("cadre", "community", "compound")


def current_streak(cadre, day: datetime.date | None = None) -> int:
    """Days in a row on duty up to today (or up to yesterday, before today's check-in)."""
    day = _today(day)
    last = (
        DutyLog.objects.filter(cadre=cadre, date__lte=day, archived_at__isnull=True)
        .order_by("-date")
        .only("date", "streak_days")
        .first()
    )
    if last is None or (day - last.date).days > 1:
        return 0
    return last.streak_days


def longest_streak(cadre) -> int:
    return DutyLog.objects.filter(cadre=cadre).aggregate(m=Max("streak_days"))["m"] or 0


def longest_compound_streak(cadre) -> int:
    return DutyLog.objects.filter(cadre=cadre).aggregate(m=Max("compound_streak_days"))["m"] or 0


# --- feedback -----------------------------------------------------------------------------


def feedback_visible_to(user, action: str = "view"):
    return Feedback.objects.visible_to(user, action).select_related("cadre", "community", "author")


def cadre_rating(user, cadre) -> dict:
    """Average and count of the visible, not hidden ratings of a cadre."""
    qs = feedback_visible_to(user).filter(cadre=cadre, hidden=False)
    return qs.aggregate(average=Avg("rating"), count=Count("id"))


# --- groups ------------------------------------------------------------------------------


def resident_groups_visible_to(user, action: str = "view"):
    return ResidentGroup.objects.visible_to(user, action).select_related("building__parent")


def resident_groups_under_for_system(region: Region):
    """Active groups of every building under `region` (a notice's audience)."""
    return ResidentGroup.objects.filter(
        building__path__startswith=region.path, is_active=True
    ).select_related("building")
