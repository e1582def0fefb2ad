"""Bench-scale supervision: the four checklists, an inspector per field in every district,
and inspections of the sites over the history (the days of daily reports), with their
findings, rectification notices (some overdue) and stop-work orders (some in force).

City scale, 120 days: ~2,300 sites visited every two to three weeks → ~14,000
inspections, ~5,000 findings and as many notices, ~150 stop-work orders. The checklists
and inspectors are left in `ctx.extra` for the draws' step, which adds the double-random
inspections through `new_inspection` and `insert_inspections`.

`bulk_create` in batches with the timestamps kept (`ctx.bulk_dated`): no service
functions, timeline or change-log rows, as for every generated row.
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from fugong.construction.choices import ProjectStatus
from fugong.supervision.choices import (
    FindingStatus,
    InspectionField,
    InspectionKind,
    InspectionResult,
    InspectionStatus,
    Severity,
    StopWorkStatus,
)
from fugong.supervision.demo import CHECKLISTS
from fugong.supervision.models import (
    Finding,
    Inspection,
    InspectionChecklist,
    InspectionChecklistItem,
    Inspector,
    RectificationNotice,
    StopWorkOrder,
)

DAYS = {"tiny": 14, "city": 90, "province": 14}
VISIT_EVERY = (14, 21)  # days between two visits of a site (uniform)
RESULTS = (
    [InspectionResult.PASSED] * 70
    + [InspectionResult.RECTIFY] * 26
    + [InspectionResult.STOP_WORK] * 4
)
DEADLINE_DAYS = 7
PROBLEMS = (
    "临边防护缺失",
    "脚手架未验收挂牌",
    "裸土未覆盖",
    "出入口未测温登记",
    "临时用电一闸多机",
    "隔离观察室未设置",
    "消杀记录不全",
    "钢筋保护层不足",
)


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def generate_supervision(ctx) -> dict[str, int]:
    rng = random.Random(ctx.rng.getrandbits(64))
    if not ctx.projects:
        return {}
    today = timezone.localdate()
    days = ctx.history_days(DAYS.get(ctx.scale.name, 14))
    first = today - datetime.timedelta(days=days - 1)
    ctx.extra["checklists"], counts = _checklists(ctx)
    inspectors = _inspectors(ctx)
    counts["inspector"] = len({i.pk for pool in inspectors.values() for i in pool})
    fields = list(InspectionField)
    sites = [
        p
        for p in ctx.projects
        if p.status in (ProjectStatus.RESUMED, ProjectStatus.SUSPENDED, ProjectStatus.COMPLETED)
    ]

    inspections: list[Inspection] = []
    # a site's visits: every two to three weeks from a random first day
    for project in sites:
        day = first + datetime.timedelta(days=rng.randrange(VISIT_EVERY[1]))
        while day <= today:
            inspections.append(new_inspection(rng, project, day, rng.choice(fields), today))
            day += datetime.timedelta(days=rng.randint(*VISIT_EVERY))
    ctx.extra["inspectors"] = inspectors
    counts.update(insert_inspections(ctx, rng, inspections))
    return counts


def insert_inspections(ctx, rng, inspections, assigned=None) -> dict[str, int]:
    """Insert `inspections` (from `new_inspection`) with their numbers, inspectors (the
    `assigned` inspector ids per inspection, else two of the district's for the field),
    findings, notices and stop-work orders. The draws' step uses it too."""
    today = timezone.localdate()
    checklists = ctx.extra["checklists"]
    officer = (ctx.users.get("district_officer") or ctx.users.get("bureau_admin") or [None])[0]
    for inspection in inspections:
        inspection.checklist = checklists[inspection.field]
        inspection.ordered_by = officer
        inspection.completed_by = officer if inspection.completed_at else None
    ctx.bulk_dated(Inspection, inspections)
    year = today.year
    for inspection in inspections:
        inspection.number = f"JC{year}-{inspection.pk:05d}"
    Inspection.objects.using(ctx.using).bulk_update(
        inspections, ["number"], batch_size=ctx.scale.batch_size
    )
    through = Inspection.inspectors.through
    pools = ctx.extra["inspectors"]
    links = []
    for n, inspection in enumerate(inspections):
        if assigned is not None:
            ids = assigned[n]
        else:
            pool = pools.get((inspection.project.region_id, inspection.field), [])
            ids = [i.pk for i in pool[:2]]
        links += [through(inspection_id=inspection.pk, inspector_id=i) for i in ids]
    ctx.bulk(through, links)
    counts = {"inspection": len(inspections)}
    counts.update(_findings(ctx, rng, inspections, today, officer))
    return counts


def new_inspection(rng, project, day, field, today, kind=None) -> Inspection:
    # today's visits are partly still being recorded
    done = day < today or rng.random() < 0.5
    at = _at(day, rng.randint(8, 17))
    return Inspection(
        project=project,
        kind=kind or rng.choice((InspectionKind.PLANNED,) * 8 + (InspectionKind.COMPLAINT,)),
        field=field,
        planned_on=day,
        status=InspectionStatus.COMPLETED if done else InspectionStatus.OPEN,
        result=rng.choice(RESULTS) if done else "",
        completed_at=at if done else None,
        created_at=at - datetime.timedelta(days=1),
        updated_at=at,
    )


def _checklists(ctx) -> tuple[dict[str, InspectionChecklist], dict[str, int]]:
    now = timezone.now()
    checklists = {
        field: InspectionChecklist(
            field=field, version_number=1, title=title, is_active=True, frozen_at=now
        )
        for field, (title, _items) in CHECKLISTS.items()
    }
    ctx.bulk(InspectionChecklist, list(checklists.values()))
    items = [
        InspectionChecklistItem(
            checklist=checklists[field], position=n, code=code, text=text, guidance=guidance
        )
        for field, (_title, rows) in CHECKLISTS.items()
        for n, (code, text, guidance) in enumerate(rows, start=1)
    ]
    ctx.bulk(InspectionChecklistItem, items)
    return checklists, {"checklist": len(checklists), "checklist_item": len(items)}


def _inspectors(ctx) -> dict[tuple[int, str], list[Inspector]]:
    """Two inspectors per field in every district: the district officer of the district
    and the bureau admin, in the district's housing department."""
    officers = {u.organisation_id: u for u in ctx.users.get("district_officer", [])}
    admin = (ctx.users.get("bureau_admin") or [None])[0]
    made: dict[tuple[int, str], list[Inspector]] = {}
    rows = []
    for district_pk, department in ctx.district_departments.items():
        users = [u for u in (officers.get(department.pk), admin) if u is not None]
        for field in InspectionField:
            for user in users:
                inspector = Inspector(
                    user=user,
                    organisation=department,
                    field=field,
                    certificate_number=f"{department.pk:05d}{field[:2].upper()}{user.pk:06d}",
                )
                made.setdefault((district_pk, field), []).append(inspector)
                rows.append(inspector)
    # (user, field) is unique: the admin inspects in every district with one row per field
    unique: dict[tuple[int, str], Inspector] = {}
    for inspector in rows:
        unique.setdefault((inspector.user.pk, inspector.field), inspector)
    ctx.bulk(Inspector, list(unique.values()))
    return {
        key: list(
            {unique[(i.user.pk, i.field)].pk: unique[(i.user.pk, i.field)] for i in pool}.values()
        )
        for key, pool in made.items()
    }


def _findings(ctx, rng, inspections, today, officer) -> dict[str, int]:
    findings: list[Finding] = []
    orders: list[StopWorkOrder] = []
    for inspection in inspections:
        if inspection.result not in (InspectionResult.RECTIFY, InspectionResult.STOP_WORK):
            continue
        age = (today - inspection.planned_on).days
        order = None
        if inspection.result == InspectionResult.STOP_WORK:
            in_force = age <= 10 and rng.random() < 0.7
            order = StopWorkOrder(
                project=inspection.project,
                inspection=inspection,
                reason=rng.choice(PROBLEMS),
                status=StopWorkStatus.IN_FORCE if in_force else StopWorkStatus.LIFTED,
                issued_by=officer,
                issued_at=inspection.completed_at,
                suspended_project=True,
                lifted_at=None
                if in_force
                else inspection.completed_at + datetime.timedelta(days=5),
                lifted_by=None if in_force else officer,
                created_at=inspection.completed_at,
                updated_at=inspection.completed_at,
            )
            orders.append(order)
        for n in range(rng.randint(1, 3)):
            major = order is not None and n == 0
            # older findings are mostly closed; recent ones await rectification
            if age > 21:
                status = (
                    FindingStatus.CLOSED if rng.random() < 0.95 else FindingStatus.NOTICE_ISSUED
                )
            elif age > DEADLINE_DAYS:
                status = rng.choice(
                    (FindingStatus.CLOSED, FindingStatus.REPLIED, FindingStatus.NOTICE_ISSUED)
                )
            else:
                status = rng.choice((FindingStatus.NOTICE_ISSUED, FindingStatus.REPLIED))
            findings.append(
                Finding(
                    inspection=inspection,
                    project=inspection.project,
                    severity=Severity.MAJOR if major else Severity.GENERAL,
                    description=rng.choice(PROBLEMS),
                    stop_work=major,
                    status=status,
                    stop_work_order=order,
                    recorded_by=officer,
                    closed_at=(
                        inspection.completed_at + datetime.timedelta(days=rng.randint(3, 14))
                        if status == FindingStatus.CLOSED
                        else None
                    ),
                    created_at=inspection.completed_at,
                    updated_at=inspection.completed_at,
                )
            )
    ctx.bulk_dated(StopWorkOrder, orders)
    ctx.bulk_dated(Finding, findings)
    notices = [
        RectificationNotice(
            finding=f,
            project=f.project,
            enterprise_id=f.project.contractor_id,
            required_actions="限期整改并回复整改报告",
            deadline=f.inspection.planned_on + datetime.timedelta(days=DEADLINE_DAYS),
            issued_at=f.created_at,
            issued_by=officer,
            created_at=f.created_at,
            updated_at=f.created_at,
        )
        for f in findings
    ]
    ctx.bulk_dated(RectificationNotice, notices)
    return {
        "finding": len(findings),
        "rectification_notice": len(notices),
        "stop_work_order": len(orders),
    }
