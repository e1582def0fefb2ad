"""The rules of `daily_report_submit`, `report_unlock` and the reporting settings."""

import datetime
from decimal import Decimal

import pytest

from fugong.audit.models import ChangeLog
from fugong.common.errors import Conflict, Forbidden, FugongError, NotFound
from fugong.common.testing import make_user
from fugong.construction.choices import ProjectEventKind, ProjectStatus
from fugong.construction.models import DailyReport, ProjectEvent, ReportingSettings
from fugong.construction.services.projects import project_set_status
from fugong.construction.services.reports import (
    daily_report_backfill,
    daily_report_submit,
    report_unlock,
    reporting_settings_update,
)
from fugong.construction.tests.test_report_support import (  # noqa: F401 - fixtures
    clock_fixture,
    day,
    numbers,
    rw_fixture,
)
from fugong.messaging.models import InAppMessage


def submit(rw, **kwargs):
    kwargs.setdefault("actor", rw.site)
    kwargs.setdefault("project", rw.a)
    kwargs.setdefault("data", numbers())
    return daily_report_submit(**kwargs)


def refused(code, call):
    with pytest.raises(FugongError) as caught:
        call()
    assert caught.value.code == code, (caught.value.code, caught.value.message)
    return caught.value


# --- one per day, create or update ------------------------------------------------------------


def test_the_first_submission_creates_todays_report_with_an_audit_row(rw):
    report = submit(rw)
    assert report.created and report.date == day(0) and report.submitted_by == rw.site
    assert report.people_on_site == 110 and not report.copied_from_previous
    log = ChangeLog.objects.for_object(report).get()
    assert log.actor == rw.site and log.action == "create"
    assert log.region == rw.world.district_a


def test_a_second_submission_the_same_day_changes_the_one_report(rw):
    first = submit(rw)
    second = submit(rw, data=numbers(workers_on_site=120, temperature_checked=130))
    assert not second.created and second.pk == first.pk and second.version == first.version + 1
    assert DailyReport.objects.filter(project=rw.a).count() == 1
    assert DailyReport.objects.get().workers_on_site == 120
    update = ChangeLog.objects.for_object(first).get(action="update")
    assert "workers_on_site" in update.changed_fields


def test_a_stale_version_is_a_conflict_and_changes_nothing(rw):
    report = submit(rw)
    submit(rw, data=numbers(workers_on_site=101), expected_version=report.version)
    with pytest.raises(Conflict):
        submit(rw, data=numbers(workers_on_site=99), expected_version=report.version)
    with pytest.raises(Conflict):  # the form saw no report, but one was sent meanwhile
        submit(rw, data=numbers(workers_on_site=98), expected_version=0)
    assert DailyReport.objects.get().workers_on_site == 101


@pytest.fixture
def optimistic(monkeypatch):
    """The path of databases without row locks (SQLite): read, check, then a short write
    transaction that confirms the project's version. (PostgreSQL reads under the row's
    lock instead: `test_report_concurrency`.)"""
    from django.db import connection

    monkeypatch.setattr(connection.features, "has_select_for_update", False)


def test_a_first_report_sent_meanwhile_turns_the_submission_into_its_update(
    rw, monkeypatch, optimistic
):
    """The day's first report is written in a short transaction after the checks; when
    another one landed in between, the unique (project, date) constraint catches it and
    the submission changes that report under the project's lock instead."""
    from fugong.construction.services import reports

    real_guard = reports._guard_window
    calls = []

    def guard_then_race(project, date):
        real_guard(project, date)
        if not calls:
            calls.append(date)
            submit(rw)  # the other device, first

    monkeypatch.setattr(reports, "_guard_window", guard_then_race)
    report = submit(rw, data=numbers(workers_on_site=120, temperature_checked=130))
    assert not report.created and report.version == 2
    assert DailyReport.objects.filter(project=rw.a).get().workers_on_site == 120


def test_a_project_changed_meanwhile_is_checked_again_under_its_lock(rw, monkeypatch, optimistic):
    """The project's version is confirmed inside the write: completed in between, the
    submission is refused as for a completed project, and nothing is written."""
    from fugong.construction.services import reports

    real_guard = reports._guard_window
    calls = []

    def guard_then_complete(project, date):
        real_guard(project, date)
        if not calls:
            calls.append(date)
            project_set_status(actor=None, project=rw.a, to_status=ProjectStatus.COMPLETED)

    monkeypatch.setattr(reports, "_guard_window", guard_then_complete)
    refused("project_completed", lambda: submit(rw))
    assert not DailyReport.objects.filter(project=rw.a).exists()


# --- refusals -----------------------------------------------------------------------------------


def test_a_date_in_the_future_is_refused(rw):
    error = refused("future_date", lambda: submit(rw, date=day(1)))
    assert "date" in error.fields
    assert not DailyReport.objects.exists()


def test_a_project_that_has_not_resumed_is_refused_with_a_clear_message(rw):
    from fugong.construction.services.projects import project_create

    project = project_create(
        actor=None, name="新河商务中心", kind="building", region=rw.world.district_a,
        builder=rw.world.enterprise_a,
    )  # fmt: skip
    error = refused("project_not_resumed", lambda: submit(rw, project=project))
    assert "新河商务中心" in str(error.message)


def test_a_completed_project_no_longer_reports(rw):
    project_set_status(actor=None, project=rw.a, to_status=ProjectStatus.COMPLETED)
    refused("project_completed", lambda: submit(rw))


def test_a_suspended_project_keeps_reporting(rw):
    project_set_status(actor=None, project=rw.a, to_status=ProjectStatus.SUSPENDED)
    assert submit(rw).created


def test_another_enterprises_project_does_not_exist_for_the_site(rw):
    with pytest.raises(NotFound):
        submit(rw, project=rw.b)
    with pytest.raises(NotFound):
        submit(rw, project=999_999)
    assert not DailyReport.objects.exists()


def test_a_user_without_the_permission_is_refused(rw):
    cadre = make_user("cadre", "cadre", region=rw.world.community_a)
    with pytest.raises(Forbidden):
        submit(rw, actor=cadre)
    with pytest.raises(Forbidden):  # an authority reads reports; it does not write them
        submit(rw, actor=rw.officer)


def test_a_day_before_the_project_resumed_is_refused_even_when_unlocked(rw):
    from fugong.construction.tests.test_report_support import resume

    project_set_status(actor=None, project=rw.a, to_status=ProjectStatus.SUSPENDED)
    ProjectEvent.objects.filter(project=rw.a, to_status=ProjectStatus.RESUMED).delete()
    resume(rw.a, days_ago=5)
    report_unlock(actor=rw.officer, project=rw.a, date=day(-10), reason="补报")
    error = refused("before_resumption", lambda: submit(rw, date=day(-10)))
    assert "date" in error.fields


# --- cut-off and unlock ---------------------------------------------------------------------------


def test_a_past_day_is_locked_until_an_authority_unlocks_it(rw):
    error = refused("report_locked", lambda: submit(rw, date=day(-1)))
    assert "23:59" in str(error.message)  # the cut-off it is past
    unlock = report_unlock(
        actor=rw.officer, project=rw.a, date=day(-1), reason="漏报，补报", hours=2
    )
    report = submit(rw, date=day(-1))
    assert report.created and report.date == day(-1)
    event = ProjectEvent.objects.get(project=rw.a, kind=ProjectEventKind.REPORT_UNLOCKED)
    assert event.actor == rw.officer and "漏报" in event.message
    assert ChangeLog.objects.for_object(unlock).get().actor == rw.officer
    rw.clock.at(12, 1)  # the unlock ran out
    refused("report_locked", lambda: submit(rw, date=day(-1), data=numbers(fevers=0)))


def test_todays_report_locks_at_the_configured_cut_off(rw):
    reporting_settings_update(
        actor=None, data={"deadline": datetime.time(9, 0), "cutoff": datetime.time(9, 30)}
    )
    refused("report_locked", lambda: submit(rw))  # it is 10:00
    rw.clock.at(9, 29)
    report = submit(rw)
    rw.clock.at(9, 30)
    refused("report_locked", lambda: submit(rw, data=numbers(returned_today=4)))
    report_unlock(actor=rw.officer, project=rw.a, date=day(0), reason="数字有误")
    assert submit(rw, data=numbers(returned_today=4)).pk == report.pk


def test_unlock_is_for_authorities_in_scope_with_a_reason(rw):
    with pytest.raises(Forbidden):
        report_unlock(actor=rw.site, project=rw.a, date=day(-1), reason="x")
    with pytest.raises(NotFound):
        report_unlock(actor=rw.officer_b, project=rw.a, date=day(-1), reason="x")
    error = refused(
        "unlock_invalid",
        lambda: report_unlock(actor=rw.officer, project=rw.a, date=day(1), reason=" ", hours=0),
    )
    assert set(error.fields) == {"reason", "hours", "date"}
    assert not ProjectEvent.objects.filter(kind=ProjectEventKind.REPORT_UNLOCKED).exists()


def test_an_unlock_tells_the_site(rw, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report_unlock(actor=rw.officer, project=rw.a, date=day(-1), reason="补报")
    message = InAppMessage.objects.get(recipient=rw.site)
    assert "东海大道" in message.title and f"date={day(-1).isoformat()}" in message.link
    assert not InAppMessage.objects.filter(recipient=rw.site_b).exists()


# --- the numbers ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"workers_on_site": -1}, "workers_on_site"),
        ({"fevers": 3, "temperature_checked": 2}, "fevers"),
        ({"temperature_checked": 111}, "temperature_checked"),
        ({"from_outside_province": 111}, "from_outside_province"),
        ({"returned_today": 111}, "returned_today"),
        ({"under_observation": 116}, "under_observation"),
        ({"mask_days": 400}, "mask_days"),
        ({"disinfectant_days": 366}, "disinfectant_days"),
        ({"output_value": Decimal("1000000.01")}, "output_value"),
        ({"output_value": Decimal("1.234")}, "output_value"),
        ({"output_value": Decimal("-1")}, "output_value"),
    ],
)
def test_numbers_that_cannot_be_true_are_refused_by_field(rw, over, field):
    error = refused("invalid", lambda: submit(rw, data=numbers(**over)))
    assert field in error.fields, error.fields
    assert not DailyReport.objects.exists()


def test_every_problem_is_reported_at_once(rw):
    error = refused(
        "invalid",
        lambda: submit(
            rw, data=numbers(temperature_checked=200, returned_today=500, from_outside_province=300)
        ),
    )
    assert {"temperature_checked", "returned_today", "from_outside_province"} <= set(error.fields)


def test_the_limits_themselves_are_accepted(rw):
    report = submit(
        rw,
        data=numbers(
            temperature_checked=110,
            fevers=110,
            returned_today=110,
            from_outside_province=110,
            under_observation=220,
            mask_days=365,
            output_value=Decimal("1000000.00"),
        ),
    )
    assert report.fevers == 110


# --- copies and fevers ---------------------------------------------------------------------------


def test_the_same_numbers_as_yesterday_are_saved_but_flagged(rw):
    daily_report_backfill(project=rw.a, date=day(-1), data=numbers(), submitted_by=rw.site)
    report = submit(rw, data=numbers(notes="今天同昨天"))
    assert report.copied_from_previous
    report = submit(rw, data=numbers(output_value=Decimal("35.51")))
    assert not report.copied_from_previous


def test_the_previous_report_may_be_older_than_yesterday(rw):
    daily_report_backfill(project=rw.a, date=day(-3), data=numbers(), submitted_by=rw.site)
    assert submit(rw).copied_from_previous


def test_fevers_notify_the_authorities_once(rw, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = submit(rw, data=numbers(fevers=2))
    message = InAppMessage.objects.get(recipient=rw.officer)
    assert "东海大道" in message.title and message.link == report.get_absolute_url()
    assert not InAppMessage.objects.filter(recipient__in=[rw.officer_b, rw.site]).exists()
    with django_capture_on_commit_callbacks(execute=True):
        submit(rw, data=numbers(fevers=2, notes="已送医"))
    assert InAppMessage.objects.filter(recipient=rw.officer).count() == 1
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        submit(rw, data=numbers(fevers=0))
    assert not callbacks and InAppMessage.objects.filter(recipient=rw.officer).count() == 1


def test_no_fever_no_message(rw, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submit(rw)
    assert not InAppMessage.objects.exists()


# --- settings and backfill -------------------------------------------------------------------------


def test_reporting_settings_keep_the_deadline_before_the_cut_off(rw):
    admin = make_user("admin", "bureau_admin", region=rw.world.city)
    error = refused(
        "invalid",
        lambda: reporting_settings_update(
            actor=admin, data={"deadline": datetime.time(20, 0), "cutoff": datetime.time(19, 0)}
        ),
    )
    assert "deadline" in error.fields
    saved = reporting_settings_update(
        actor=admin, data={"deadline": datetime.time(16, 0), "reminder_lead_minutes": 30}
    )
    assert ReportingSettings.current().pk == saved.pk and saved.deadline == datetime.time(16, 0)
    assert ChangeLog.objects.for_object(saved).get().actor == admin
    with pytest.raises(Forbidden):
        reporting_settings_update(actor=rw.officer, data={"deadline": datetime.time(15, 0)})


def test_backfill_validates_and_is_idempotent(rw):
    report, created = daily_report_backfill(
        project=rw.a, date=day(-20), data=numbers(), submitted_by=rw.site
    )
    again, created_again = daily_report_backfill(
        project=rw.a, date=day(-20), data=numbers(workers_on_site=1), submitted_by=rw.site
    )
    assert created and not created_again and again.pk == report.pk
    with pytest.raises(FugongError):
        daily_report_backfill(
            project=rw.a, date=day(-21), data=numbers(fevers=500), submitted_by=rw.site
        )
