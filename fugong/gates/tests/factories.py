"""A small world for the gates tests: two compounds (one per community of
`build_world()`), a building and a household in each, residents, gates and users."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from fugong.common.testing import build_world, make_user
from fugong.community.models import Deployment
from fugong.community.services import household_create, resident_create
from fugong.gates.services.checkpoints import checkpoint_create
from fugong.regions.services import region_create

ID_A = "410802199001011234"  # check characters computed below
PHONE_A, PHONE_A2, PHONE_B = "13912340001", "13912340002", "13912340003"


def identity(body17: str) -> str:
    from fugong.common.pii.validators import identity_check_char

    return body17 + identity_check_char(body17)


@dataclass
class GateWorld:
    world: object
    compound_a: object
    compound_b: object
    building_a: object
    building_b: object
    gate_a: object
    gate_b: object
    zhang: object  # resident of compound A (with an identity number)
    li: object  # resident of compound A (no identity number)
    wang: object  # resident of compound B
    cadre: object  # cadre of community A, deployed today
    worker: object  # community worker of community A
    outsider: object  # cadre of community B

    # ScopedEndpointTests look these up by attribute name
    @property
    def district_a(self):
        return self.world.district_a


def build_gate_world() -> GateWorld:
    return add_gates(build_world())


def add_gates(world) -> GateWorld:
    ca, cb = world.community_a, world.community_b
    compound_a = region_create(
        actor=None, parent=ca, level="compound", code=f"{ca.code}001", name="郝庄新村"
    )
    compound_b = region_create(
        actor=None, parent=cb, level="compound", code=f"{cb.code}001", name="康馨小区"
    )
    building_a = region_create(
        actor=None, parent=compound_a, level="building", code=f"{compound_a.code}001", name="1号楼"
    )
    building_b = region_create(
        actor=None, parent=compound_b, level="building", code=f"{compound_b.code}001", name="2号楼"
    )
    home_a = household_create(actor=None, building=building_a, unit="1", room="301")
    home_b = household_create(actor=None, building=building_b, unit="", room="102")
    zhang = resident_create(
        actor=None,
        household=home_a,
        name="张三",
        id_number=identity("41080219900101123"),
        phone=PHONE_A,
    )
    li = resident_create(actor=None, household=home_a, name="李四", phone=PHONE_A2)
    wang = resident_create(actor=None, household=home_b, name="王五", phone=PHONE_B)
    gate_a = checkpoint_create(actor=None, compound=compound_a, name="帐篷卡点", kind="tent")
    gate_b = checkpoint_create(actor=None, compound=compound_b, name="大门")
    cadre = make_user("gate-cadre", "cadre", region=ca, full_name="牛应君")
    Deployment.objects.create(cadre=cadre, community=ca, starts_on=timezone.localdate())
    worker = make_user("gate-worker", "community_worker", region=ca)
    outsider = make_user("gate-outsider", "cadre", region=cb)
    return GateWorld(
        world,
        compound_a,
        compound_b,
        building_a,
        building_b,
        gate_a,
        gate_b,
        zhang,
        li,
        wang,
        cadre,
        worker,
        outsider,
    )
