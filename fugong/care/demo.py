"""Demo data of community care, after the seed: at 郝庄新村 (郝杰社区), an old compound
with no property management, 牛应君 and 贺卿坤 "热心帮助居民买菜送菜，协调居民楼全面消杀";
a tent was found for the gate post ("协调过来一顶帐篷"), and residents of 康馨小区 say
"他们捐物捐东西".

Everything goes through the services and is looked up first (idempotent). The residents,
their rooms and phones, the errands, amounts and donors are INVENTED; the places and
the cadres are the seed's. Dates are relative to the day the demo is loaded.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from fugong.care.choices import (
    ErrandKind,
    ErrandStatus,
    QuarantineKind,
    QuarantineStatus,
    SupplyCategory,
)
from fugong.care.models import Disinfection, Errand, HealthCheck, Quarantine, SupplyItem
from fugong.care.services import errands, quarantine, supplies
from fugong.regions.models import Region

HAOZHUANG = "410811006001001"  # 郝庄新村
HAOJIE = "410811006001"  # 郝杰社区

# (building number, unit, room, name, phone, vulnerable flags, quarantine: days ago | None)
RESIDENTS = [
    (1, "1", "201", "郝建国", "13939102001", {}, 3),
    (1, "1", "202", "郝秀英", "13939102002", {"elderly_alone": True}, None),
    (2, "2", "301", "张丽", "13939102003", {}, 6),
    (
        3,
        "1",
        "101",
        "王桂兰",
        "13939102004",
        {"elderly_alone": True, "chronic_illness": True},
        None,
    ),
    (4, "1", "402", "李明", "13939102005", {}, 12),
]

# (resident, kind, items, end state, advanced, repaid)
ERRANDS = [
    (
        "郝建国",
        ErrandKind.GROCERIES,
        "白菜两棵、鸡蛋一板、挂面两把",
        ErrandStatus.CONFIRMED,
        "46.50",
        "46.50",
    ),
    (
        "王桂兰",
        ErrandKind.MEDICINE,
        "降压药（硝苯地平缓释片）两盒",
        ErrandStatus.DELIVERED,
        "58.00",
        "0",
    ),
    ("张丽", ErrandKind.GROCERIES, "土豆、西红柿各两斤，大米一袋", ErrandStatus.ASSIGNED, "0", "0"),
    ("郝秀英", ErrandKind.OTHER, "代缴电费 100 元", ErrandStatus.REQUESTED, "0", "0"),
]

# (category, name, unit, threshold, received [(qty, donor)], issued [(qty, to)])
SUPPLIES = [
    (SupplyCategory.TENT, "帐篷", "顶", 0, [(1, "市住建局协调")], []),
    (SupplyCategory.MASK, "医用口罩", "只", 200, [(1000, "市住建局"), (300, "居民捐赠")],
     [(600, "郝庄新村门岗"), (400, "居家隔离户")]),
    (SupplyCategory.DISINFECTANT, "84消毒液", "瓶", 10, [(40, "爱心企业捐赠")], [(32, "楼道消杀")]),
    (SupplyCategory.THERMOMETER, "额温枪", "把", 2, [(4, "市住建局")], [(2, "郝庄新村门岗")]),
    (SupplyCategory.PROTECTIVE_SUIT, "防护服", "套", 5, [(20, "区疫情防控指挥部")], [(8, "消杀人员")]),
]  # fmt: skip


def _region(code):
    return Region.objects.filter(code=code).first()


def _resident(loader, building, unit, room, name, phone, flags):
    from fugong.community.models import Resident
    from fugong.community.services.residents import household_get_or_create, resident_create

    household = household_get_or_create(actor=None, building=building, unit=unit, room=room)
    found = Resident.objects.filter(household=household, name=name).first()
    loader.tally("care residents", found is None)
    if found is not None:
        return found
    return resident_create(actor=None, household=household, name=name, phone=phone, **flags)


def load_care_demo(loader) -> None:
    compound = _region(HAOZHUANG)
    community = _region(HAOJIE)
    if compound is None or community is None:
        return
    users = getattr(loader, "users", {})
    niu = users.get("cadre")
    he = users.get("heqingkun")
    today = timezone.localdate()
    now = timezone.now()
    buildings = {b.name: b for b in Region.objects.filter(parent=compound)}
    people = {}
    for number, unit, room, name, phone, flags, days_ago in RESIDENTS:
        building = buildings.get(f"{number}号楼")
        if building is None:
            continue
        resident = _resident(loader, building, unit, room, name, phone, flags)
        people[name] = resident
        if days_ago is None:
            continue
        q = Quarantine.objects.filter(resident=resident).first()
        loader.tally("quarantines", q is None)
        if q is None:
            q = quarantine.quarantine_start(
                actor=None,
                resident=resident,
                kind=QuarantineKind.HOME,
                starts_on=today - datetime.timedelta(days=days_ago),
                reason="外地返焦，居家隔离观察",
            )
            if days_ago >= 10:
                q = quarantine.quarantine_change_end(
                    actor=None,
                    quarantine=q,
                    planned_end_on=q.planned_end_on + datetime.timedelta(days=7),
                    reason="同住人核酸结果未出，延长观察",
                )
        # A check every day up to today, but 郝建国 missed yesterday's and today's: his
        # shows as overdue.
        if q.status == QuarantineStatus.ACTIVE:
            for back in range(days_ago, -1, -1):
                day = today - datetime.timedelta(days=back)
                exists = HealthCheck.objects.filter(quarantine=q, date=day).exists()
                loader.tally("health checks", not exists)
                if not exists and not (name == "郝建国" and back <= 1):
                    quarantine.health_check_record(
                        actor=None, quarantine=q, temperature="36.5", date=day
                    )
    for name, kind, items, state, advanced, repaid in ERRANDS:
        resident = people.get(name)
        if resident is None:
            continue
        errand = Errand.objects.filter(household=resident.household, items=items).first()
        loader.tally("errands", errand is None)
        if errand is not None:
            continue
        errand = errands.errand_request(
            actor=None, household=resident.household, kind=kind, items=items
        )
        if state == ErrandStatus.REQUESTED or niu is None:
            continue
        errand = errands.errand_assign(actor=None, errand=errand, assignee=niu)
        if state == ErrandStatus.ASSIGNED:
            continue
        errand = errands.errand_deliver(actor=None, errand=errand, advanced=advanced)
        active = Quarantine.objects.filter(resident=resident, status=QuarantineStatus.ACTIVE)
        if state == ErrandStatus.CONFIRMED and active.exists():
            # The household confirms through its personal link, as it would on its phone.
            _q, token = quarantine.quarantine_issue_link(actor=None, quarantine=active.get())
            errand = errands.errand_confirm_via_link(token=token, errand_id=errand.pk)
        if Decimal(repaid) > 0:
            errands.errand_repay(actor=None, errand=errand, amount=repaid)
    # 贺卿坤 organised the disinfection of every building; 5号楼 and 6号楼 are overdue.
    for number in range(1, 5):
        building = buildings.get(f"{number}号楼")
        if building is None:
            continue
        exists = Disinfection.objects.filter(region=building).exists()
        loader.tally("disinfections", not exists)
        if not exists:
            supplies.disinfection_record(
                actor=None,
                region=building,
                areas="楼道、楼梯扶手、电梯按钮、单元门把手",
                agent="84消毒液（1:100稀释）",
                done_at=now - datetime.timedelta(hours=20 + number),
                performed_by=he.get_full_name() if he else "贺卿坤",
            )
    for category, name, unit, threshold, received, issued in SUPPLIES:
        item = SupplyItem.objects.filter(community=community, name=name).first()
        loader.tally("supply items", item is None)
        if item is not None:
            continue
        item = supplies.supply_item_create(
            actor=None,
            community=community,
            category=category,
            name=name,
            unit=unit,
            low_threshold=threshold,
        )
        for quantity, donor in received:
            supplies.supply_receive(actor=None, item=item, quantity=quantity, counterparty=donor)
        for quantity, to in issued:
            supplies.supply_issue(actor=None, item=item, quantity=quantity, counterparty=to)
