"""Community's dashboard figures on a tiny generated city: cadres deployed and the places
they cover, residents, scoped (a cadre's are the city's narrowed to their community)."""

import pytest
from django.utils import timezone

from fugong.common.generate.testing import tiny_city
from fugong.community.models import Deployment, Resident
from fugong.community.selectors.figures import community_figures
from fugong.regions.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    return tiny_city()


def test_the_leader_counts_the_city(city):
    today = timezone.localdate()
    f = community_figures(city.leader, date=today)
    assert f["cover"]["cadres"] == Deployment.objects.count() > 0
    assert f["residents"]["residents"] == Resident.objects.count()
    assert sum(row["cadres"] for row in f["by_subdistrict"]) == f["cover"]["cadres"]


def test_a_cadre_sees_their_community(city):
    today = timezone.localdate()
    community = Region.objects.get(path=city.cadre.scope_grants()[0].region_path)
    mine = community_figures(city.cadre, date=today)
    assert mine == community_figures(city.leader, date=today, area=community)
    assert mine["cover"]["communities"] <= 1
    assert (
        mine["residents"]["residents"]
        == Resident.objects.filter(household__building__path__startswith=community.path).count()
    )


def test_nothing_without_the_permission(city):
    assert not city.officer.has_perm("community.view_deployment")
    assert community_figures(city.officer, date=timezone.localdate()) is None
