"""The daily-report pages as a site manager and an authority use them."""

import datetime

from django.test import Client

from fugong.common.testing import login, make_user, xlsx_rows
from fugong.construction.models import DailyReport, ReportUnlock
from fugong.construction.services.projects import project_create
from fugong.construction.services.reports import daily_report_backfill, daily_report_submit
from fugong.construction.tests.test_report_support import (  # noqa: F401 - fixtures
    clock_fixture,
    day,
    form_data,
    numbers,
    resume,
    rw_fixture,
)

TODAY_URL = "/construction/reports/today/"


def site_client(rw):
    return login(Client(), rw.site)


# --- today's report ------------------------------------------------------------------------------


def test_the_form_prefills_from_the_last_report(rw):
    daily_report_backfill(
        project=rw.a, date=day(-2), data=numbers(workers_on_site=187), submitted_by=rw.site
    )
    response = site_client(rw).get(TODAY_URL)  # one project: straight to its form
    html = response.content.decode()
    assert response.status_code == 200 and "东海大道" in html
    assert 'id="prefilled"' in html and day(-2).isoformat() in html
    assert 'name="workers_on_site" value="187"' in html
    assert 'inputmode="numeric"' in html and 'inputmode="decimal"' in html
    assert 'name="version" value="0"' in html
    assert "previous-numbers" in html  # the live copy warning's data


def test_several_projects_are_offered_to_choose_from(rw):
    other = project_create(
        actor=None, name="解放路15号", kind="building", region=rw.world.district_a,
        builder=rw.world.enterprise_a,
    )  # fmt: skip
    resume(other)
    daily_report_submit(actor=rw.site, project=rw.a, data=numbers())
    html = site_client(rw).get(TODAY_URL).content.decode()
    assert 'id="report-projects"' in html and "解放路15号" in html and "东海大道" in html
    assert "群英河桥" not in html


def test_submitting_saves_and_shows_the_report(rw):
    client = site_client(rw)
    response = client.post(f"{TODAY_URL}?project={rw.a.pk}", form_data(version=0), follow=True)
    report = DailyReport.objects.get(project=rw.a, date=day(0))
    assert response.redirect_chain[-1][0] == report.get_absolute_url()
    html = response.content.decode()
    assert "alert-success" in html and 'id="identical"' not in html
    assert report.submitted_by == rw.site and report.output_value == numbers()["output_value"]


def test_a_copy_of_yesterday_is_saved_with_a_warning(rw):
    daily_report_backfill(project=rw.a, date=day(-1), data=numbers(), submitted_by=rw.site)
    response = site_client(rw).post(
        f"{TODAY_URL}?project={rw.a.pk}", form_data(version=0), follow=True
    )
    html = response.content.decode()
    assert DailyReport.objects.get(date=day(0)).copied_from_previous
    assert "alert-warning" in html and 'id="identical"' in html


def test_errors_are_shown_inline_and_nothing_is_saved(rw):
    response = site_client(rw).post(
        f"{TODAY_URL}?project={rw.a.pk}",
        form_data(fevers=5, temperature_checked=3, returned_today=-2, version=0),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-error-for="returned_today"' in html
    assert not DailyReport.objects.exists()
    # The form's own checks passed for these: the service's rules show on the fields.
    response = site_client(rw).post(
        f"{TODAY_URL}?project={rw.a.pk}", form_data(fevers=5, temperature_checked=3, version=0)
    )
    html = response.content.decode()
    assert 'data-error-for="fevers"' in html and 'id="form-errors"' in html
    assert 'name="fevers" value="5"' in html  # what was typed stays
    assert not DailyReport.objects.exists()


def test_a_report_changed_meanwhile_is_not_overwritten(rw):
    client = site_client(rw)
    client.post(f"{TODAY_URL}?project={rw.a.pk}", form_data(version=0))
    response = client.post(
        f"{TODAY_URL}?project={rw.a.pk}", form_data(workers_on_site=99, version=0)
    )
    assert response.status_code == 200 and "alert-danger" in response.content.decode()
    assert DailyReport.objects.get().workers_on_site == 100


def test_another_enterprises_project_is_not_found(rw):
    response = site_client(rw).get(f"{TODAY_URL}?project={rw.b.pk}")
    assert response.status_code == 404 and "群英河桥" not in response.content.decode()
    response = site_client(rw).post(f"{TODAY_URL}?project={rw.b.pk}", form_data(version=0))
    assert response.status_code == 404 and not DailyReport.objects.exists()


def test_after_the_cut_off_the_report_is_read_only(rw):
    daily_report_submit(actor=rw.site, project=rw.a, data=numbers())
    client = site_client(rw)
    url = f"{TODAY_URL}?project={rw.a.pk}&date={day(-1).isoformat()}"
    html = client.get(url).content.decode()
    assert 'id="report-locked"' in html and 'id="report-form"' not in html
    assert client.post(url, form_data(version=0)).status_code == 200
    assert not DailyReport.objects.filter(date=day(-1)).exists()
    ReportUnlock.objects.create(
        project=rw.a, date=day(-1), reason="补报", unlocked_by=rw.officer,
        until=datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=3650),
    )  # fmt: skip
    assert 'id="report-form"' in client.get(url).content.decode()
    assert client.post(url, form_data(version=0)).status_code == 302
    assert DailyReport.objects.filter(date=day(-1)).exists()


def test_the_edit_link_of_a_report_leads_to_its_form(rw):
    report = daily_report_submit(actor=rw.site, project=rw.a, data=numbers())
    response = site_client(rw).get(f"/construction/reports/{report.pk}/edit/")
    assert response.status_code == 302 and response["Location"].endswith(f"?project={rw.a.pk}")


# --- list, detail, unlock ------------------------------------------------------------------------


def test_report_detail_is_scoped(rw):
    report = daily_report_submit(actor=rw.site, project=rw.a, data=numbers(fevers=1))
    url = report.get_absolute_url()
    page = login(Client(), rw.officer).get(url)
    assert page.status_code == 200 and "东海大道" in page.content.decode()
    assert login(Client(), rw.officer_b).get(url).status_code == 404
    assert login(Client(), rw.site_b).get(url).status_code == 404
    assert login(Client(), rw.site).get(url).status_code == 200


def test_report_list_filters_and_exports(rw):
    daily_report_backfill(project=rw.a, date=day(-3), data=numbers(fevers=2), submitted_by=rw.site)
    daily_report_backfill(project=rw.a, date=day(-2), data=numbers(), submitted_by=rw.site)
    client = login(Client(), rw.officer)
    html = client.get("/construction/reports/", {"fevers": "true"}).content.decode()
    assert day(-3).isoformat() in html and day(-2).isoformat() not in html
    html = client.get("/construction/reports/", {"date_from": day(-2).isoformat()}).content.decode()
    assert day(-2).isoformat() in html and day(-3).isoformat() not in html
    response = client.get("/construction/reports/", {"export": "xlsx", "fevers": "true"})
    rows = xlsx_rows(response.content)
    assert len(rows) == 2 and "东海大道" in rows[1]


def test_an_authority_unlocks_a_day_through_the_page(rw):
    report, _created = daily_report_backfill(
        project=rw.a, date=day(-1), data=numbers(), submitted_by=rw.site
    )
    client = login(Client(), rw.officer)
    detail = client.get(report.get_absolute_url()).content.decode()
    assert 'id="report-unlock"' in detail
    form = client.get(f"/construction/reports/unlock/?project={rw.a.pk}&date={day(-1)}")
    assert form.status_code == 200
    response = client.post(
        "/construction/reports/unlock/",
        {"project": rw.a.pk, "date": day(-1).isoformat(), "reason": "数字有误", "hours": 4},
    )
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    assert ReportUnlock.objects.get().unlocked_by == rw.officer
    # The other district's project is not offered, and posting it is refused.
    response = client.post(
        "/construction/reports/unlock/",
        {"project": rw.b.pk, "date": day(-1).isoformat(), "reason": "x", "hours": 4},
    )
    assert response.status_code == 200 and 'data-error-for="project"' in response.content.decode()
    assert login(Client(), rw.site).get("/construction/reports/unlock/").status_code == 403


def test_reporting_settings_page_for_the_bureau_admin(rw):
    admin = make_user("admin", "bureau_admin", region=rw.world.city)
    client = login(Client(), admin)
    assert client.get("/construction/reports/settings/").status_code == 200
    response = client.post(
        "/construction/reports/settings/",
        {"deadline": "16:30", "cutoff": "22:00", "reminder_lead_minutes": "45"},
    )
    assert response.status_code == 302
    from fugong.construction.models import ReportingSettings

    assert ReportingSettings.current().deadline == datetime.time(16, 30)
    response = client.post(
        "/construction/reports/settings/",
        {"deadline": "23:00", "cutoff": "22:00", "reminder_lead_minutes": "45"},
    )
    assert 'data-error-for="deadline"' in response.content.decode()
    assert login(Client(), rw.officer).get("/construction/reports/settings/").status_code == 403
