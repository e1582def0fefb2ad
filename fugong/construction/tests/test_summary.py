"""The daily summary: exact numbers on a small world, the page, the xlsx."""

import io
from decimal import Decimal

import pytest
from django.test import Client
from django.utils.translation import gettext
from openpyxl import load_workbook

from fugong.common.testing import login, make_user
from fugong.construction.choices import ProjectStatus
from fugong.construction.models import ProjectTarget
from fugong.construction.services.projects import project_create, project_set_status
from fugong.construction.services.reports import daily_report_backfill
from fugong.construction.summary import daily_summary, summary_xlsx
from fugong.construction.tests.test_report_support import (  # noqa: F401 - fixtures
    clock_fixture,
    day,
    numbers,
    resume,
    rw_fixture,
)


@pytest.fixture
def small(rw):
    """解放区: 东海大道 (road, resumed), 新河桥 (bridge, not started), 旧路 (road, completed);
    山阳区: 群英河桥 (bridge, resumed). Reports on the last three days; targets."""
    world = rw.world
    project_create(
        actor=None, name="新河桥", kind="bridge", region=world.district_a,
        builder=world.enterprise_a,
    )  # fmt: skip
    done = project_create(
        actor=None, name="旧路", kind="road", region=world.district_a, builder=world.enterprise_a
    )
    resume(done)
    project_set_status(actor=None, project=done, to_status=ProjectStatus.COMPLETED)
    for date, output in ((day(-2), "100.00"), (day(-1), "150.50")):
        daily_report_backfill(
            project=rw.a,
            date=date,
            data=numbers(output_value=Decimal(output)),
            submitted_by=rw.site,
        )
    daily_report_backfill(project=rw.a, date=day(0), data=numbers(fevers=1), submitted_by=rw.site)
    daily_report_backfill(
        project=rw.b,
        date=day(0),
        data=numbers(
            workers_on_site=50,
            managers_on_site=5,
            temperature_checked=55,
            returned_today=2,
            from_outside_province=3,
            under_observation=1,
            output_value=Decimal("10.00"),
        ),
        submitted_by=rw.site_b,
    )
    ProjectTarget.objects.create(project=rw.a, due_date=day(10), value=Decimal("2000"))
    ProjectTarget.objects.create(project=rw.a, due_date=day(30), value=Decimal("3000"))
    ProjectTarget.objects.create(
        project=rw.a, due_date=day(5), value=Decimal("9999"), archived_at=rw.clock.at(10)
    )
    ProjectTarget.objects.create(project=rw.b, due_date=day(-1), value=Decimal("500"))
    rw.leader = make_user("leader", "leader", region=world.city)
    return rw


def row(rows, label):
    return next(r for r in rows if r.label == label)


def test_the_city_wide_numbers(small):
    summary = daily_summary(small.leader, day(0))
    total = summary.total
    assert (total.projects, total.resumed, total.completed, total.reported) == (4, 2, 1, 2)
    assert total.resumption_rate == pytest.approx(2 / 3)
    assert (total.people, total.returned, total.outside, total.observation, total.fevers) == (
        165, 7, 23, 4, 1,
    )  # fmt: skip
    assert total.output_today == Decimal("45.50")
    assert total.output_cumulative == Decimal("296.00")
    assert total.target == Decimal("2000.00") and total.target_share == pytest.approx(0.148)
    assert summary.message == ""

    jiefang = row(summary.by_district, "解放区")
    assert (jiefang.projects, jiefang.resumed, jiefang.reported, jiefang.people) == (3, 1, 1, 110)
    assert jiefang.resumption_rate == 0.5 and jiefang.output_cumulative == Decimal("286.00")
    shanyang = row(summary.by_district, "山阳区")
    assert (shanyang.projects, shanyang.resumption_rate, shanyang.target_share) == (1, 1.0, None)
    assert [r.label for r in summary.by_district] == ["解放区", "山阳区"]

    road = next(r for r in summary.by_kind if r.key == "road")
    bridge = next(r for r in summary.by_kind if r.key == "bridge")
    assert (road.projects, road.resumed, road.completed, road.resumption_rate) == (2, 1, 1, 1.0)
    assert (bridge.projects, bridge.resumed, bridge.resumption_rate) == (2, 1, 0.5)
    assert bridge.output_cumulative == Decimal("10.00") and road.fevers == 1


def test_a_district_sees_its_own(small):
    summary = daily_summary(small.officer, day(0))
    assert [r.label for r in summary.by_district] == ["解放区"]
    assert (summary.total.projects, summary.total.reported, summary.total.people) == (3, 1, 110)


def test_a_past_day(small):
    summary = daily_summary(small.leader, day(-1))
    assert summary.total.reported == 1 and summary.total.output_today == Decimal("150.50")
    assert summary.total.output_cumulative == Decimal("250.50")
    # The nearest target due on or after that day, for each project: 2000 (东海大道), 500.
    assert summary.total.target == Decimal("2500.00")


def test_a_day_without_data_and_a_future_day_say_so(small):
    empty = daily_summary(small.leader, day(-10))
    assert "No daily reports" in empty.message or str(empty.date) in empty.message
    assert empty.total.reported == 0 and empty.total.projects == 4
    future = daily_summary(small.leader, day(1))
    assert future.is_future and future.message and future.total is None


def test_the_summary_takes_three_queries_whatever_the_size(small, django_assert_num_queries):
    with django_assert_num_queries(3):
        daily_summary(None, day(0))


def test_the_xlsx(small):
    content = summary_xlsx(daily_summary(small.leader, day(0)))
    wb = load_workbook(io.BytesIO(content))
    assert len(wb.sheetnames) == 2
    by_district = list(wb.worksheets[0].iter_rows(values_only=True))
    assert day(0).isoformat() in by_district[0][0]
    header, *rows = by_district[1:]
    assert len(header) == 14
    assert [r[0] for r in rows] == ["解放区", "山阳区", gettext("Total")]
    total = rows[-1]
    assert total[1:5] == (4, 2, pytest.approx(2 / 3), 2)
    assert total[11] == pytest.approx(296.0) and total[12] == pytest.approx(2000.0)
    by_kind = list(wb.worksheets[1].iter_rows(values_only=True))
    assert len(by_kind) == 2 + 2 + 1  # title, header, road and bridge, total
    assert wb.worksheets[0].cell(row=3, column=4).number_format == "0.0%"


def test_the_page_and_its_export(small):
    client = login(Client(), small.officer)
    html = client.get("/construction/reports/summary/").content.decode()
    assert 'id="summary-district"' in html and 'id="summary-kind"' in html
    assert 'data-col="people">110<' in html
    response = client.get("/construction/reports/summary/", {"date": day(0), "export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    html = client.get("/construction/reports/summary/", {"date": day(5)}).content.decode()
    assert 'id="summary-message"' in html and 'id="summary-district"' not in html
    cadre = make_user("cadre", "cadre", region=small.world.community_a)
    assert login(Client(), cadre).get("/construction/reports/summary/").status_code == 403
