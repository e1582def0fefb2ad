"""A small community world on top of `build_world()`: a compound with buildings in each of
the two communities, a household and a resident in each, cadres deployed to each."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass

from django.utils import timezone
from openpyxl import Workbook

from fugong.common.pii.validators import identity_check_char
from fugong.common.testing import build_world, make_user


def identity(n: int, born: str = "19800101", prefix: str = "410802") -> str:
    body = f"{prefix}{born}{n:03d}"
    return body + identity_check_char(body)


@dataclass
class CommunityWorld:
    world: object
    compound_a: object
    compound_b: object
    building_a1: object
    building_a2: object
    building_b1: object
    household_a: object
    household_b: object
    resident_a: object
    resident_b: object


def build_community_world() -> CommunityWorld:
    return extend_world(build_world())


def extend_world(world) -> CommunityWorld:
    """Compounds, buildings, a household and a resident in each community of `world`."""
    from fugong.community.services import household_create, resident_create
    from fugong.regions.services import region_create

    ca = region_create(
        actor=None,
        parent=world.community_a,
        level="compound",
        code="410802001001001",
        name="建设花园",
        has_property_management=True,
    )
    cb = region_create(
        actor=None,
        parent=world.community_b,
        level="compound",
        code="410811001001001",
        name="郝庄新村",
        has_property_management=False,
    )
    a1 = region_create(actor=None, parent=ca, level="building", code=f"{ca.code}001", name="1号楼")
    a2 = region_create(actor=None, parent=ca, level="building", code=f"{ca.code}002", name="2号楼")
    b1 = region_create(actor=None, parent=cb, level="building", code=f"{cb.code}001", name="1号楼")
    ha = household_create(actor=None, building=a1, unit="1", room="101")
    hb = household_create(actor=None, building=b1, unit="2", room="301")
    ra = resident_create(
        actor=None, household=ha, name="张建华", id_number=identity(1), phone="13912340001"
    )
    rb = resident_create(
        actor=None,
        household=hb,
        name="李秀英",
        id_number=identity(2, "19480302", "410811"),
        phone="13912340002",
        elderly_alone=True,
    )
    return CommunityWorld(world, ca, cb, a1, a2, b1, ha, hb, ra, rb)


def deployed_cadre(username: str, community, *, days_ago: int = 10, **extra):
    """A user deployed to `community` (the deployment grants the cadre role there)."""
    from fugong.community.services import deployment_create

    user = make_user(username, **extra)
    deployment_create(
        actor=None,
        cadre=user,
        community=community,
        starts_on=timezone.localdate() - datetime.timedelta(days=days_ago),
    )
    user.refresh_from_db()
    return user


def sheet(rows: list[list], header: list[str] | None = None) -> bytes:
    workbook = Workbook()
    ws = workbook.active
    ws.append(
        header
        or ["姓名", "身份证号", "联系电话", "小区", "楼栋", "单元", "房号", "返焦时间", "来自"]
    )
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
