"""The board's figures per role and viewpoint: exact numbers on a small world, scoping
(a user outside gets nothing), drill-down, bad input, the cache."""

from django.core.cache import cache
from django.test import Client, RequestFactory

from fugong.common.testing import api_client, login, make_user
from fugong.construction.tests.test_report_support import (  # noqa: F401 - fixtures
    clock_fixture,
    day,
    rw_fixture,
)
from fugong.dashboard.board import build_board
from fugong.dashboard.tests.support import dash_fixture, deploy, figure  # noqa: F401
from fugong.dashboard.viewpoint import Viewpoint, viewpoint_for


def board_of(user, date=None, area=None, **kw):
    return build_board(Viewpoint(user=user, date=date or day(0), area=area), **kw)


def request_for(user, **params):
    request = RequestFactory().get("/dashboard/", params)
    request.user = user
    return request


def test_the_leader_sees_the_city(dash):
    board = board_of(dash.leader)
    assert figure(board, "resumption", "projects") == 2
    assert figure(board, "resumption", "resumed") == 2
    assert figure(board, "resumption", "rate") == 100.0
    assert figure(board, "resumption", "missing") == 1  # 群英河桥 has not reported today
    assert figure(board, "workers", "reported") == 1
    assert figure(board, "workers", "people") == 110
    assert figure(board, "workers", "fevers") == 1
    assert figure(board, "output", "output_cumulative") == 50.0
    rate = board.panel("resumption").charts[1]
    assert [p.name for p in rate.series[0].points] == ["解放区", "山阳区"]
    # Every bar drills down to its district's dashboard.
    assert rate.series[0].points[0].url.endswith(f"area={dash.world.district_a.pk}")
    headline = board.panel("resumption").headline
    assert "2" in headline and "100" in headline


def test_the_trend_covers_the_last_days(dash):
    board = board_of(dash.leader)
    trend = next(c for c in board.panel("workers").charts if c.key == "workers_trend")
    people = {p.name: p.value for p in trend.series[0].points}
    assert people[day(-1).strftime("%m-%d")] == 110 + 55
    assert people[day(0).strftime("%m-%d")] == 110


def test_a_district_officer_sees_the_district_only(dash):
    board = board_of(dash.officer)
    assert figure(board, "resumption", "projects") == 1
    assert figure(board, "workers", "people") == 110
    names = [p.name for p in board.panel("resumption").charts[1].series[0].points]
    assert names == ["解放区"]


def test_an_enterprise_sees_its_projects(dash):
    board = board_of(dash.site_b)
    assert figure(board, "resumption", "projects") == 1
    assert figure(board, "workers", "people") == 0
    assert board.panel("workers").note  # no report today


def test_a_user_outside_gets_nothing(dash):
    assert board_of(dash.outsider).panels == []
    client = login(Client(), dash.outsider)
    assert client.get("/dashboard/").status_code == 403
    assert client.get("/dashboard/bulletin/").status_code == 403
    assert api_client(dash.outsider).get("/api/v1/dashboard/").status_code == 403
    assert Client().get("/dashboard/").status_code == 302  # to the login


def test_a_cadre_sees_the_community(dash):
    deploy(dash)
    board = board_of(dash.cadre)
    assert board.panel("resumption") is None  # no construction rights
    community = board.panel("community")
    assert figure(board, "community", "cadres") == 1
    assert figure(board, "community", "on_duty") == 1
    assert community.headline.startswith("1")
    # The leader counts the same cadre city-wide, one sub-district.
    cache.clear()
    assert figure(board_of(dash.leader), "community", "subdistricts") == 1


def test_drilling_down_to_a_district(dash):
    view = viewpoint_for(request_for(dash.leader, area=dash.world.district_b.pk))
    assert not view.blocked and view.area == dash.world.district_b
    board = build_board(view)
    assert figure(board, "resumption", "projects") == 1
    assert figure(board, "workers", "people") == 0
    assert board.area_name == "山阳区"


def test_an_area_outside_the_jurisdiction_shows_nothing(dash):
    view = viewpoint_for(request_for(dash.officer, area=dash.world.district_b.pk))
    assert view.blocked and view.problem
    assert build_board(view).panels == []
    for bad in ("999999", "abc", str(dash.world.district_b.pk)):
        response = login(Client(), dash.officer).get("/dashboard/", {"area": bad})
        assert response.status_code == 200
        html = response.content.decode()
        assert 'id="dashboard-problem"' in html and "dashboard-figure" not in html


def test_a_day_in_the_future_is_refused_clearly(dash):
    view = viewpoint_for(request_for(dash.leader, date=day(3).isoformat()))
    assert view.blocked and day(3).isoformat() in view.problem
    assert build_board(view).panels == []
    api = api_client(dash.leader).get("/api/v1/dashboard/", {"date": day(3).isoformat()})
    assert api.status_code == 200 and api.json()["panels"] == [] and api.json()["problem"]


def test_a_malformed_day_falls_back_to_today(dash):
    view = viewpoint_for(request_for(dash.leader, date="2026-13-45"))
    assert view.date == day(0) and not view.blocked and "2026-13-45" in view.problem


def test_a_day_without_reports_says_so(dash):
    board = board_of(dash.leader, date=day(-20))
    assert figure(board, "workers", "reported") == 0
    assert day(-20).isoformat() in board.panel("workers").note


def test_figures_are_cached_per_jurisdiction(dash, django_assert_num_queries):
    first = board_of(dash.leader)
    other_leader = make_user("leader-2", "leader", region=dash.world.city)
    other_leader.scope_grants()  # the user's access, read once per request anyway
    with django_assert_num_queries(0):
        again = board_of(other_leader)
    assert again.computed_at == first.computed_at
    officer = board_of(dash.officer)
    assert figure(officer, "resumption", "projects") == 1  # not the city's cached figures


def test_the_cache_lives_at_most_a_minute():
    from fugong.dashboard.board import CACHE_SECONDS

    assert 0 < CACHE_SECONDS <= 60


def test_the_api_returns_the_panels(dash):
    response = api_client(dash.leader).get("/api/v1/dashboard/")
    assert response.status_code == 200
    body = response.json()
    keys = [p["key"] for p in body["panels"]]
    assert keys[:3] == ["resumption", "workers", "output"]
    assert body["headlines"]


def test_the_api_is_in_the_schema(db):
    response = Client().get("/api/schema/", {"format": "json"})
    assert "/api/v1/dashboard/" in response.json()["paths"]
