"""Where the dashboard looks from (视角): the viewer, the day, and an optional area inside
the viewer's jurisdiction to drill down to. Bad input — a malformed date, a day in the
future, an area outside the jurisdiction — becomes a `problem` to show, never an error
page and never another scope's numbers.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from fugong.regions.models import Region

AREA_LEVELS = ("city", "district", "subdistrict", "community")


@dataclass
class Viewpoint:
    user: object
    date: datetime.date
    area: Region | None = None
    problem: str = ""
    # True when nothing may be shown (future day, area out of scope).
    blocked: bool = False

    @property
    def today(self) -> datetime.date:
        return timezone.localdate()

    def within(self, queryset, lookup: str):
        """`queryset` narrowed to the drilled-down area (its subtree) by `lookup` to a Region."""
        if self.area is None:
            return queryset
        return queryset.filter(**{f"{lookup}__path__startswith": self.area.path})

    def cache_key(self, name: str) -> str:
        """One key per jurisdiction, not per person: viewers whose grants carry the same
        permissions over the same places share the figures."""
        user = self.user
        if user.is_superuser:
            grants = "superuser"
        else:
            grants = "|".join(
                sorted(
                    f"{g.region_path}:{g.organisation_path}:{int(g.covers_everything)}:"
                    + ",".join(sorted(g.permissions))
                    for g in user.scope_grants()
                )
            )
        raw = (
            f"{grants}#{self.area.pk if self.area else ''}#{self.date}#{translation.get_language()}"
        )
        return f"dashboard:{name}:{hashlib.sha256(raw.encode()).hexdigest()[:32]}"


def viewpoint_for(request) -> Viewpoint:
    """The viewpoint of ?date=YYYY-MM-DD&area=<region id> for the requesting user."""
    today = timezone.localdate()
    raw_date = (request.GET.get("date") or "").strip()
    view = Viewpoint(user=request.user, date=today)
    if raw_date:
        try:
            view.date = datetime.date.fromisoformat(raw_date)
        except ValueError:
            view.problem = _("“%(value)s” is not a date (use YYYY-MM-DD); showing today.") % {
                "value": raw_date[:20]
            }
    if view.date > today:
        view.blocked = True
        view.problem = _("%(date)s is in the future: there are no figures for it yet.") % {
            "date": view.date.isoformat()
        }
    raw_area = (request.GET.get("area") or "").strip()
    if raw_area:
        area = None
        if raw_area.isdigit():
            area = (
                Region.objects.visible_to(request.user, "regions.view_region")
                .filter(pk=int(raw_area), level__in=AREA_LEVELS)
                .only("id", "name", "path", "level", "parent_id")
                .first()
            )
        if area is None:
            view.blocked = True
            view.problem = _(
                "That area is not in your jurisdiction, or does not exist: nothing is shown for it."
            )
        else:
            view.area = area
    return view
