"""The closed days' rollups (`OutputRollup`, `ReportDayTotal`): the dashboard's cumulative
output and trend are the same with them as summed from every report, however old they
are, and a report changed under an unlock or added after the refresh counts at once,
without a refresh."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.utils import timezone

from fugong.common.testing import make_user
from fugong.construction.models import (
    DailyReport,
    OutputRollup,
    OutputRollupRun,
    Project,
    ReportDayTotal,
)
from fugong.construction.selectors.figures import cumulative_output, resumption_figures
from fugong.construction.services.reports import (
    daily_report_backfill,
    daily_report_submit,
    report_unlock,
)
from fugong.construction.services.rollups import closed_through, output_rollup_refresh
from fugong.construction.tests.test_report_support import (  # noqa: F401 - fixtures
    clock_fixture,
    day,
    numbers,
    rw_fixture,
)


@pytest.fixture
def out(rw):
    """Reports of project a on the last 6 days (1, 2, … 6 (10,000 yuan)), of b on 3."""
    for n in range(6):
        daily_report_backfill(
            project=rw.a,
            date=day(-5 + n),
            data=numbers(output_value=Decimal(n + 1)),
            submitted_by=rw.site,
        )
    for n in (-4, -2, 0):
        daily_report_backfill(
            project=rw.b,
            date=day(n),
            data=numbers(output_value=Decimal("10.25")),
            submitted_by=rw.site_b,
        )
    rw.leader = make_user("leader", "leader", region=rw.world.city)
    return rw


def summed(project, date) -> Decimal:
    """The reference: every report of the project up to `date`, archived ones left out."""
    return DailyReport.objects.filter(
        project=project, date__lte=date, archived_at__isnull=True
    ).aggregate(s=Sum("output_value"))["s"] or Decimal(0)


def figure(user, date=None) -> dict[int, Decimal]:
    """The figure per project; a project without reports up to the day has none."""
    return dict(cumulative_output(Project.objects.visible_to(user), date or day(0)))


def expected(*projects, date=None) -> dict[int, Decimal]:
    sums = {p.pk: summed(p, date or day(0)) for p in projects}
    return {pk: value for pk, value in sums.items() if value}


def test_the_same_with_and_without_the_rollup(out):
    before = figure(out.leader)
    assert before == expected(out.a, out.b) == {out.a.pk: 21, out.b.pk: Decimal("30.75")}
    run = output_rollup_refresh()
    assert run.through == day(-1)  # the clock says 10:00: yesterday is closed
    assert OutputRollup.objects.get(project=out.a).output == 15  # 1 + … + 5, not today's 6
    assert figure(out.leader) == before
    # each day, within a viewer's scope
    for n in range(-6, 1):
        assert figure(out.leader, day(n)) == expected(out.a, out.b, date=day(n)), n
    assert figure(out.officer) == expected(out.a)
    assert figure(out.site_b) == expected(out.b)
    assert figure(make_user("nobody")) == {}


def test_the_dashboard_figure_reads_the_rollup_in_four_queries(out, django_assert_num_queries):
    projects = Project.objects.visible_to(out.leader)
    reference = expected(out.a, out.b)
    with django_assert_num_queries(2):  # no rollup yet: everything summed live
        assert cumulative_output(projects, day(0)) == reference
    output_rollup_refresh()
    # the run, the changes since, its rows, what they do not hold
    with django_assert_num_queries(4):
        assert cumulative_output(projects, day(0)) == reference
    whole = resumption_figures(out.leader, date=day(0)).total.output_cumulative
    assert whole == Decimal("51.75")


def test_an_old_report_changed_under_an_unlock_counts_at_once(out):
    output_rollup_refresh()
    report_unlock(actor=out.officer, project=out.a, date=day(-3), reason="产值填错")
    old = DailyReport.objects.get(project=out.a, date=day(-3))
    daily_report_submit(
        actor=out.site,
        project=out.a,
        date=day(-3),
        data={"output_value": Decimal("300.00")},
        expected_version=old.version,
    )
    assert figure(out.leader)[out.a.pk] == summed(out.a, day(0)) == 21 - 3 + 300
    # still so after the unlock has run out, until the next refresh
    out.clock.at(10, 0, days=2)
    assert figure(out.leader, day(0))[out.a.pk] == 318
    output_rollup_refresh()
    assert figure(out.leader, day(0)) == expected(out.a, out.b)


def test_a_report_added_for_a_closed_day_counts_at_once(out):
    output_rollup_refresh()
    # project b had no report 3 days ago: a paper report typed in later
    daily_report_backfill(
        project=out.b,
        date=day(-3),
        data=numbers(output_value=Decimal("7.00")),
        submitted_by=out.site_b,
    )
    assert figure(out.leader)[out.b.pk] == summed(out.b, day(0)) == Decimal("37.75")


def test_an_archived_report_no_longer_counts_after_the_refresh(out):
    """A closed day's report changes only through an unlock or as a new row; anything
    else (a report archived by hand) is righted by the next refresh."""
    output_rollup_refresh()
    DailyReport.objects.filter(project=out.b, date=day(-2)).update(archived_at=timezone.now())
    output_rollup_refresh()
    assert figure(out.leader)[out.b.pk] == summed(out.b, day(0)) == Decimal("20.50")


def test_a_stale_rollup_is_only_slower(out):
    """The worker stopped three days ago: the days since are summed live."""
    out.clock.at(10, 0, days=-3)
    run = output_rollup_refresh()
    assert run.through == day(-4)
    out.clock.at(10, 0)
    assert figure(out.leader) == expected(out.a, out.b)
    assert OutputRollupRun.objects.count() == 1


def test_the_last_closed_day():
    tz = timezone.get_current_timezone()
    noon = datetime.datetime(2026, 3, 10, 12, 0, tzinfo=tz)
    assert closed_through(noon) == datetime.date(2026, 3, 9)
    just_after_midnight = datetime.datetime(2026, 3, 10, 0, 5, tzinfo=tz)
    assert closed_through(just_after_midnight) == datetime.date(2026, 3, 8)


def test_the_worker_keeps_it(out):
    from fugong.messaging.reminders import registered, run_reminder

    assert "dashboard.output_rollup" in registered()
    assert run_reminder("dashboard.output_rollup") == {}
    assert OutputRollup.objects.count() == 2
    assert OutputRollupRun.objects.get().through == day(-1)


def trend(user, date=None) -> list[dict]:
    f = resumption_figures(user, date=date or day(0))
    return [
        {k: row[k] for k in ("date", "reported", "people", "returned", "fevers")} for row in f.trend
    ]


def test_the_city_wide_trend_from_the_day_totals(out, django_assert_num_queries):
    live = {n: trend(out.leader, day(n)) for n in (-3, 0)}
    theirs = trend(out.officer)  # a district: summed live, with or without the totals
    assert [row["date"] for row in live[0]] == [day(n) for n in range(-5, 1)]
    output_rollup_refresh()
    assert ReportDayTotal.objects.count() == 5  # the closed days, today's is open
    for n, rows in live.items():
        assert trend(out.leader, day(n)) == rows
    assert trend(out.officer) == theirs != live[0]
    # an unlocked closed day changed, and a closed day's report added, count at once
    report_unlock(actor=out.officer, project=out.a, date=day(-3), reason="人数填错")
    old = DailyReport.objects.get(project=out.a, date=day(-3))
    daily_report_submit(
        actor=out.site,
        project=out.a,
        date=day(-3),
        data={"returned_today": 2},
        expected_version=old.version,
    )
    daily_report_backfill(
        project=out.b, date=day(-1), data=numbers(returned_today=9), submitted_by=out.site_b
    )
    changed = trend(out.leader)
    assert changed != live[0]
    output_rollup_refresh()
    assert trend(out.leader) == changed
    ReportDayTotal.objects.update(people=0)  # what the totals hold is what is shown
    assert trend(out.leader) != changed


def test_a_refresh_between_reading_the_run_and_its_rows(out):
    """The rows read belong to a newer run than the one read a moment before: they are
    not added to what the older run leaves to be summed live."""
    out.clock.at(10, 0, days=-2)
    old = output_rollup_refresh()
    out.clock.at(10, 0)
    output_rollup_refresh()  # a day more in the rows
    projects = Project.objects.visible_to(out.leader)
    assert cumulative_output(projects, day(0), run=old) == expected(out.a, out.b)
