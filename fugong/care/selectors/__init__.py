"""Reads of community care that pages, the API, reminders, gates and the dashboard use.
Every one takes the viewer and starts from `visible_to`, unless it is named
`*_for_system` (reminders, gate alerts)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    Max,
    OuterRef,
    Q,
    Subquery,
    Sum,
)
from django.utils import timezone

from fugong.care import conf
from fugong.care.choices import QuarantineStatus
from fugong.care.models import (
    Disinfection,
    Errand,
    HealthCheck,
    Quarantine,
    SupplyItem,
    SupplyMovement,
)
from fugong.care.models.errands import DONE_ERRANDS, OPEN_ERRANDS
from fugong.common.days import day_bounds
from fugong.regions.choices import RegionLevel
from fugong.regions.models import Region


def _within(qs, region: Region | None, lookup: str):
    return qs.filter(**{f"{lookup}__path__startswith": region.path}) if region else qs


# --- quarantine and health checks -----------------------------------------------------------


def check_due_date(now: datetime.datetime | None = None) -> datetime.date:
    """The latest day whose health check is already due: today once the day's due time
    has passed, yesterday before it."""
    local = timezone.localtime(now or timezone.now())
    if local.time() >= conf.check_due_time():
        return local.date()
    return local.date() - datetime.timedelta(days=1)


def with_check_state(qs, now=None):
    """Annotate the last check's date, today's check and whether a check is overdue."""
    due = check_due_date(now)
    today = timezone.localdate(now or timezone.now())
    last = HealthCheck.objects.filter(quarantine=OuterRef("pk")).order_by("-date")
    return qs.annotate(
        last_check_on=Subquery(last.values("date")[:1]),
        checked_today=Exists(HealthCheck.objects.filter(quarantine=OuterRef("pk"), date=today)),
    ).annotate(
        check_overdue=ExpressionWrapper(
            Q(status=QuarantineStatus.ACTIVE, starts_on__lte=due)
            & (Q(last_check_on__isnull=True) | Q(last_check_on__lt=due)),
            output_field=BooleanField(),
        )
    )


def overdue_q(now=None) -> Q:
    due = check_due_date(now)
    return Q(status=QuarantineStatus.ACTIVE, starts_on__lte=due) & ~Exists(
        HealthCheck.objects.filter(quarantine=OuterRef("pk"), date__gte=due)
    )


def quarantines_visible_to(user, action: str = "view"):
    return with_check_state(
        Quarantine.objects.visible_to(user, action).select_related(
            "resident__household__building__parent", "community"
        )
    )


def people_in_quarantine(user, region: Region | None = None):
    return _within(
        quarantines_visible_to(user).filter(status=QuarantineStatus.ACTIVE), region, "community"
    )


def overdue_checks(user, region: Region | None = None, now=None):
    """Active quarantines whose health check of the due day is missing."""
    return people_in_quarantine(user, region).filter(overdue_q(now))


def overdue_checks_for_system(now=None):
    return Quarantine.objects.filter(overdue_q(now)).select_related("resident", "community")


def health_checks_visible_to(user, action: str = "view"):
    return HealthCheck.objects.visible_to(user, action).select_related(
        "quarantine__resident", "recorded_by"
    )


def is_under_quarantine(resident, day: datetime.date | None = None) -> bool:
    """Whether the resident is in an active quarantine (gates alert when they go out)."""
    day = day or timezone.localdate()
    return Quarantine.objects.filter(
        resident=resident, status=QuarantineStatus.ACTIVE, starts_on__lte=day
    ).exists()


def active_quarantine_of(resident):
    """The resident's (or resident id's) active quarantine, or None."""
    return (
        Quarantine.objects.filter(
            resident_id=getattr(resident, "pk", resident), status=QuarantineStatus.ACTIVE
        )
        .select_related("community")
        .first()
    )


# --- errands --------------------------------------------------------------------------------


def errands_visible_to(user, action: str = "view"):
    return Errand.objects.visible_to(user, action).select_related(
        "household__building__parent", "assignee", "community"
    )


def errands_open(user, region: Region | None = None):
    return _within(errands_visible_to(user).filter(status__in=OPEN_ERRANDS), region, "community")


def errands_done(user, region: Region | None = None, since: datetime.date | None = None):
    qs = errands_visible_to(user).filter(status__in=DONE_ERRANDS)
    if since:
        qs = qs.filter(delivered_at__date__gte=since)
    return _within(qs, region, "community")


def errand_money(user, region: Region | None = None) -> dict:
    """Money advanced, repaid and outstanding over the visible errands."""
    totals = _within(errands_visible_to(user), region, "community").aggregate(
        advanced=Sum("advanced"), repaid=Sum("repaid")
    )
    advanced = totals["advanced"] or 0
    repaid = totals["repaid"] or 0
    return {"advanced": advanced, "repaid": repaid, "outstanding": advanced - repaid}


# --- disinfection ---------------------------------------------------------------------------


def disinfections_visible_to(user, action: str = "view"):
    return Disinfection.objects.visible_to(user, action).select_related(
        "region__parent", "community", "recorded_by"
    )


@dataclass
class CoverageRow:
    building: Region
    last_done_at: datetime.datetime | None
    flagged: bool


@dataclass
class Coverage:
    rows: list[CoverageRow]
    days: int

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def covered(self) -> int:
        return sum(1 for r in self.rows if not r.flagged)

    @property
    def flagged(self) -> list[CoverageRow]:
        return [r for r in self.rows if r.flagged]

    @property
    def ratio(self) -> float:
        return self.covered / self.total if self.total else 1.0


def coverage(
    user, region: Region | None = None, now: datetime.datetime | None = None, days=None
) -> Coverage:
    """Every building in the viewer's scope (under `region`) with its last disinfection
    (of the building itself or of its whole compound); flagged when none within the
    configured number of days."""
    now = now or timezone.now()
    days = conf.disinfection_days() if days is None else days
    since = now - datetime.timedelta(days=days)
    buildings = Region.objects.visible_to(user, "care.view_disinfection").filter(
        level=RegionLevel.BUILDING
    )
    if region is not None:
        buildings = buildings.filter(path__startswith=region.path)
    buildings = list(buildings.select_related("parent").order_by("path"))
    ids = {b.pk for b in buildings} | {b.parent_id for b in buildings}
    last = dict(
        Disinfection.objects.filter(region_id__in=ids, done_at__lte=now)
        .values("region")
        .annotate(m=Max("done_at"))
        .values_list("region", "m")
    )
    rows = []
    for b in buildings:
        candidates = [t for t in (last.get(b.pk), last.get(b.parent_id)) if t]
        latest = max(candidates) if candidates else None
        rows.append(CoverageRow(b, latest, latest is None or latest < since))
    return Coverage(rows, days)


def coverage_counts(
    user, region: Region | None = None, now: datetime.datetime | None = None, days=None
) -> dict[str, int]:
    """`coverage` counted in the database, in one query whatever the number of buildings:
    `buildings` in the viewer's scope (under `region`) and how many of them were
    disinfected (themselves or their whole compound) within the configured days."""
    now = now or timezone.now()
    days = conf.disinfection_days() if days is None else days
    recent = Disinfection.objects.filter(
        done_at__gte=now - datetime.timedelta(days=days), done_at__lte=now
    )
    buildings = Region.objects.visible_to(user, "care.view_disinfection").filter(
        level=RegionLevel.BUILDING
    )
    if region is not None:
        buildings = buildings.filter(path__startswith=region.path)
    # The places disinfected lately, once (a few thousand at most), rather than two
    # look-ups per building of the city.
    done = recent.order_by().values("region_id")
    return buildings.aggregate(
        buildings=Count("id"),
        covered=Count("id", filter=Q(pk__in=done) | Q(parent_id__in=done)),
    )


# --- supplies -------------------------------------------------------------------------------


def supply_items_visible_to(user, action: str = "view"):
    return SupplyItem.objects.visible_to(user, action).select_related("community__parent")


def low_supplies(user, region: Region | None = None):
    from django.db.models import F

    return _within(
        supply_items_visible_to(user).filter(stock__lte=F("low_threshold")), region, "community"
    )


def supply_movements_visible_to(user, action: str = "view"):
    return SupplyMovement.objects.visible_to(user, action).select_related(
        "item__community", "recorded_by"
    )


# --- the dashboard's summary ----------------------------------------------------------------


def care_summary(user, region: Region | None = None, now=None) -> dict:
    """The figures the dashboard shows, within the viewer's scope (and under `region`)."""
    today = timezone.localdate(now or timezone.now())
    cover = coverage_counts(user, region, now)
    start, end = day_bounds(today)
    errands = _within(errands_visible_to(user), region, "community").aggregate(
        open=Count("id", filter=Q(status__in=OPEN_ERRANDS)),
        done=Count("id", filter=Q(status__in=DONE_ERRANDS)),
        done_today=Count(
            "id", filter=Q(status__in=DONE_ERRANDS, delivered_at__gte=start, delivered_at__lt=end)
        ),
    )
    from fugong.care.models.quarantine import FEVER

    # Readings are personal data: counted only for those who may see health checks.
    fevers = _within(
        HealthCheck.objects.visible_to(user).filter(date=today, temperature__gte=FEVER),
        region,
        "quarantine__community",
    ).count()
    return {
        "in_quarantine": people_in_quarantine(user, region).count(),
        "fevers_today": fevers,
        "overdue_checks": overdue_checks(user, region, now).count(),
        "errands_open": errands["open"],
        "errands_done": errands["done"],
        "errands_done_today": errands["done_today"],
        "buildings": cover["buildings"],
        "buildings_disinfected": cover["covered"],
        "buildings_flagged": cover["buildings"] - cover["covered"],
        "low_supplies": low_supplies(user, region).count(),
    }
