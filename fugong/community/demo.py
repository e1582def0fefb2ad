"""Demo data of the community work (seed): the 39 cadres deployed to their 23 communities,
the couple 牛应君 and 贺卿坤 on duty at 郝庄新村 (郝杰社区) for 20 days in a row up to
yesterday, the survey of 郝庄新村 and 康馨小区 (households and residents with invented
names, numbers and phones), a WeChat group per building, and the residents' and the
sub-district's word on the cadres.

Idempotent: what exists (a deployment of the cadre to the community, a day's check-in,
a room, a person by identity hash, a group by name, a day's rating) is left alone.
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from fugong.audit.choices import ChangeAction
from fugong.audit.services import record_change
from fugong.common.generate import names
from fugong.common.pii.fields import filter_by_personal
from fugong.common.pii.validators import identity_check_char
from fugong.community.choices import (
    DutyActivity,
    FeedbackSource,
    GroupPlatform,
    HealthStatus,
    Residency,
)
from fugong.community.models import (
    Deployment,
    DutyLog,
    Feedback,
    Household,
    Resident,
    ResidentGroup,
)
from fugong.community.services import (
    deployment_create,
    household_get_or_create,
    resident_create,
    resident_group_create,
)
from fugong.regions.choices import RegionLevel
from fugong.regions.models import Region

COUPLE = ("cadre", "heqingkun")
COUPLE_COMPOUND = "410811006001001"  # 郝庄新村
COUPLE_DAYS = 20  # seed: 连续守护了 20天
SURVEYED = ("410811006001001", "410811004002001")  # 郝庄新村, 康馨小区
# Seed: 宣传、卡点值守、群众劝阻、巡查.
COUPLE_ACTIVITIES = [DutyActivity.PUBLICITY, DutyActivity.GATE, DutyActivity.PERSUASION,
                     DutyActivity.PATROL]  # fmt: skip
RESIDENT_WORDS = [
    (5, "帮我们把帐篷搭起来，门口有人守着，心里踏实。"),
    (5, "天天在门口量体温、登记，风雨无阻，辛苦了！"),
    (5, "帮楼里的独居老人买菜送药，非常感谢。"),
    (4, "宣传很到位，楼栋群里每天都发防控消息。"),
]
SUBDISTRICT_WORD = (
    5,
    "宣传、卡点值守、群众劝阻、巡查都非常认真负责，尽职敬业，受到社区和辖区居民的广泛好评。",
)


def load_community_demo(loader) -> None:
    today = timezone.localdate()
    started = today - datetime.timedelta(days=COUPLE_DAYS + 5)
    deployments = _deployments(loader, started)
    _couple_duty(loader, deployments, today)
    _other_duty(loader, deployments, today)
    _survey(loader)
    _groups(loader)
    _feedback(loader, deployments, today)


def _cadres(loader):
    from fugong.common.demo import data

    usernames = [p["username"] for p in data.PEOPLE if p["role"] == "cadre"]
    usernames += [row[0] for row in data.INVENTED_CADRES]
    return [loader.users[u] for u in usernames if u in loader.users]


def _deployments(loader, started) -> dict[str, Deployment]:
    found = {}
    for cadre in _cadres(loader):
        grant = cadre.grants.filter(revoked_at__isnull=True, region__level="community").first()
        if grant is None:
            continue
        community = grant.region
        existing = Deployment.objects.filter(cadre=cadre, community=community).first()
        if existing is None:
            existing = deployment_create(
                actor=None,
                cadre=cadre,
                community=community,
                starts_on=started,
                duty="卡点值守" if cadre.username in COUPLE else "下沉值守",
            )
        loader.tally("deployments", existing is not None)
        found[cadre.username] = existing
    return found


def _log(loader, deployment, day, compound, activities, streak, compound_streak, notes=""):
    if DutyLog.objects.filter(cadre=deployment.cadre, date=day).exists():
        loader.tally("duty logs", False)
        return
    log = DutyLog.objects.create(
        cadre=deployment.cadre,
        deployment=deployment,
        community=deployment.community,
        compound=compound,
        date=day,
        activities=[str(a) for a in activities],
        notes=notes,
        streak_days=streak,
        compound_streak_days=compound_streak,
    )
    record_change(actor=None, instance=log, action=ChangeAction.CREATE, message="demo")
    loader.tally("duty logs", True)


def _couple_duty(loader, deployments, today) -> None:
    compound = loader.regions.get(COUPLE_COMPOUND)
    for username in COUPLE:
        deployment = deployments.get(username)
        if deployment is None or compound is None:
            continue
        for n in range(1, COUPLE_DAYS + 1):
            day = today - datetime.timedelta(days=COUPLE_DAYS - n + 1)
            notes = "借来帐篷搭起门岗，登记进出人员、测量体温。" if n == 1 else ""
            activities = COUPLE_ACTIVITIES + ([DutyActivity.ERRANDS] if n % 3 == 0 else [])
            _log(loader, deployment, day, compound, activities, n, n, notes)


def _other_duty(loader, deployments, today) -> None:
    rng = random.Random("community-duty")
    for username, deployment in sorted(deployments.items()):
        if username in COUPLE:
            continue
        days = rng.randint(2, 6)
        for n in range(1, days + 1):
            day = today - datetime.timedelta(days=days - n + 1)
            activities = rng.sample(DutyActivity.values, k=rng.randint(1, 3))
            _log(loader, deployment, day, None, activities, n, 0)


def _identity(rng, prefix: str) -> str:
    born = datetime.date(1935, 1, 1) + datetime.timedelta(days=rng.randrange(31_000))
    body = f"{prefix}{born:%Y%m%d}{rng.randrange(900) + 100:03d}"
    return body + identity_check_char(body)


def _survey(loader) -> None:
    rng = random.Random("community-survey")
    for compound_code in SURVEYED:
        compound = loader.regions.get(compound_code)
        if compound is None:
            continue
        buildings = Region.objects.filter(parent=compound, level=RegionLevel.BUILDING)
        for building in buildings.order_by("code"):
            for unit in ("1", "2"):
                for floor in range(1, 4):
                    for door in (1, 2):
                        household = household_get_or_create(
                            actor=None, building=building, unit=unit, room=f"{floor}0{door}"
                        )
                        _residents(loader, rng, household)


def _residents(loader, rng, household) -> None:
    surname = rng.choice(names.SURNAMES)
    people = rng.choice((1, 2, 2, 3, 3, 4))
    for n in range(people):
        id_number = _identity(rng, "410811")
        given = "".join(rng.choices(names.GIVEN_CHARS, k=rng.choice((1, 2, 2))))
        name = (surname if n < 2 or rng.random() < 0.8 else rng.choice(names.SURNAMES)) + given
        phone = f"139{rng.randrange(10**8):08d}"
        born = int(id_number[6:10])
        alone = people == 1 and born < 1955
        # Every draw is made before the existence check, so a second run draws the same.
        returned = rng.random() < 0.15
        tenant = rng.random() < 0.15
        place = rng.choice(("武汉", "郑州", "北京", "广州"))
        day = rng.randint(18, 31)
        chronic = born < 1950 and rng.random() < 0.5
        disabled = rng.random() < 0.02
        if filter_by_personal(Resident.objects.all(), "id_number", id_number).exists():
            loader.tally("residents", False)
            continue
        resident_create(
            actor=None,
            household=household,
            name=name,
            id_number=id_number,
            phone=phone,
            residency=Residency.TENANT if tenant else Residency.PERMANENT,
            returned_from=place if returned else "",
            returned_on=datetime.date(2020, 1, day) if returned else None,
            health_status=HealthStatus.OBSERVATION if returned else HealthStatus.HEALTHY,
            elderly_alone=alone,
            chronic_illness=chronic,
            disabled=disabled,
        )
        loader.tally("residents", True)


def _groups(loader) -> None:
    rng = random.Random("community-groups")
    for compound_code in SURVEYED:
        compound = loader.regions.get(compound_code)
        if compound is None:
            continue
        for building in Region.objects.filter(parent=compound, level=RegionLevel.BUILDING):
            name = f"{compound.name}{building.name}居民群"
            exists = ResidentGroup.objects.filter(building=building, name=name).exists()
            if not exists:
                resident_group_create(
                    actor=None,
                    building=building,
                    platform=GroupPlatform.WECHAT,
                    name=name,
                    owner_name=rng.choice(names.SURNAMES) + "楼长",
                    members_count=Household.objects.filter(building=building).count() * 2
                    + rng.randint(0, 8),
                )
            loader.tally("building groups", not exists)


def _feedback(loader, deployments, today) -> None:
    rng = random.Random("community-feedback")
    for username in COUPLE:
        deployment = deployments.get(username)
        if deployment is None:
            continue
        for n, (rating, comment) in enumerate(RESIDENT_WORDS):
            phone = f"1393911{n:04d}"
            _rate(loader, deployment, today - datetime.timedelta(days=n + 1), rating, comment,
                  FeedbackSource.RESIDENT, phone=phone, name=rng.choice(names.SURNAMES) + "女士")  # fmt: skip
        rating, comment = SUBDISTRICT_WORD
        _rate(loader, deployment, today - datetime.timedelta(days=2), rating, comment,
              FeedbackSource.SUBDISTRICT, name="定和街道办事处")  # fmt: skip


def _rate(loader, deployment, day, rating, comment, source, *, phone=None, name=""):
    from fugong.community.services import rater_key_for

    key = rater_key_for(phone=phone) if phone else f"o{deployment.community_id}"
    exists = Feedback.objects.filter(cadre=deployment.cadre, rater_key=key, date=day).exists()
    if not exists:
        feedback = Feedback.objects.create(
            cadre=deployment.cadre,
            community=deployment.community,
            source=source,
            rating=rating,
            comment=comment,
            date=day,
            author_name=name,
            author_phone=phone,
            rater_key=key,
        )
        record_change(actor=None, instance=feedback, action=ChangeAction.CREATE, message="demo")
    loader.tally("feedback", not exists)
