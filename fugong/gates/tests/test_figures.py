"""The gates' dashboard figures on a tiny generated city: gates and the day's passages,
scoped (a cadre's are the city's narrowed to their community)."""

import datetime

import pytest
from django.utils import timezone

from fugong.common.generate.testing import tiny_city
from fugong.gates.models import Checkpoint, Passage
from fugong.gates.selectors.figures import day_bounds, gate_figures
from fugong.regions.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    return tiny_city()


def test_the_leader_counts_the_day(city):
    today = timezone.localdate()
    f = gate_figures(city.leader, date=today)
    start, end = day_bounds(today)
    day = Passage.objects.filter(at__gte=start, at__lt=end)
    assert f["gates"] == Checkpoint.objects.filter(is_active=True).count() > 0
    assert f["passages"] == day.count()
    assert f["fevers"] == day.filter(fever=True).count()


def test_a_cadre_sees_their_community(city):
    today = timezone.localdate() - datetime.timedelta(days=1)
    community = Region.objects.get(path=city.cadre.scope_grants()[0].region_path)
    mine = gate_figures(city.cadre, date=today)
    assert mine == gate_figures(city.leader, date=today, area=community)
    assert mine["gates"] < gate_figures(city.leader, date=today)["gates"]


def test_nothing_without_the_permission(city):
    assert gate_figures(city.officer, date=timezone.localdate()) is None
