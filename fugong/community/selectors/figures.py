"""Community's figures for the command dashboard (社区防控): cadres deployed on a day and
the communities and sub-districts they cover (the seed's "39 cadres in 23 communities of
12 sub-districts"), cadres per sub-district, cadres on duty, residents surveyed and the
vulnerable among them, over `visible_to` querysets narrowed to an area. Five queries;
numbers only (the dashboard labels them)."""

from __future__ import annotations

import datetime

from django.db.models import Count

from fugong.community.models import Deployment, DutyLog, Household, Resident
from fugong.community.selectors import active_on, vulnerable_q
from fugong.regions.choices import RegionLevel
from fugong.regions.models import Region


def _within(queryset, area, lookup: str):
    return queryset.filter(**{f"{lookup}__path__startswith": area.path}) if area else queryset


def community_figures(user, *, date: datetime.date, area=None) -> dict | None:
    """`None` without `community.view_deployment`; else `cover` (cadres, communities,
    subdistricts), `by_subdistrict` (rows of the sub-district's id, name and path with its
    cadres, in path order), `on_duty` (0 without `community.view_dutylog`) and
    `residents` (residents, vulnerable; None each without `community.view_resident`)."""
    if not user.has_perm("community.view_deployment"):
        return None
    deployments = _within(Deployment.objects.visible_to(user), area, "community").filter(
        active_on(date)
    )
    cover = deployments.aggregate(
        cadres=Count("cadre", distinct=True),
        communities=Count("community", distinct=True),
        subdistricts=Count("community__parent", distinct=True),
    )
    by_subdistrict = [
        {
            "id": row["community__parent_id"],
            "name": row["community__parent__name"],
            "path": row["community__parent__path"],
            "cadres": row["cadres"],
        }
        for row in deployments.order_by()
        .values("community__parent_id", "community__parent__name", "community__parent__path")
        .annotate(cadres=Count("cadre", distinct=True))
        .order_by("community__parent__path")
    ]
    on_duty = 0
    if user.has_perm("community.view_dutylog"):
        on_duty = (
            _within(DutyLog.objects.visible_to(user), area, "community")
            .filter(date=date, archived_at__isnull=True)
            .aggregate(n=Count("cadre", distinct=True))["n"]
        )
    residents = {"residents": None, "vulnerable": None}
    if user.has_perm("community.view_resident"):
        qs = _within(Resident.objects.visible_to(user), area, "household__building")
        if qs.query.has_filters():
            # The buildings in reach, by the same rule (residents are scoped by their
            # building): the database starts from a community's buildings and households
            # through their indexes, instead of joining every resident of the city.
            buildings = Region.objects.visible_to(user, "community.view_resident").filter(
                level=RegionLevel.BUILDING
            )
            if area is not None:
                buildings = buildings.filter(path__startswith=area.path)
            households = Household.objects.filter(building__in=buildings.values("pk"))
            qs = qs.filter(household__in=households.values("pk"))
        # Two counts rather than one with a filtered second: all of them from the
        # narrowest index, the vulnerable (a few in ten) apart, which an index of those
        # alone can serve instead of a pass over every resident's row.
        residents = {"residents": qs.count(), "vulnerable": qs.filter(vulnerable_q()).count()}
    return {
        "cover": cover,
        "by_subdistrict": by_subdistrict,
        "on_duty": on_duty,
        "residents": residents,
    }
