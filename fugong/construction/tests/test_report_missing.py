"""Missing reports (未上报): the selector, the page, the reminders and their commands."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.test import Client

from fugong.common.testing import api_client, login, make_user, xlsx_rows
from fugong.construction.choices import ProjectStatus
from fugong.construction.models import ProjectEvent
from fugong.construction.selectors.reports import missing_reports
from fugong.construction.services.projects import project_create, project_set_status
from fugong.construction.services.reports import daily_report_backfill, daily_report_submit
from fugong.construction.tasks import send_missing_report_reminders
from fugong.construction.tests.test_report_support import (  # noqa: F401 - fixtures
    clock_fixture,
    day,
    numbers,
    resume,
    rw_fixture,
)
from fugong.messaging.models import InAppMessage

IMMEDIATE = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default"],
    }
}


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = IMMEDIATE


def counted(title: str) -> int:
    """The number of sites in a summary's title (whatever the language), without the date."""
    return int(re.findall(r"\d+", title.replace(day(0).isoformat(), ""))[0])


def names(qs):
    return [p.name for p in qs]


# --- the selector ------------------------------------------------------------------------------


def test_resumed_projects_in_scope_without_a_report_are_missing(rw):
    assert names(missing_reports(rw.officer, day(0))) == ["东海大道"]
    assert names(missing_reports(rw.officer_b, day(0))) == ["群英河桥"]
    assert names(missing_reports(rw.site, day(0))) == ["东海大道"]
    daily_report_submit(actor=rw.site, project=rw.a, data=numbers())
    assert names(missing_reports(rw.officer, day(0))) == []
    assert names(missing_reports(None, day(0))) == ["群英河桥"]


def test_what_does_not_have_to_report_is_not_missing(rw):
    project_create(
        actor=None,
        name="新河商务中心",
        kind="building",
        region=rw.world.district_a,
        builder=rw.world.enterprise_a,
    )  # fmt: skip  (not started)
    done = project_create(
        actor=None, name="解放路15号", kind="building", region=rw.world.district_a,
        builder=rw.world.enterprise_a,
    )  # fmt: skip
    resume(done)
    project_set_status(actor=None, project=done, to_status=ProjectStatus.COMPLETED)
    late = project_create(
        actor=None, name="和祥小区", kind="real_estate", region=rw.world.district_a,
        builder=rw.world.enterprise_a,
    )  # fmt: skip
    resume(late, days_ago=2)
    assert names(missing_reports(rw.officer, day(0))) == ["东海大道", "和祥小区"]
    # Five days ago 和祥小区 had not resumed yet: it owed nothing.
    assert names(missing_reports(rw.officer, day(-5))) == ["东海大道"]


def test_suspended_sites_keep_reporting_and_are_listed(rw):
    project_set_status(actor=None, project=rw.a, to_status=ProjectStatus.SUSPENDED)
    assert names(missing_reports(rw.officer, day(0))) == ["东海大道"]


def test_a_project_resumed_without_a_timeline_is_taken_as_resumed_before(rw):
    ProjectEvent.objects.filter(project=rw.a).delete()
    assert names(missing_reports(rw.officer, day(-60))) == ["东海大道"]


# --- the page ----------------------------------------------------------------------------------


def test_the_missing_page_lists_shrinks_and_exports(rw):
    client = login(Client(), rw.officer)
    response = client.get("/construction/reports/missing/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "东海大道" in html and "群英河桥" not in html
    assert 'id="deadline"' in html and "17:00" in html
    assert f'value="{day(0).isoformat()}"' in html  # the date picker shows the day listed
    assert 'id="missing-by-district"' in html and "解放区" in html
    assert "139****5678" in html  # the responsible person's phone, masked
    rows = xlsx_rows(client.get("/construction/reports/missing/", {"export": "xlsx"}).content)
    assert len(rows) == 2 and "东海大道" in rows[1] and "13912345678" not in str(rows)
    daily_report_submit(actor=rw.site, project=rw.a, data=numbers())
    html = client.get("/construction/reports/missing/").content.decode()
    assert "东海大道" not in html.split('id="object-table"')[1]


def test_the_missing_page_for_another_day_and_district_filter(rw):
    daily_report_backfill(project=rw.a, date=day(-1), data=numbers(), submitted_by=rw.site)
    admin = make_user("leader", "leader", region=rw.world.city)
    client = login(Client(), admin)
    html = client.get("/construction/reports/missing/", {"date": day(-1)}).content.decode()
    table = html.split('id="object-table"')[1]
    assert "群英河桥" in table and "东海大道" not in table
    assert "has passed" in html or "已过" in html or "did not report" in html
    html = client.get(
        "/construction/reports/missing/", {"region": rw.world.district_a.pk}
    ).content.decode()
    table = html.split('id="object-table"')[1]
    assert "东海大道" in table and "群英河桥" not in table


def test_the_missing_page_needs_the_permission(rw):
    cadre = make_user("cadre", "cadre", region=rw.world.community_a)
    assert login(Client(), cadre).get("/construction/reports/missing/").status_code == 403


def test_the_missing_api(rw):
    data = api_client(rw.officer).get("/api/v1/daily-reports/missing/").json()
    assert [row["name"] for row in data["results"]] == ["东海大道"]
    assert data["results"][0]["responsible_phone"] == "139****5678"
    response = api_client(rw.officer).get("/api/v1/daily-reports/missing/", {"date": "x"})
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid"


# --- reminders ------------------------------------------------------------------------------------


def test_reminders_go_to_each_site_and_authority_once(rw, immediate_tasks):
    admin = make_user("admin", "bureau_admin", region=rw.world.city)
    first = send_missing_report_reminders.call(day(0).isoformat())
    assert first == {"projects": 2, "reminders": 2, "summaries": 3}
    reminder = InAppMessage.objects.get(recipient=rw.site)
    assert "东海大道" in reminder.title and f"?project={rw.a.pk}" in reminder.link
    assert InAppMessage.objects.get(recipient=rw.site_b).title.count("群英河桥") == 1
    summary = InAppMessage.objects.get(recipient=rw.officer)
    assert counted(summary.title) == 1 and "/construction/reports/missing/" in summary.link
    assert counted(InAppMessage.objects.get(recipient=admin).title) == 2
    second = send_missing_report_reminders.call(day(0).isoformat())
    assert second["reminders"] == 0 and second["summaries"] == 0
    assert InAppMessage.objects.count() == 5


def test_a_site_that_reported_is_not_reminded(rw, immediate_tasks):
    daily_report_submit(actor=rw.site, project=rw.a, data=numbers())
    send_missing_report_reminders.call(day(0).isoformat())
    assert not InAppMessage.objects.filter(recipient=rw.site).exists()
    assert InAppMessage.objects.filter(recipient=rw.site_b).exists()


def test_send_reminders_command_runs_the_task(rw, immediate_tasks):
    out = io.StringIO()
    call_command("send_reminders", "--now", stdout=out)
    assert "queued reminders" in out.getvalue()
    assert InAppMessage.objects.filter(recipient=rw.site).count() == 1
    call_command("send_reminders", "--date", day(0).isoformat(), stdout=io.StringIO())
    assert InAppMessage.objects.filter(recipient=rw.site).count() == 1


def test_send_reminders_defers_to_the_deadline_minus_the_lead(transactional_db, rw, settings):
    """The real database backend and `fugong worker` (its exclusive transaction needs a
    test without the wrapping transaction)."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    from django_tasks_db.models import DBTaskResult

    out = io.StringIO()
    call_command("send_reminders", stdout=out)  # it is 10:00; the reminder is due at 16:00
    task = DBTaskResult.objects.get()
    assert task.task_path == "fugong.construction.tasks.send_missing_report_reminders"
    assert task.args_kwargs["args"] == [day(0).isoformat()]
    local = task.run_after.astimezone(datetime.timezone(datetime.timedelta(hours=8)))
    assert (local.hour, local.minute) == (16, 0) and "16:00" in out.getvalue()
    assert not InAppMessage.objects.exists()  # the worker sends them
    call_command("worker", "--batch", "--no-startup-delay", "--no-reload", stdout=io.StringIO())
    assert not InAppMessage.objects.exists()  # not before 16:00
    rw.clock.at(16, 1)
    call_command("worker", "--batch", "--no-startup-delay", "--no-reload", stdout=io.StringIO())
    assert InAppMessage.objects.filter(recipient=rw.site).count() == 1


def test_send_reminders_refuses_a_malformed_date(rw, immediate_tasks):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("send_reminders", "--date", "yesterday")
