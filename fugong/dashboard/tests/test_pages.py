"""The dashboard's pages: the board, the big screen, navigation."""

from django.test import Client

from fugong.common.testing import login
from fugong.construction.tests.test_report_support import (  # noqa: F401 - fixtures
    clock_fixture,
    day,
    rw_fixture,
)
from fugong.dashboard.tests.support import dash_fixture  # noqa: F401


def test_the_board_page_for_the_leader(dash):
    client = login(Client(), dash.leader)
    response = client.get("/dashboard/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="dashboard-charts"' in html and "dashboard/vendor/echarts/echarts.min.js" in html
    assert 'data-chart="rate_by_area"' in html
    assert f'data-area="{dash.world.district_a.pk}"' in html  # the drill-down menu
    assert "<script>" not in html  # CSP: no inline scripts
    assert 'data-nav="dashboard:home"' in html


def test_every_figure_links_to_its_list(dash):
    html = login(Client(), dash.leader).get("/dashboard/").content.decode()
    assert 'href="/construction/projects/?status=resumed"' in html
    assert "/construction/reports/missing/?date=" in html


def test_the_big_screen_refreshes_itself(dash):
    response = login(Client(), dash.leader).get("/dashboard/screen/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'http-equiv="refresh"' in html and "dashboard-screen" in html


def test_the_district_officer_page(dash):
    html = login(Client(), dash.officer).get("/dashboard/").content.decode()
    assert "解放区" in html and "山阳区" not in html


def test_query_counts_are_pinned(dash, django_assert_num_queries):
    """Cold: every figure computed (the cache emptied); warm: the figures from the cache."""
    from django.core.cache import cache

    from fugong.common.testing import expected_queries

    client = login(Client(), dash.leader)
    client.get("/dashboard/")
    cache.clear()
    client = login(Client(), dash.leader)  # with REDIS_URL the session was in that cache
    # A page without figures fills the per-user caches again, not the dashboard's.
    assert client.get("/dashboard/bulletin/recipients/").status_code == 200
    with django_assert_num_queries(expected_queries(29)):
        client.get("/dashboard/")
    with django_assert_num_queries(expected_queries(4)):
        client.get("/dashboard/")
    # With the closed days' rollups kept by the worker: the cumulative output's rows, the
    # trend's days changed since and its totals, three more.
    from fugong.construction.services.rollups import output_rollup_refresh

    output_rollup_refresh()
    cache.clear()
    client = login(Client(), dash.leader)
    assert client.get("/dashboard/bulletin/recipients/").status_code == 200
    with django_assert_num_queries(expected_queries(32)):
        client.get("/dashboard/")


def test_the_big_screen_reloads_when_its_figures_expire():
    """Figures cached 45 s ago are shown for 15 s more, then the screen reloads: what it
    shows is never older than the cache's minute."""
    import datetime

    from django.utils import timezone

    from fugong.dashboard.board import CACHE_SECONDS, Board
    from fugong.dashboard.views import refresh_after

    now = timezone.now()
    fresh = Board(date=now.date(), computed_at=now)
    assert refresh_after(fresh) == CACHE_SECONDS
    old = Board(date=now.date(), computed_at=now - datetime.timedelta(seconds=45))
    assert CACHE_SECONDS - 45 <= refresh_after(old) <= CACHE_SECONDS - 45 + 1
    stale = Board(date=now.date(), computed_at=now - datetime.timedelta(seconds=600))
    assert refresh_after(stale) == 5


def test_query_counts_are_pinned_for_every_role(dash):
    """Cold, the cache emptied: a district officer, a cadre and an enterprise user (the
    leader's are pinned above). The count follows the panels a role may see, never the
    number of projects, reports or residents."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from fugong.common.testing import expected_queries

    counts = {}
    for role, user in (
        ("district", dash.officer),
        ("cadre", dash.cadre),
        ("enterprise", dash.site),
    ):
        client = login(Client(), user)
        client.get("/dashboard/")
        cache.clear()
        client = login(Client(), user)
        assert client.get("/dashboard/bulletin/recipients/").status_code in (200, 403)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/dashboard/").status_code == 200
        counts[role] = len(queries)
    assert counts == {
        "district": expected_queries(PIN_DISTRICT),
        "cadre": expected_queries(PIN_CADRE),
        "enterprise": expected_queries(PIN_ENTERPRISE),
    }


PIN_DISTRICT, PIN_CADRE, PIN_ENTERPRISE = 15, 17, 11
