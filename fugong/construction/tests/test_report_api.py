"""Daily reports through the API (an enterprise's own system submits with a token), and
the generated scoping tests of the list page and the API."""

from decimal import Decimal

from django.test import Client

from fugong.common.testing import ScopedEndpointTests, api_client, make_user
from fugong.construction.choices import ProjectStatus
from fugong.construction.models import DailyReport, ReportUnlock
from fugong.construction.services.projects import project_set_status
from fugong.construction.services.reports import daily_report_backfill
from fugong.construction.tests.test_report_support import (  # noqa: F401 - fixtures
    clock_fixture,
    day,
    numbers,
    rw_fixture,
)

URL = "/api/v1/daily-reports/"


def body(project, **over):
    data = {k: (str(v) if isinstance(v, Decimal) else v) for k, v in numbers(**over).items()}
    return {"project": project.pk, **data}


# --- submit -----------------------------------------------------------------------------------


def test_a_site_submits_with_a_token_then_corrects(rw):
    client = api_client(rw.site)
    response = client.post(URL, body(rw.a), format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["date"] == day(0).isoformat() and data["people_on_site"] == 110
    assert data["output_value"] == "35.50" and data["project_name"] == "东海大道"
    again = client.post(
        URL, body(rw.a, workers_on_site=120, temperature_checked=125), format="json"
    )
    assert again.status_code == 200 and again.json()["id"] == data["id"]
    assert again.json()["version"] == data["version"] + 1
    patch = client.patch(
        f"{URL}{data['id']}/", {"fevers": 1, "version": again.json()["version"]}, format="json"
    )
    assert patch.status_code == 200 and patch.json()["fevers"] == 1
    stale = client.patch(f"{URL}{data['id']}/", {"fevers": 2, "version": 1}, format="json")
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "conflict"
    assert DailyReport.objects.count() == 1


def test_rule_errors_come_in_the_common_format(rw):
    response = api_client(rw.site).post(
        URL, body(rw.a, fevers=9, temperature_checked=5), format="json"
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid" and list(error["fields"]) == ["fevers"]
    response = api_client(rw.site).post(URL, body(rw.a, date=day(1).isoformat()), format="json")
    assert response.json()["error"]["code"] == "future_date"
    response = api_client(rw.site).post(URL, body(rw.a, workers_on_site="many"), format="json")
    assert response.status_code == 400 and "workers_on_site" in response.json()["error"]["fields"]
    response = api_client(rw.site).post(URL, {"workers_on_site": 1}, format="json")
    assert "project" in response.json()["error"]["fields"]
    assert not DailyReport.objects.exists()


def test_a_past_day_needs_an_unlock_and_a_not_started_project_a_commitment(rw):
    response = api_client(rw.site).post(URL, body(rw.a, date=day(-1).isoformat()), format="json")
    assert response.status_code == 400 and response.json()["error"]["code"] == "report_locked"
    unlock = api_client(rw.officer).post(
        f"{URL}unlock/",
        {"project": rw.a.pk, "date": day(-1).isoformat(), "reason": "补报"},
        format="json",
    )
    assert unlock.status_code == 201 and ReportUnlock.objects.get().unlocked_by == rw.officer
    response = api_client(rw.site).post(URL, body(rw.a, date=day(-1).isoformat()), format="json")
    assert response.status_code == 201
    denied = api_client(rw.site).post(
        f"{URL}unlock/", {"project": rw.a.pk, "date": day(-1).isoformat(), "reason": "x"}
    )
    assert denied.status_code == 403


def test_another_enterprises_project_answers_not_found(rw):
    response = api_client(rw.site).post(URL, body(rw.b), format="json")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    response = api_client(rw.site).post(URL, {**body(rw.b), "project": 10**9}, format="json")
    assert response.status_code == 404
    assert not DailyReport.objects.exists()


def test_a_completed_project_is_refused(rw):
    project_set_status(actor=None, project=rw.a, to_status=ProjectStatus.COMPLETED)
    response = api_client(rw.site).post(URL, body(rw.a), format="json")
    assert response.json()["error"]["code"] == "project_completed"


def test_readers_cannot_submit(rw):
    response = api_client(rw.officer).post(URL, body(rw.a), format="json")
    assert response.status_code == 403
    report, _ = daily_report_backfill(
        project=rw.a, date=day(0), data=numbers(), submitted_by=rw.site
    )
    assert api_client(rw.officer).patch(f"{URL}{report.pk}/", {"fevers": 1}).status_code == 403
    assert api_client(rw.site_b).patch(f"{URL}{report.pk}/", {"fevers": 1}).status_code == 404
    assert api_client(rw.site).delete(f"{URL}{report.pk}/").status_code in (403, 405)
    assert DailyReport.objects.filter(pk=report.pk).exists()


def test_list_filters(rw):
    daily_report_backfill(project=rw.a, date=day(-2), data=numbers(fevers=1), submitted_by=rw.site)
    daily_report_backfill(project=rw.a, date=day(-1), data=numbers(), submitted_by=rw.site)
    client = api_client(rw.officer)
    dates = [r["date"] for r in client.get(URL, {"fevers": "true"}).json()["results"]]
    assert dates == [day(-2).isoformat()]
    dates = [r["date"] for r in client.get(URL, {"date_from": day(-1)}).json()["results"]]
    assert dates == [day(-1).isoformat()]


def test_summary_as_json(rw):
    daily_report_backfill(project=rw.a, date=day(0), data=numbers(), submitted_by=rw.site)
    data = api_client(rw.officer).get(f"{URL}summary/").json()
    assert data["date"] == day(0).isoformat()
    assert data["total"]["reported"] == 1 and data["total"]["people"] == 110
    assert [row["label"] for row in data["by_district"]] == ["解放区"]
    future = api_client(rw.officer).get(f"{URL}summary/", {"date": day(3)}).json()
    assert future["message"] and future["total"] is None


def test_the_schema_documents_the_endpoints(rw):
    schema = Client().get("/api/schema/").content.decode()
    for path in ("/api/v1/daily-reports/", "missing/", "summary/", "unlock/"):
        assert path in schema
    assert "DailyReportSubmit" in schema


# --- generated scoping tests ---------------------------------------------------------------------


class ReportScoping(ScopedEndpointTests):
    list_url = "/construction/reports/"
    api_list_url = URL
    in_scope_attr, out_of_scope_attr = "report_a", "report_b"

    def prepare(self, world):
        world.project_a = project_set_status(
            actor=None, project=world.project_a, to_status=ProjectStatus.RESUMED
        )
        world.project_b = project_set_status(
            actor=None, project=world.project_b, to_status=ProjectStatus.RESUMED
        )
        self.reporter = make_user("reporter")
        world.report_a, _ = daily_report_backfill(
            project=world.project_a, date=day(0), data=numbers(), submitted_by=self.reporter
        )
        world.report_b, _ = daily_report_backfill(
            project=world.project_b, date=day(0), data=numbers(), submitted_by=self.reporter
        )

    def prepare_many(self, world):
        for n in range(1, 6):
            daily_report_backfill(
                project=world.project_a, date=day(-n), data=numbers(), submitted_by=self.reporter
            )

    def text_of(self, obj):
        return obj.project.name


class TestReportsScopedToDistrict(ReportScoping):
    role = "district_officer"
    list_queries = 5


class TestReportsScopedToEnterprise(ReportScoping):
    role = "enterprise_user"
    list_queries = 4

    def grant_scope(self, world):
        return {"organisation": world.enterprise_a}
