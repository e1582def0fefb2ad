"""What the daily-report benches rely on: the bare insert baseline, the summary table
printer, and pinned query counts of the report pages (an N+1 fails here, not in a bench)."""

import pytest
from django.db import connection
from django.test import Client, RequestFactory

from bench.reports import summary_table
from fugong.common.bench_views import BARE_INSERT_TABLE, bare_insert
from fugong.common.testing import expected_queries, login
from fugong.construction.services.projects import project_create
from fugong.construction.services.reports import daily_report_submit
from fugong.construction.tests.test_report_support import (  # noqa: F401 - fixtures
    clock_fixture,
    numbers,
    resume,
    rw_fixture,
)


def test_the_bare_insert_writes_one_row(db, django_assert_max_num_queries, monkeypatch):
    from fugong.common import bench_views

    monkeypatch.setattr(bench_views, "_table_ready", set())  # PostgreSQL rolls DDL back
    request = RequestFactory().post("/bench/bare-insert/", data=b"{}", content_type="x")
    assert bare_insert(request).status_code == 201  # creates its table on first use
    with django_assert_max_num_queries(3):  # (savepoint,) INSERT, (release)
        assert bare_insert(request).status_code == 201
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {BARE_INSERT_TABLE}")  # noqa: S608
        assert cursor.fetchone()[0] == 2


def test_the_bare_insert_is_not_routed_by_default(client):
    assert client.post("/bench/bare-insert/").status_code == 404


def test_the_summary_table_prints_the_growth():
    row = {"projects": 3000, "reports": 160000, "seconds_median": 0.2}
    row |= {"peak_python_mib": 7.0, "peak_rss_mib": 88.0}
    text = summary_table(
        {"1x": row, "4x": {**row, "projects": 12000, "reports": 640000, "seconds_median": 0.6},
         "growth": 3.0, "data_growth": 4.0}
    )  # fmt: skip
    assert "12,000" in text and "3.0×" in text


@pytest.fixture
def many(rw):
    for n in range(6):
        project = project_create(
            actor=None, name=f"附加项目{n}", kind="road", region=rw.world.district_a,
            builder=rw.world.enterprise_a, responsible_phone=f"1391234000{n}",
        )  # fmt: skip
        resume(project)
    return rw


def test_the_missing_page_makes_the_same_queries_for_more_sites(many, django_assert_num_queries):
    client = login(Client(), many.officer)
    client.get("/construction/reports/missing/")
    # session, user, count, page, counts by district, district choices (the grants and the
    # reporting settings are kept in process memory: accounts.access, common.caches)
    with django_assert_num_queries(expected_queries(6)):
        response = client.get("/construction/reports/missing/")
    assert response.content.decode().count("附加项目") == 6


def test_the_form_and_the_picker_make_few_queries(many, django_assert_max_num_queries):
    client = login(Client(), many.site)
    client.get("/construction/reports/today/")
    with django_assert_max_num_queries(8):
        assert "附加项目5" in client.get("/construction/reports/today/").content.decode()
    daily_report_submit(actor=many.site, project=many.a, data=numbers())
    url = f"/construction/reports/today/?project={many.a.pk}"
    client.get(url)
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200
