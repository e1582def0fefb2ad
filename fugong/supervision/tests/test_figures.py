"""Supervision's dashboard figures on a tiny generated city: the counts of the records,
scoped (a district officer sees what the leader sees narrowed to the district), additive
over districts, and nothing without the permission."""

import pytest
from django.utils import timezone

from fugong.common.generate.testing import tiny_city
from fugong.supervision.choices import FindingStatus, InspectionStatus, StopWorkStatus
from fugong.supervision.models import Finding, Inspection, StopWorkOrder
from fugong.supervision.selectors.figures import supervision_figures

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    return tiny_city()


def test_the_leader_counts_every_record(city):
    today = timezone.localdate()
    f = supervision_figures(city.leader, date=today)
    done = Inspection.objects.filter(status=InspectionStatus.COMPLETED, planned_on__lte=today)
    assert f["inspections"]["total"] == done.count() > 0
    assert f["inspections"]["today"] == done.filter(planned_on=today).count()
    assert (
        f["findings"]["open"]
        == Finding.objects.filter(
            status__in=(FindingStatus.NOTICE_ISSUED, FindingStatus.REPLIED)
        ).count()
    )
    assert (
        f["findings"]["overdue"]
        == Finding.objects.filter(
            status=FindingStatus.NOTICE_ISSUED, notice__deadline__lt=today
        ).count()
    )
    assert (
        f["orders"]["in_force"]
        == StopWorkOrder.objects.filter(status=StopWorkStatus.IN_FORCE).count()
    )


def test_a_district_is_the_city_narrowed_to_it_and_districts_add_up(city):
    today = timezone.localdate()
    assert supervision_figures(city.officer, date=today) == supervision_figures(
        city.leader, date=today, area=city.district
    )
    whole = supervision_figures(city.leader, date=today)
    parts = [supervision_figures(city.leader, date=today, area=d) for d in city.districts]
    for group in ("inspections", "findings", "orders"):
        for key, value in whole[group].items():
            assert value == sum(p[group][key] for p in parts), (group, key)


def test_nothing_without_the_permission(city):
    assert not city.cadre.has_perm("supervision.view_inspection")
    assert supervision_figures(city.cadre, date=timezone.localdate()) is None
