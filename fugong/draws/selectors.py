"""Reads of draws: what a user sees (department officers: their field only), and the public
disclosure (一公开) of draws that the public pages and the dashboard show."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

from fugong.draws.choices import DrawStatus
from fugong.draws.models import Draw, DrawTarget
from fugong.supervision.models import Inspector
from fugong.supervision.selectors.disclosure import mask_name

PUBLIC_STATUSES = (DrawStatus.PUBLISHED, DrawStatus.DRAWN, DrawStatus.ASSIGNED)


def draws_for(user, action: str = "view"):
    """Draws in the user's scope; without `view_any_field_draw` only those of the field of
    the department the user works for."""
    qs = Draw.objects.visible_to(user, action).filter(archived_at__isnull=True)
    if user.is_superuser or user.has_perm("draws.view_any_field_draw"):
        return qs.select_related("region")
    own = getattr(getattr(user, "organisation", None), "field", "") or ""
    return qs.filter(field=own).select_related("region") if own else qs.none()


def published_document(draw: Draw) -> dict:
    """Everything anyone needs to check the draw (`fugong verify_draw FILE`): the inputs and
    their hash, the seed hash, and once drawn the seed and the result."""
    revealed = draw.seed_revealed
    return {
        "number": draw.number,
        "status": draw.status,
        "published_at": draw.published_at.isoformat() if draw.published_at else None,
        "drawn_at": draw.drawn_at.isoformat() if draw.drawn_at else None,
        "inputs": draw.inputs,
        "inputs_hash": draw.inputs_hash,
        "seed_hash": draw.seed_hash,
        "seed": draw.seed if revealed else None,
        "result": draw.result if revealed else None,
    }


@dataclass(frozen=True)
class DisclosedSite:
    rank: int
    project: str
    district: str
    weight: int
    inspectors: list[str] = field(default_factory=list)
    inspection: str = ""


@dataclass(frozen=True)
class DisclosedDraw:
    number: str
    title: str
    region: str
    field: str
    status: str
    status_code: str
    published_on: datetime.date | None
    drawn_on: datetime.date | None
    candidates: int
    selected: int
    url: str
    sites: list[DisclosedSite] = field(default_factory=list)


def disclosed_draws(*, district=None, since: datetime.date | None = None):
    """Published draws, newest first, ready for `as_disclosed_draw` (no personal data).
    `district`: draws of that region or one inside it, and the city's draws that cover it."""
    qs = Draw.objects.filter(status__in=PUBLIC_STATUSES, archived_at__isnull=True)
    if district is not None:
        ancestors = [p for p in district.path.split("/") if p]
        qs = qs.filter(region__path__startswith=district.path) | qs.filter(
            region__code__in=ancestors
        )
    if since is not None:
        qs = qs.filter(published_at__date__gte=since)
    inspectors = Inspector.objects.select_related("user")
    targets = DrawTarget.objects.select_related(
        "project", "project__region", "inspection"
    ).prefetch_related(Prefetch("inspectors", queryset=inspectors))
    return (
        qs.select_related("region")
        .prefetch_related(Prefetch("targets", queryset=targets))
        .order_by("-published_at", "-id")
    )


def _day(value):
    return timezone.localtime(value).date() if value else None


def as_disclosed_draw(draw: Draw) -> DisclosedDraw:
    sites = []
    if draw.seed_revealed:
        sites = [
            DisclosedSite(
                rank=t.rank,
                project=t.project.name,
                district=t.project.region.name,
                weight=t.weight,
                inspectors=[mask_name(i.display_name) for i in t.inspectors.all()],
                inspection=(t.inspection.number or "") if t.inspection else "",
            )
            for t in draw.targets.all()
        ]
    return DisclosedDraw(
        number=draw.number or "",
        title=draw.title,
        region=draw.region.name,
        field=draw.get_field_display(),
        status=draw.get_status_display(),
        status_code=draw.status,
        published_on=_day(draw.published_at),
        drawn_on=_day(draw.drawn_at),
        candidates=draw.candidates,
        selected=draw.selected,
        url=draw.get_public_url(),
        sites=sites,
    )
