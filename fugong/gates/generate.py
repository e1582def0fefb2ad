"""Bench-scale gates: a gate at every compound (a second at one in three), and passages
of the compound's residents over the retention period (28 days), through the (gate, time)
index that contact tracing walks.

How many passages: `GATES_GENERATE_PASSAGES` in the environment, else 300,000 at city
scale (5,000,000 for the tracing bench: see bench/passages.py). Rows go in with a raw
`executemany` in batches (no model instances: millions of them would cost minutes and
gigabytes); a resident passes the gates of their own compound, mostly by day."""

from __future__ import annotations

import datetime
import os
import random
from decimal import Decimal

from django.db import connections
from django.utils import timezone

from fugong.community.models import Resident
from fugong.gates.choices import CheckpointKind
from fugong.gates.models import Checkpoint, Passage

PASSAGES = {"tiny": 400, "city": 300_000, "province": 300_000}
DAYS = 28
BATCH = 20_000
# Hours of the day weighted like a gate's traffic: morning and evening peaks.
HOURS = (
    [6] * 2
    + [7] * 6
    + [8] * 6
    + [9] * 3
    + list(range(10, 17)) * 2
    + [17] * 5
    + [18] * 6
    + [19] * 3
    + [20, 21]
)
TEMPERATURES = [Decimal(f"36.{n}") for n in range(10)] + [Decimal("37.0"), Decimal("37.1")]


def passages_wanted(scale_name: str) -> int:
    raw = os.environ.get("GATES_GENERATE_PASSAGES", "").replace("_", "")
    return int(raw) if raw.isdigit() else PASSAGES.get(scale_name, 400)


def generate_passages(ctx) -> dict[str, int]:
    rng = random.Random(ctx.rng.getrandbits(64))
    compounds = ctx.regions.get("compound", [])
    if not compounds:
        return {}
    gates = []
    for n, compound in enumerate(compounds):
        gates.append(Checkpoint(compound=compound, name="东门", kind=CheckpointKind.GATE))
        if n % 3 == 0:
            gates.append(
                Checkpoint(compound=compound, name="西门临时卡点", kind=CheckpointKind.TENT)
            )
    for gate in gates:
        gate.token = f"{rng.getrandbits(128):032x}"
    ctx.bulk(Checkpoint, gates)
    by_compound: dict[int, list[int]] = {}
    for gate in gates:
        by_compound.setdefault(gate.compound_id, []).append(gate.pk)
    residents = list(
        Resident.objects.using(ctx.using).values_list("pk", "household__building__parent_id")
    )
    residents = [(pk, compound) for pk, compound in residents if compound in by_compound]
    wanted = passages_wanted(ctx.scale.name)
    counts = {"checkpoint": len(gates)}
    if not residents or not wanted:
        return counts
    counts["passage"] = _insert_passages(ctx, rng, residents, by_compound, wanted)
    ctx.extra["gates"] = by_compound
    return counts


def _insert_passages(ctx, rng, residents, by_compound, wanted) -> int:
    connection = connections[ctx.using]
    table = Passage._meta.db_table
    columns = (
        "checkpoint_id, at, direction, temperature, fever, quarantine_alert, resident_id, "
        "visitor_name, visit_reason, visiting, source"
    )
    sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * 11)})"  # noqa: S608
    adapt = connection.ops.adapt_datetimefield_value
    now = timezone.now().replace(second=0, microsecond=0)
    start = timezone.localtime(now - datetime.timedelta(days=DAYS)).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    done = 0
    with connection.cursor() as cursor:
        while done < wanted:
            rows = []
            for _n in range(min(BATCH, wanted - done)):
                resident, compound = residents[rng.randrange(len(residents))]
                gates = by_compound[compound]
                day = rng.randrange(DAYS + 1)
                at = start + datetime.timedelta(
                    days=day,
                    hours=rng.choice(HOURS),
                    minutes=rng.randrange(60),
                    seconds=rng.randrange(60),
                )
                if at > now:
                    at -= datetime.timedelta(days=1)
                inward = rng.random() < 0.5
                temperature = rng.choice(TEMPERATURES) if inward else None
                fever = False
                if inward and rng.random() < 0.002:
                    temperature, fever = Decimal("37.6"), True
                rows.append(
                    (
                        gates[0] if len(gates) == 1 or rng.random() < 0.7 else gates[1],
                        adapt(at),
                        "in" if inward else "out",
                        temperature,
                        fever,
                        False,
                        resident,
                        "",
                        "",
                        "",
                        "qr",
                    )
                )
            cursor.executemany(sql, rows)
            done += len(rows)
    return done
