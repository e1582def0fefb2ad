"""Two concurrent submissions for one day leave exactly one report.

Real threads with their own connections: runs on PostgreSQL (CI's second suite, or
`DATABASE_URL=postgres://… pytest`), or SQLite in a file; skipped on in-memory SQLite.
"""

import threading

import pytest
from django.db import close_old_connections, connection

from fugong.common.errors import Conflict
from fugong.common.testing import build_world, make_user
from fugong.construction.choices import ProjectStatus
from fugong.construction.models import DailyReport, Project
from fugong.construction.services.projects import project_set_status
from fugong.construction.services.reports import daily_report_submit
from fugong.construction.tests.test_report_support import numbers, resume

THREADS = 6


def _parallel(calls):
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, fn):
        try:
            barrier.wait(timeout=10)
            results[i] = fn()
        except Exception as exc:  # noqa: BLE001 - the test inspects what each thread got
            results[i] = exc
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(i, fn)) for i, fn in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


@pytest.fixture
def shared(transactional_db):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("threads need a database file or server (runs on PostgreSQL in CI)")
    world = build_world()
    world.project_a = resume(world.project_a)
    site = make_user(
        "site", "enterprise_user", organisation=world.enterprise_a, member_of=world.enterprise_a
    )
    return world, site


def test_concurrent_submissions_for_one_day_leave_one_report(shared):
    world, site = shared
    calls = [
        (
            lambda n=n: daily_report_submit(
                actor=site, project=world.project_a, data=numbers(workers_on_site=100 + n)
            )
        )
        for n in range(THREADS)
    ]
    results = _parallel(calls)
    assert all(isinstance(r, DailyReport) for r in results), results
    assert sum(r.created for r in results) == 1
    report = DailyReport.objects.get(project=world.project_a)
    assert report.version == THREADS  # every submission applied, one after the other
    assert report.workers_on_site in {100 + n for n in range(THREADS)}


def test_concurrent_first_submissions_from_forms_one_wins_the_others_conflict(shared):
    world, site = shared
    calls = [
        (
            lambda n=n: daily_report_submit(
                actor=site,
                project=world.project_a,
                data=numbers(workers_on_site=100 + n),
                expected_version=0,
            )
        )
        for n in range(THREADS)
    ]
    results = _parallel(calls)
    saved = [r for r in results if isinstance(r, DailyReport)]
    conflicts = [r for r in results if isinstance(r, Conflict)]
    assert len(saved) == 1 and len(conflicts) == THREADS - 1, results
    assert DailyReport.objects.get().workers_on_site == saved[0].workers_on_site


def test_a_change_of_the_project_waits_for_the_submission_that_read_it(shared, monkeypatch):
    """Where the database locks rows (PostgreSQL), the submission reads the project under
    its lock: completing the project meanwhile waits for the report's commit, so the
    checks the submission made still held when it wrote."""
    if not connection.features.has_select_for_update:
        pytest.skip("without row locks the version is confirmed instead (test_report_services)")
    from fugong.construction.services import reports

    world, site = shared
    real_guard = reports._guard_window
    checked, completed = threading.Event(), threading.Event()

    def guard_then_linger(project, date):
        real_guard(project, date)
        checked.set()
        if completed.wait(timeout=1.5):
            raise AssertionError("the project changed while the submission held its lock")

    def complete():
        checked.wait(timeout=10)
        project_set_status(actor=None, project=world.project_a, to_status=ProjectStatus.COMPLETED)
        completed.set()
        return "completed"

    monkeypatch.setattr(reports, "_guard_window", guard_then_linger)
    report, done = _parallel(
        [lambda: daily_report_submit(actor=site, project=world.project_a, data=numbers()), complete]
    )
    assert isinstance(report, DailyReport) and report.created, report
    assert done == "completed"
    assert Project.objects.get(pk=world.project_a.pk).status == ProjectStatus.COMPLETED
    assert DailyReport.objects.filter(project=world.project_a).count() == 1
