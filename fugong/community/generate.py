"""Bench-scale community data: households and residents in every generated building
(200,000 residents in a city, the figure of the dashboard issue), a building group per
building, a deployment per bench cadre and their last week of duty.

Everything goes through `bulk_create` (the personal-data fields encrypt and hash in
`pre_save`); identity numbers are valid (region, birth date, check character) and unique.
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from fugong.common.pii.validators import identity_check_char
from fugong.community.choices import DutyActivity, GroupPlatform, HealthStatus, Residency
from fugong.community.models import Deployment, DutyLog, Household, Resident, ResidentGroup

RESIDENTS_PER_CITY = {"tiny": 60, "city": 200_000, "province": 50_000}
DUTY_DAYS = 7
_HEALTH = [HealthStatus.HEALTHY] * 96 + [HealthStatus.OBSERVATION] * 3 + [HealthStatus.SYMPTOMS]
_FROM = ("武汉", "郑州", "北京", "上海", "广州", "深圳", "新乡", "洛阳", "温州", "长沙")


def _identity(rng: random.Random, prefix: str, seen: set[str]) -> str:
    while True:
        born = datetime.date(1930, 1, 1) + datetime.timedelta(days=rng.randrange(33_000))
        body = f"{prefix}{born:%Y%m%d}{rng.randrange(1000):03d}"
        if body not in seen:
            seen.add(body)
            return body + identity_check_char(body)


def generate_community(ctx) -> dict[str, int]:
    rng = random.Random(ctx.rng.getrandbits(64))
    buildings = ctx.regions.get("building", [])
    if not buildings:
        return {}
    per_city = RESIDENTS_PER_CITY.get(ctx.scale.name, 60)
    total = per_city * max(1, len(ctx.cities) if ctx.scale.cities else 1)
    per_building = max(1, total // len(buildings))
    extra = total - per_building * len(buildings)
    seen: set[str] = set()
    households: list[Household] = []
    plan: list[tuple[Household, int]] = []
    for index, building in enumerate(buildings):
        people = per_building + (1 if index < extra else 0)
        rooms = max(1, round(people / 2.8))
        for n in range(rooms):
            unit, rest = divmod(n, 12)
            floor, door = divmod(rest, 2)
            household = Household(
                building=building, unit=str(unit + 1), room=f"{floor + 1}0{door + 1}"
            )
            households.append(household)
            plan.append((household, people // rooms + (1 if n < people % rooms else 0)))
    ctx.bulk(Household, households)
    counts = {"household": len(households)}

    residents = []
    made = 0
    for household, people in plan:
        prefix = household.building.code[:6]
        for _n in range(people):
            residents.append(
                Resident(
                    household=household,
                    name=ctx.person_name(),
                    id_number=_identity(rng, prefix, seen),
                    phone=ctx.mobile() if rng.random() < 0.9 else None,
                    residency=Residency.TENANT if rng.random() < 0.2 else Residency.PERMANENT,
                    returned_from=rng.choice(_FROM) if rng.random() < 0.1 else "",
                    health_status=rng.choice(_HEALTH),
                    elderly_alone=rng.random() < 0.03,
                    disabled=rng.random() < 0.01,
                    chronic_illness=rng.random() < 0.05,
                    pregnant=rng.random() < 0.005,
                )
            )
            residents[-1].sex = "male" if int(residents[-1].id_number.full[16]) % 2 else "female"
            residents[-1].birth_year = int(residents[-1].id_number.full[6:10])
        if len(residents) >= 20_000:  # bounded memory: insert as we go
            made += len(ctx.bulk(Resident, residents))
            residents = []
    made += len(ctx.bulk(Resident, residents))
    counts["resident"] = made

    groups = [
        ResidentGroup(
            building=building,
            platform=GroupPlatform.WECHAT,
            name=f"{building.parent.name}{building.name}群",
            owner_name=ctx.person_name(),
            members_count=per_building + rng.randrange(5),
        )
        for building in buildings
    ]
    counts["resident_group"] = len(ctx.bulk(ResidentGroup, groups))
    counts.update(_deployments(ctx, rng))
    return counts


def _deployments(ctx, rng) -> dict[str, int]:
    today = timezone.localdate()
    cadres = ctx.users.get("cadre", [])
    communities = ctx.regions.get("community", [])
    compounds: dict[int, list] = {}
    for compound in ctx.regions.get("compound", []):
        compounds.setdefault(compound.parent_id, []).append(compound)
    deployments = [
        Deployment(
            cadre=cadre,
            community=community,
            starts_on=today - datetime.timedelta(days=DUTY_DAYS + rng.randrange(20)),
            duty="下沉值守",
        )
        for cadre, community in zip(cadres, communities, strict=False)
    ]
    ctx.bulk(Deployment, deployments)
    activities = DutyActivity.values
    logs = []
    for deployment in deployments:
        compound = rng.choice(compounds.get(deployment.community_id, [None]))
        streak = 0
        for back in range(DUTY_DAYS, 0, -1):
            if rng.random() < 0.1:
                streak = 0
                continue
            streak += 1
            logs.append(
                DutyLog(
                    cadre_id=deployment.cadre_id,
                    deployment=deployment,
                    community_id=deployment.community_id,
                    compound=compound,
                    date=today - datetime.timedelta(days=back),
                    activities=rng.sample(activities, k=rng.randint(1, 3)),
                    streak_days=streak,
                    compound_streak_days=streak if compound else 0,
                )
            )
    ctx.bulk(DutyLog, logs)
    return {"deployment": len(deployments), "duty_log": len(logs)}
