"""Work resumption's dashboard figures on a tiny generated city: the counts of projects and
reports, scoped (a district officer's are the city's narrowed to the district), additive
over districts."""

import pytest
from django.db.models import F, Sum
from django.utils import timezone

from fugong.common.generate.testing import tiny_city
from fugong.construction.choices import ProjectStatus
from fugong.construction.models import DailyReport, Project
from fugong.construction.selectors.figures import TREND_DAYS, resumption_figures

pytestmark = pytest.mark.django_db

CELL = ("projects", "resumed", "completed", "suspended", "reported", "people", "fevers")


@pytest.fixture
def city():
    return tiny_city()


def cell(c) -> dict:
    return {name: getattr(c, name) for name in (*CELL, "output_cumulative", "target")}


def test_the_leader_counts_every_project_and_report(city):
    today = timezone.localdate()
    f = resumption_figures(city.leader, date=today)
    assert f.total.projects == Project.objects.count()
    assert f.total.resumed == Project.objects.filter(status=ProjectStatus.RESUMED).count()
    reports = DailyReport.objects.filter(date=today)
    assert f.total.reported == reports.count() > 0
    people = reports.aggregate(n=Sum(F("workers_on_site") + F("managers_on_site")))["n"]
    assert f.total.people == people
    assert len(f.trend) == min(TREND_DAYS, 21)
    assert (
        f.missing_total
        == Project.objects.filter(status__in=(ProjectStatus.RESUMED, ProjectStatus.SUSPENDED))
        .exclude(daily_reports__date=today)
        .count()
    )


def test_scoped_and_additive(city):
    today = timezone.localdate()
    mine = resumption_figures(city.officer, date=today)
    narrowed = resumption_figures(city.leader, date=today, area=city.district)
    assert cell(mine.total) == cell(narrowed.total) and mine.missing == narrowed.missing
    whole = resumption_figures(city.leader, date=today)
    parts = [resumption_figures(city.leader, date=today, area=d) for d in city.districts]
    for name in CELL:
        assert getattr(whole.total, name) == sum(getattr(p.total, name) for p in parts), name
    assert set(whole.areas) == {d.pk for d in city.districts}


def test_an_enterprise_sees_its_projects_only(city):
    f = resumption_figures(city.enterprise, date=timezone.localdate())
    assert f.total.projects == Project.objects.visible_to(city.enterprise).count()
    assert f.total.projects < Project.objects.count()


def test_the_same_whether_the_projects_are_named_by_id_or_by_subquery(city, monkeypatch):
    """Up to `SCOPE_IDS_MAX` projects in scope the report queries name them by id, beyond
    it they repeat the scoped subquery: the figures are the same."""
    from fugong.construction.selectors import figures

    today = timezone.localdate()
    by_id = {u: resumption_figures(u, date=today) for u in (city.leader, city.officer)}
    monkeypatch.setattr(figures, "SCOPE_IDS_MAX", 0)
    for user, f in by_id.items():
        again = resumption_figures(user, date=today)
        assert cell(again.total) == cell(f.total) and again.trend == f.trend
        assert {k: cell(c) for k, c in again.by_area.items()} == {
            k: cell(c) for k, c in f.by_area.items()
        }
