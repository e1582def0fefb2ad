"""Demo data of the gates (seed): the tent the couple pitched as a gate post at 郝庄新村,
an old compound with no property management (郝杰社区), a gate at 康馨小区 ("我们没有物业"),
and the last days of passages through them: residents of the survey scanning in and out,
a visitor, and one fever reading that alerted the cadres.

Through the services, as the cadre on duty (牛应君); idempotent: a gate is looked up by
name, a passage by its request key. Times and readings are INVENTED."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from fugong.accounts.models import User
from fugong.community.models import Resident
from fugong.gates.choices import CheckpointKind, Direction
from fugong.gates.models import Checkpoint, Passage
from fugong.gates.services.checkpoints import checkpoint_create
from fugong.gates.services.passages import passage_record

GATES = [
    # (compound code, name, kind, location)
    ("410811006001001", "郝庄新村帐篷卡点", CheckpointKind.TENT, "小区北口，借来的帐篷"),
    ("410811004002001", "康馨小区大门", CheckpointKind.GATE, "小区东门"),
]
CADRE = "cadre"


def load_gates_demo(loader) -> None:
    gates = []
    for code, name, kind, location in GATES:
        compound = loader.regions.get(code)
        if compound is None:
            continue
        gate = Checkpoint.objects.filter(compound=compound, name=name).first()
        loader.tally("gates", gate is None)
        if gate is None:
            gate = checkpoint_create(
                actor=None, compound=compound, name=name, kind=kind, location=location
            )
        gates.append(gate)
    cadre = User.objects.filter(username=CADRE).first()
    if cadre is None or not gates:
        return
    _passages(loader, cadre, gates[0])


def _passages(loader, cadre, gate) -> None:
    residents = list(
        Resident.objects.filter(household__building__parent=gate.compound).order_by("pk")[:12]
    )
    if not residents:
        return
    rng = random.Random("gates-demo")
    now = timezone.now().replace(second=0, microsecond=0)
    for day in range(3, -1, -1):
        for n, resident in enumerate(residents):
            at = now - datetime.timedelta(days=day, hours=rng.randrange(1, 10), minutes=n * 3)
            for step, direction in enumerate((Direction.OUT, Direction.IN)):
                key = f"demo-gates-{day}-{resident.pk}-{step}"
                fever = day == 0 and n == 2 and direction == Direction.IN
                temperature = (
                    Decimal("37.8")
                    if fever
                    else Decimal(f"36.{rng.randrange(8)}")
                    if direction == Direction.IN
                    else None
                )
                _record(
                    loader,
                    key,
                    actor=cadre,
                    checkpoint_id=gate.pk,
                    direction=direction,
                    temperature=temperature,
                    resident_id=resident.pk,
                    at=at + datetime.timedelta(minutes=40 * step),
                )
    _record(
        loader,
        "demo-gates-visitor",
        actor=cadre,
        checkpoint_id=gate.pk,
        direction=Direction.IN,
        temperature=Decimal("36.4"),
        visitor_name="王师傅",
        visit_reason="送桶装水",
        visiting=str(residents[0].household),
        at=now - datetime.timedelta(hours=2),
    )


def _record(loader, key, **data) -> None:
    exists = Passage.objects.filter(request_key=key).exists()
    loader.tally("passages", not exists)
    if not exists:
        passage_record(request_key=key, **data)
