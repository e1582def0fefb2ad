"""A small world for care tests: two communities (甲社区 in 解放区, 郝杰社区 in 山阳区),
a compound with two buildings in each, households, residents, a cadre per community."""

from __future__ import annotations

from dataclasses import dataclass

from fugong.common.testing import build_world, make_user


@dataclass
class CareWorld:
    world: object
    compound_a: object
    building_a1: object
    building_a2: object
    compound_b: object
    building_b1: object
    resident_a: object  # 郝建国, returned from elsewhere
    elderly_a: object  # 王桂兰, elderly living alone
    plain_a: object  # 刘强, neither quarantined nor vulnerable
    resident_b: object
    cadre_a: object
    cadre_b: object
    admin: object


def build_care_world() -> CareWorld:
    from fugong.community.services.residents import household_create, resident_create
    from fugong.regions.services import region_create

    world = build_world()

    def place(parent, code, name, level):
        return region_create(actor=None, parent=parent, level=level, code=code, name=name)

    ca = place(world.community_a, "410802001001001", "建设花园", "compound")
    a1 = place(ca, "410802001001001001", "1号楼", "building")
    a2 = place(ca, "410802001001001002", "2号楼", "building")
    cb = place(world.community_b, "410811001001001", "郝庄新村", "compound")
    b1 = place(cb, "410811001001001001", "1号楼", "building")

    def person(building, room, name, **flags):
        household = household_create(actor=None, building=building, unit="1", room=room)
        return resident_create(actor=None, household=household, name=name, **flags)

    resident_a = person(a1, "201", "郝建国", phone="13939102001")
    elderly_a = person(a1, "202", "王桂兰", elderly_alone=True)
    plain_a = person(a2, "101", "刘强")
    resident_b = person(b1, "301", "张丽")
    cadre_a = make_user("cadre-a", "cadre", region=world.community_a, full_name="牛应君")
    cadre_b = make_user("cadre-b", "cadre", region=world.community_b, full_name="贺卿坤")
    admin = make_user("bureau", "bureau_admin", region=world.city, full_name="管理员")
    return CareWorld(world, ca, a1, a2, cb, b1, resident_a, elderly_a, plain_a, resident_b,
                     cadre_a, cadre_b, admin)  # fmt: skip


def deploy(cw, cadre, community):
    """Deploy a cadre today (the alerts go to the cadres deployed)."""
    import datetime

    from fugong.community.models import Deployment

    return Deployment.objects.create(
        cadre=cadre, community=community, starts_on=datetime.date.today() - datetime.timedelta(1)
    )
