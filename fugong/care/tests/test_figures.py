"""Care's dashboard figures on a tiny generated city: quarantines, overdue checks, errands,
disinfection coverage and low supplies, scoped (a cadre's are the city's narrowed to their
community, except the fevers the leader may not read)."""

import pytest
from django.utils import timezone

from fugong.care.choices import QuarantineStatus
from fugong.care.models import Quarantine
from fugong.care.selectors.figures import care_figures
from fugong.common.generate.testing import tiny_city
from fugong.regions.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    return tiny_city()


def test_the_leader_counts_the_city(city):
    f = care_figures(city.leader, date=timezone.localdate())
    active = Quarantine.objects.filter(status=QuarantineStatus.ACTIVE).count()
    assert f["in_quarantine"] == active
    assert f["buildings"] == Region.objects.filter(level="building").count()
    assert 0 < f["coverage"] <= 100
    # readings are personal data: the leader may not see health checks, hence no fevers
    assert not city.leader.has_perm("care.view_healthcheck") and f["fevers"] == 0


def test_a_cadre_sees_their_community(city):
    today = timezone.localdate()
    community = Region.objects.get(path=city.cadre.scope_grants()[0].region_path)
    mine = care_figures(city.cadre, date=today)
    narrowed = care_figures(city.leader, date=today, area=community)
    for key in ("in_quarantine", "overdue_checks", "errands_open", "buildings", "low_supplies"):
        assert mine[key] == narrowed[key], key


def test_nothing_without_the_permission(city):
    assert care_figures(city.officer, date=timezone.localdate()) is None


def test_coverage_counted_in_the_database_is_the_coverage(city):
    from fugong.care.selectors import coverage, coverage_counts

    for user in (city.leader, city.cadre):
        cover = coverage(user)
        counts = coverage_counts(user)
        assert counts == {"buildings": cover.total, "covered": cover.covered}
        assert 0 < counts["covered"] < counts["buildings"] or user == city.cadre
