"""The board's figures per role and viewpoint: exact numbers on a small world, scoping,
drill-down, bad input, the cache."""

from django.test import Client

from fugong.common.testing import login
from fugong.construction.tests.test_report_support import (  # noqa: F401 - fixtures
    clock_fixture,
    day,
    rw_fixture,
)
from fugong.dashboard.board import build_board
from fugong.dashboard.tests.support import dash_fixture, figure  # noqa: F401
from fugong.dashboard.viewpoint import Viewpoint


def test_the_leader_sees_the_city(dash):
    board = build_board(Viewpoint(user=dash.leader, date=day(0)))
    assert figure(board, "resumption", "projects") == 2
    assert figure(board, "resumption", "resumed") == 2
    assert figure(board, "resumption", "rate") == 100.0
    assert figure(board, "resumption", "missing") == 1  # 群英河桥 has not reported today
    assert figure(board, "workers", "reported") == 1
    assert figure(board, "workers", "people") == 110
    assert figure(board, "workers", "fevers") == 1
    assert figure(board, "output", "output_cumulative") == 50.0


def test_the_page_renders_for_the_leader(dash):
    client = login(Client(), dash.leader)
    response = client.get("/dashboard/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="dashboard-charts"' in html and "echarts.min.js" in html
    assert 'data-chart="rate_by_area"' in html
