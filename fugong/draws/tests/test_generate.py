"""Generated draws (bench data) are real draws: the engine re-runs each from its published
inputs and revealed seed to the recorded result, and each drawn site has its double-random
inspection by the drawn inspectors."""

import pytest

from fugong.common.generate.testing import tiny_city
from fugong.draws import engine
from fugong.draws.choices import DrawStatus
from fugong.draws.models import Draw
from fugong.supervision.choices import InspectionKind

pytestmark = pytest.mark.django_db


def test_every_generated_draw_verifies():
    tiny_city()
    draws = list(Draw.objects.prefetch_related("targets__inspection__inspectors"))
    assert draws
    for draw in draws:
        assert draw.status == DrawStatus.ASSIGNED and draw.inputs["draw"] == draw.number
        assert engine.inputs_hash(draw.inputs) == draw.inputs_hash
        assert engine.seed_hash(draw.seed) == draw.seed_hash
        assert engine.result_document(engine.run(draw.inputs, draw.seed)) == draw.result
        for target, drawn in zip(draw.targets.all(), draw.result, strict=True):
            assert target.project_id == drawn["project"]
            assert target.inspection.kind == InspectionKind.DOUBLE_RANDOM
            assert target.inspection.planned_on == draw.planned_on
            assert {i.pk for i in target.inspection.inspectors.all()} == set(drawn["inspectors"])
