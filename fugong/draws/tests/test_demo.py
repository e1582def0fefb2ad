"""The demo's draw: one published draw of the city, drawn with its inspections; loading
twice changes nothing."""

from collections import Counter
from types import SimpleNamespace

import pytest

from fugong.draws.demo import TITLE, load_draws_demo
from fugong.draws.models import Draw
from fugong.draws.tests.helpers import build_draw_world
from fugong.supervision.models import Inspection

pytestmark = pytest.mark.django_db


class Loader(SimpleNamespace):
    def tally(self, label, created):
        self.counts[(label, created)] += 1


def test_demo_draw_is_published_drawn_and_idempotent():
    from fugong.common.testing import make_user
    from fugong.supervision.services.registry import inspector_create

    sw = build_draw_world()
    make_user("leader", "leader", region=sw.city, full_name="王胜利")
    for n in range(3):
        user = make_user(f"epidemic-{n}", member_of=sw.bureau, full_name=f"吴{n}")
        inspector_create(
            actor=None,
            user=user,
            organisation=sw.bureau,
            field="epidemic",
            certificate_number=f"FY-{n}",
        )
    loader = Loader(counts=Counter())
    load_draws_demo(loader)
    draw = Draw.objects.get(title=TITLE)
    assert draw.status == "assigned" and draw.region.code == "410800"
    inspections = Inspection.objects.filter(kind="double_random").count()
    assert inspections == 2
    load_draws_demo(loader)
    assert Draw.objects.filter(title=TITLE).count() == 1
    assert Inspection.objects.filter(kind="double_random").count() == inspections
    assert loader.counts == Counter({("draws", True): 1, ("draws", False): 1})
