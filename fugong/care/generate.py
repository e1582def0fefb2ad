"""Bench-scale community care: quarantines of residents (about 1 in 100 over six weeks,
half of them still in quarantine) with a daily health check each (the last one missing
for some: overdue checks; a few fevers), errands for the people in quarantine,
disinfection logs of the compounds and some of their buildings (most covered within the
configured days), and the communities' supplies (some running low).

City scale (200,000 residents): ~2,000 quarantines, ~20,000 health checks, ~3,000
errands, ~6,000 disinfections, 1,500 supply items. `bulk_create` with the timestamps kept;
no timeline or change-log rows, as for every generated row.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from fugong.care.choices import (
    CheckSource,
    ErrandKind,
    ErrandStatus,
    MovementKind,
    QuarantineKind,
    QuarantineStatus,
    SupplyCategory,
)
from fugong.care.models import (
    Disinfection,
    Errand,
    HealthCheck,
    Quarantine,
    SupplyItem,
    SupplyMovement,
)
from fugong.community.models import Resident

QUARANTINE_SHARE = 0.01
WINDOW_DAYS = 42  # quarantines started over the last six weeks
QUARANTINE_DAYS = 14
MISSED_LAST_CHECK = 0.08  # active quarantines whose latest check is missing: overdue
FEVER_SHARE = 0.01
DISINFECTION_DAYS = 14
SUPPLIES = (
    (SupplyCategory.MASK, "医用外科口罩", "个", 500),
    (SupplyCategory.DISINFECTANT, "84消毒液", "瓶", 20),
    (SupplyCategory.THERMOMETER, "额温枪", "把", 3),
    (SupplyCategory.PROTECTIVE_SUIT, "防护服", "套", 10),
    (SupplyCategory.GLOVES, "一次性手套", "副", 200),
)


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def generate_care(ctx) -> dict[str, int]:
    rng = random.Random(ctx.rng.getrandbits(64))
    communities = ctx.regions.get("community", [])
    if not communities:
        return {}
    today = timezone.localdate()
    cadre = (ctx.users.get("cadre") or ctx.users.get("bureau_admin") or [None])[0]
    counts = {}
    counts.update(_quarantines(ctx, rng, today, cadre))
    counts.update(_disinfections(ctx, rng, today, cadre))
    counts.update(_supplies(ctx, rng, communities, cadre))
    return counts


def _quarantines(ctx, rng, today, cadre) -> dict[str, int]:
    # (resident, household, community): the community is the building's compound's parent
    people = list(
        Resident.objects.using(ctx.using)
        .order_by("pk")
        .values_list("pk", "household_id", "household__building__parent__parent_id")
    )
    if not people:
        return {}
    chosen = rng.sample(people, k=min(len(people), max(5, int(len(people) * QUARANTINE_SHARE))))
    quarantines = []
    for resident, household, community in chosen:
        starts = today - datetime.timedelta(days=rng.randrange(WINDOW_DAYS))
        ends = starts + datetime.timedelta(days=QUARANTINE_DAYS - 1)
        active = ends >= today
        started_at = _at(starts, rng.randint(8, 20))
        quarantine = Quarantine(
            resident_id=resident,
            community_id=community,
            kind=QuarantineKind.HOME if rng.random() < 0.8 else QuarantineKind.CENTRAL,
            place="" if rng.random() < 0.8 else "市集中隔离点",
            reason="外地返回",
            starts_on=starts,
            planned_end_on=ends,
            status=QuarantineStatus.ACTIVE if active else QuarantineStatus.RELEASED,
            started_by=cadre,
            released_at=None if active else _at(ends, 18),
            released_by=None if active else cadre,
            created_at=started_at,
            updated_at=started_at,
        )
        quarantine.household_id = household  # for its errands (not a field)
        quarantines.append(quarantine)
    ctx.bulk_dated(Quarantine, quarantines)

    checks, errands = [], []
    for q in quarantines:
        last = min(today, q.planned_end_on)
        if q.status == QuarantineStatus.ACTIVE and rng.random() < MISSED_LAST_CHECK:
            last -= datetime.timedelta(days=1)  # the due check is missing: overdue
        day = q.starts_on
        while day <= last:
            fever = rng.random() < FEVER_SHARE
            at = _at(day, rng.randint(7, 10), rng.randrange(60))
            checks.append(
                HealthCheck(
                    quarantine=q,
                    date=day,
                    temperature=Decimal("37.6") if fever else Decimal(f"36.{rng.randrange(9)}"),
                    symptoms=["cough"] if fever else [],
                    source=CheckSource.SELF if rng.random() < 0.6 else CheckSource.CADRE,
                    recorded_by=None if rng.random() < 0.6 else cadre,
                    created_at=at,
                    updated_at=at,
                )
            )
            day += datetime.timedelta(days=1)
        for _n in range(rng.randint(0, 3)):
            requested = q.created_at + datetime.timedelta(
                hours=rng.uniform(1, 24 * max(1, (min(today, q.planned_end_on) - q.starts_on).days))
            )
            requested = min(requested, timezone.now() - datetime.timedelta(minutes=5))
            age_hours = (timezone.now() - requested).total_seconds() / 3600
            status = ErrandStatus.REQUESTED
            if age_hours > 6:
                status = rng.choice(
                    (ErrandStatus.DELIVERED, ErrandStatus.CONFIRMED, ErrandStatus.CONFIRMED)
                )
            elif age_hours > 1:
                status = rng.choice((ErrandStatus.ASSIGNED, ErrandStatus.DELIVERED))
            delivered = status in (ErrandStatus.DELIVERED, ErrandStatus.CONFIRMED)
            advanced = Decimal(rng.randint(20, 300)) if delivered else Decimal(0)
            errands.append(
                Errand(
                    household_id=q.household_id,
                    community_id=q.community_id,
                    quarantine=q,
                    kind=rng.choice(list(ErrandKind)),
                    items="米、面、蔬菜" if rng.random() < 0.7 else "常用药品",
                    status=status,
                    requested_by=cadre,
                    requested_at=requested,
                    assignee=cadre if status != ErrandStatus.REQUESTED else None,
                    delivered_at=requested + datetime.timedelta(hours=3) if delivered else None,
                    delivered_by=cadre if delivered else None,
                    confirmed_at=(
                        requested + datetime.timedelta(hours=5)
                        if status == ErrandStatus.CONFIRMED
                        else None
                    ),
                    advanced=advanced,
                    repaid=advanced if status == ErrandStatus.CONFIRMED else Decimal(0),
                    created_at=requested,
                    updated_at=requested,
                )
            )
    ctx.bulk_dated(HealthCheck, checks)
    ctx.bulk_dated(Errand, errands)
    return {"quarantine": len(quarantines), "health_check": len(checks), "errand": len(errands)}


def _disinfections(ctx, rng, today, cadre) -> dict[str, int]:
    """Every compound most days (a few neglected), now and then a single building."""
    compounds = ctx.regions.get("compound", [])
    buildings: dict[int, list] = {}
    for building in ctx.regions.get("building", []):
        buildings.setdefault(building.parent_id, []).append(building)
    rows = []
    for compound in compounds:
        neglected = rng.random() < 0.05
        every = rng.choice((1, 2, 2, 3))
        back = DISINFECTION_DAYS + (5 if neglected else 0)
        while back > (4 if neglected else 0):
            day = today - datetime.timedelta(days=back)
            target = compound
            if buildings.get(compound.pk) and rng.random() < 0.2:
                target = rng.choice(buildings[compound.pk])
            at = _at(day, rng.randint(8, 17), rng.randrange(60))
            rows.append(
                Disinfection(
                    region=target,
                    community_id=compound.parent_id,
                    areas="楼道、电梯、垃圾站",
                    agent="含氯消毒液",
                    done_at=at,
                    performed_by="物业保洁",
                    recorded_by=cadre,
                    created_at=at,
                    updated_at=at,
                )
            )
            back -= every
    ctx.bulk_dated(Disinfection, rows)
    return {"disinfection": len(rows)}


def _supplies(ctx, rng, communities, cadre) -> dict[str, int]:
    items = []
    for community in communities:
        for category, name, unit, threshold in SUPPLIES:
            low = rng.random() < 0.1
            items.append(
                SupplyItem(
                    community=community,
                    category=category,
                    name=name,
                    unit=unit,
                    stock=rng.randint(0, threshold) if low else threshold * rng.randint(2, 6),
                    low_threshold=threshold,
                )
            )
    ctx.bulk(SupplyItem, items)
    movements = [
        SupplyMovement(
            item=item,
            kind=MovementKind.RECEIVED,
            quantity=max(1, item.stock),
            counterparty="街道调拨",
            stock_after=max(1, item.stock),
            recorded_by=cadre,
        )
        for item in items
        if item.stock
    ]
    ctx.bulk(SupplyMovement, movements)
    return {"supply_item": len(items), "supply_movement": len(movements)}
