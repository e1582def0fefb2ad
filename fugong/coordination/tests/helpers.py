"""The coordination tests' world: `build_world()` plus a city department (建设管理科), the
two districts' housing departments, the routing table, and one user of each side."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from fugong.common.testing import World, build_world, make_user
from fugong.coordination.choices import DeadlineUnit, RouteTarget, TicketCategory


@dataclass
class CoordinationWorld:
    world: World
    city_department: object
    department_a: object
    department_b: object
    manager_a: object  # enterprise user of 甲建设公司 (builder of 东海大道)
    manager_b: object  # enterprise user of 乙建设公司 (builder of 群英河桥)
    officer_a: object  # district officer of 解放区, member of its housing department
    officer_b: object
    city_officer: object  # department officer of 建设管理科 (granted on the city)
    other_officer: object  # department officer of 质监站: nothing is routed there
    admin: object

    def __getattr__(self, name):
        return getattr(self.world, name)


def build_coordination_world() -> CoordinationWorld:
    from fugong.coordination.services.routes import route_create
    from fugong.organisations.services import organisation_create

    world = build_world()
    city_department = organisation_create(
        actor=None,
        parent=world.bureau,
        kind="department",
        name="建设管理科",
        region=world.city,
        field="construction",
    )
    quality = organisation_create(
        actor=None, parent=world.bureau, kind="department", name="质监站", region=world.city
    )
    department_a = organisation_create(
        actor=None, kind="district_department", name="解放区住建局", region=world.district_a
    )
    department_b = organisation_create(
        actor=None, kind="district_department", name="山阳区住建局", region=world.district_b
    )
    route_create(
        actor=None,
        data={
            "category": TicketCategory.MATERIALS,
            "target": RouteTarget.CITY_DEPARTMENT,
            "department": city_department,
            "deadline_value": 48,
            "deadline_unit": DeadlineUnit.HOURS,
        },
    )
    route_create(
        actor=None,
        data={
            "category": TicketCategory.WORKERS,
            "target": RouteTarget.DISTRICT_DEPARTMENT,
            "deadline_value": 2,
            "deadline_unit": DeadlineUnit.DAYS,
        },
    )
    return CoordinationWorld(
        world=world,
        city_department=city_department,
        department_a=department_a,
        department_b=department_b,
        manager_a=make_user(
            "manager-a",
            "enterprise_user",
            organisation=world.enterprise_a,
            member_of=world.enterprise_a,
            full_name="吴闯",
        ),
        manager_b=make_user(
            "manager-b",
            "enterprise_user",
            organisation=world.enterprise_b,
            member_of=world.enterprise_b,
        ),
        officer_a=make_user(
            "officer-a",
            "district_officer",
            region=world.district_a,
            member_of=department_a,
            full_name="段志宏",
        ),
        officer_b=make_user(
            "officer-b", "district_officer", region=world.district_b, member_of=department_b
        ),
        city_officer=make_user(
            "city-officer",
            "department_officer",
            region=world.city,
            member_of=city_department,
            full_name="秦建华",
        ),
        other_officer=make_user(
            "other-officer", "department_officer", region=world.city, member_of=quality
        ),
        admin=make_user("bureau-admin", "bureau_admin", region=world.city, member_of=world.bureau),
    )


def raise_ticket(
    cw,
    *,
    project=None,
    category=TicketCategory.WORKERS,
    title="返岗工人需办理进场手续",
    actor=None,
    **extra,
):
    from fugong.coordination.services.tickets import ticket_raise

    return ticket_raise(
        actor=actor or cw.manager_a,
        project=project or cw.project_a,
        category=category,
        title=title,
        description=extra.pop("description", "28名工人"),
        **extra,
    )


def apply_pass(cw, *, actor=None, project=None, plate="豫H12345", days=(0, 9), **extra):
    from fugong.coordination.services.passes import pass_apply

    today = timezone.localdate()
    data = {
        "driver_name": "王立新",
        "driver_phone": "13939100401",
        "route": "恒达商砼站—丰收路—工地",
        "purpose": "运输商品混凝土",
        "valid_from": today + datetime.timedelta(days=days[0]),
        "valid_until": today + datetime.timedelta(days=days[1]),
        **extra,
    }
    return pass_apply(
        actor=actor or cw.manager_a, project=project or cw.project_a, plate_number=plate, **data
    )
