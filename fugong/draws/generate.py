"""Bench-scale double-random draws (双随机抽查): one a week in every district over the
history (the days of daily reports), each of a field, drawing five of the district's
active sites with two of the district's inspectors of that field, run by the real engine
(`draws.engine`) on a published inputs document and a seed, so that every generated draw
verifies; each drawn site gets its double-random inspection (supervision's generator
inserts them, with their findings).

City scale, 120 days: ~170 draws, ~850 drawn sites and inspections. No timeline or
change-log rows, as for every generated row.
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from fugong.construction.choices import ProjectStatus
from fugong.draws import engine
from fugong.draws.choices import DrawStatus, SelectionMode, Weighting
from fugong.draws.models import Draw, DrawTarget
from fugong.supervision.choices import InspectionField, InspectionKind
from fugong.supervision.generate import insert_inspections, new_inspection

DAYS = {"tiny": 14, "city": 90, "province": 14}
PER_DRAW = 5
PER_TARGET = 2


def generate_draws(ctx) -> dict[str, int]:
    rng = random.Random(ctx.rng.getrandbits(64))
    pools = ctx.extra.get("inspectors")
    if not pools or not ctx.projects:
        return {}
    today = timezone.localdate()
    days = ctx.history_days(DAYS.get(ctx.scale.name, 14))
    first = today - datetime.timedelta(days=days - 1)
    by_district: dict[int, list] = {}
    for p in ctx.projects:
        if p.status in (ProjectStatus.RESUMED, ProjectStatus.SUSPENDED):
            by_district.setdefault(p.region_id, []).append(p)
    districts = {d.pk: d for d in ctx.regions.get("district", [])}
    preparer = (ctx.users.get("bureau_admin") or [None])[0]
    draws, drawn_sets = [], []
    week = first
    while week <= today:
        for district_pk, projects in by_district.items():
            field = rng.choice(list(InspectionField))
            eligible = [i.pk for i in pools.get((district_pk, field), [])]
            if len(eligible) < PER_TARGET or not projects:
                continue
            planned = min(today, week + datetime.timedelta(days=rng.randrange(5)))
            district = districts[district_pk]
            inputs = {
                "format": engine.FORMAT,
                "draw": None,
                "title": f"{district.name}{field.label}双随机抽查",
                "region": {"code": district.code, "name": district.name},
                "field": field.value,
                "project_kind": "",
                "planned_on": planned.isoformat(),
                "weighting": Weighting.EQUAL,
                "parameters": {
                    "mode": SelectionMode.COUNT,
                    "count": PER_DRAW,
                    "share_percent": None,
                    "select": min(PER_DRAW, len(projects)),
                    "inspectors_per_target": PER_TARGET,
                },
                "risk": None,
                "targets": [
                    {
                        "project": p.pk,
                        "name": p.name,
                        "district": district.name,
                        "facts": {},
                        "weight": 1,
                        "inspectors": eligible,
                    }
                    for p in projects
                ],
                "inspectors": [
                    {"id": i, "name": "**", "organisation": district.name} for i in eligible
                ],
            }
            seed = f"{rng.getrandbits(256):064x}"
            drawn = engine.run(inputs, seed)
            at = timezone.make_aware(
                datetime.datetime.combine(planned - datetime.timedelta(days=1), datetime.time(9))
            )
            draws.append(
                Draw(
                    title=inputs["title"],
                    region=district,
                    field=field,
                    mode=SelectionMode.COUNT,
                    count=PER_DRAW,
                    inspectors_per_target=PER_TARGET,
                    weighting=Weighting.EQUAL,
                    planned_on=planned,
                    status=DrawStatus.ASSIGNED,
                    inputs=inputs,
                    inputs_hash=engine.inputs_hash(inputs),
                    candidates=len(projects),
                    selected=len(drawn),
                    seed=seed,
                    seed_hash=engine.seed_hash(seed),
                    result=engine.result_document(drawn),
                    prepared_by=preparer,
                    published_at=at,
                    drawn_at=at + datetime.timedelta(hours=1),
                    drawn_by=preparer,
                    assigned_at=at + datetime.timedelta(hours=1, minutes=5),
                    created_at=at,
                    updated_at=at,
                )
            )
            drawn_sets.append((drawn, {p.pk: p for p in projects}))
        week += datetime.timedelta(days=7)
    ctx.bulk_dated(Draw, draws)
    # The inputs name the draw by its number: set both, and the hash of the final inputs.
    for draw in draws:
        draw.number = f"CJ{today.year}-{draw.pk:05d}"
        draw.inputs["draw"] = draw.number
        draw.inputs_hash = engine.inputs_hash(draw.inputs)
    Draw.objects.using(ctx.using).bulk_update(
        draws, ["number", "inputs", "inputs_hash"], batch_size=200
    )
    inspections, assigned, targets = [], [], []
    for draw, (drawn, projects) in zip(draws, drawn_sets, strict=True):
        for d in drawn:
            inspection = new_inspection(
                rng,
                projects[d.project],
                draw.planned_on,
                draw.field,
                today,
                kind=InspectionKind.DOUBLE_RANDOM,
            )
            inspections.append(inspection)
            assigned.append(list(d.inspectors))
            targets.append((draw, d, inspection))
    counts = {"draw": len(draws)}
    counts.update(
        {f"draw_{k}": v for k, v in insert_inspections(ctx, rng, inspections, assigned).items()}
    )
    rows = [
        DrawTarget(draw=draw, project_id=d.project, rank=d.rank, weight=1, inspection=inspection)
        for draw, d, inspection in targets
    ]
    ctx.bulk(DrawTarget, rows)
    through = DrawTarget.inspectors.through
    ctx.bulk(
        through,
        [
            through(drawtarget_id=row.pk, inspector_id=i)
            for row, (_draw, d, _inspection) in zip(rows, targets, strict=True)
            for i in d.inspectors
        ],
    )
    counts["draw_target"] = len(rows)
    return counts
