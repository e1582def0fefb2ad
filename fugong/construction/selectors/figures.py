"""Work resumption's figures for the command dashboard (复工复产): projects by status,
resumption rate by area and by kind, sites reporting, workers on site and returned, output
value against targets, the trend over the last days and the reports missing — over
`visible_to` querysets narrowed to an area (a region's subtree).

A fixed number of queries, whatever the number of projects and reports: the projects,
the day's reports, the cumulative output, the trend, the targets, the missing reports per
area. The closed days (before yesterday: changed only under an unlock) come from the
rollups the worker keeps (`construction.services.rollups`): the cumulative output per
project and, for a viewer who sees every project, the trend's day totals; what they do
not hold (the open days, reports unlocked or written since the refresh) is summed live,
so the figures are the same as summed from every report, and without the worker only
slower. Seven queries without the rollups, up to ten with them. Numbers only: the dashboard
labels them (`construction.summary` is the bulletin's per-city table).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, IntegerField, OuterRef, Subquery, Sum, Value

from fugong.construction.choices import ProjectKind, ProjectStatus
from fugong.construction.models import (
    DailyReport,
    OutputRollup,
    OutputRollupRun,
    Project,
    ProjectTarget,
    ReportDayTotal,
    ReportUnlock,
)
from fugong.construction.selectors.reports import missing_reports

TREND_DAYS = 30
VIEW_PROJECT = "construction.view_project"
VIEW_REPORTS = "construction.view_dailyreport"
# An edit guarded by an unlock just before it ran out may commit a little later.
UNLOCK_MARGIN = datetime.timedelta(minutes=10)
_UNREAD = object()
# Up to this many projects in scope (a district's, an enterprise's), the report queries
# name them by id; the cumulative output's statement names them up to three times, and
# SQLite may bind no more than 999 parameters to one.
SCOPE_IDS_MAX = 320


class Cell:
    """The figures of a set of projects (an area, a kind, the total)."""

    __slots__ = (
        "projects",
        "resumed",
        "completed",
        "suspended",
        "reported",
        "people",
        "returned",
        "outside",
        "observation",
        "fevers",
        "output_today",
        "output_cumulative",
        "target",
    )

    def __init__(self):
        for name in self.__slots__:
            setattr(self, name, 0)

    @property
    def active(self) -> int:
        return self.projects - self.completed

    @property
    def rate(self) -> float | None:
        return round(100 * self.resumed / self.active, 1) if self.active else None

    @property
    def share(self) -> float | None:
        """Cumulative output as a percentage of the target."""
        return round(float(100 * self.output_cumulative / self.target), 1) if self.target else None


@dataclass
class ResumptionFigures:
    date: datetime.date
    total: Cell = field(default_factory=Cell)
    by_status: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    areas: dict[int, tuple[str, str]] = field(default_factory=dict)  # region id → name, path
    by_area: dict[int, Cell] = field(default_factory=lambda: defaultdict(Cell))
    by_kind: dict[str, Cell] = field(default_factory=lambda: defaultdict(Cell))
    # The viewer may see daily reports: the report figures, the trend and missing reports.
    reports: bool = False
    trend: list[dict] = field(default_factory=list)  # per day: date, reported, people, …
    missing: dict[int, int] = field(default_factory=dict)  # region id → reports missing

    @property
    def area_order(self) -> list[int]:
        return sorted(self.areas, key=lambda pk: self.areas[pk][1])

    @property
    def kind_order(self) -> list[str]:
        return [k for k in ProjectKind.values if k in self.by_kind]

    @property
    def missing_total(self) -> int:
        return sum(self.missing.values())


def _within(queryset, area, lookup: str = "region"):
    return queryset.filter(**{f"{lookup}__path__startswith": area.path}) if area else queryset


def resumption_figures(user, *, date: datetime.date, area=None) -> ResumptionFigures | None:
    """`None` without `construction.view_project`; the report figures only with
    `construction.view_dailyreport`."""
    if not user.has_perm(VIEW_PROJECT):
        return None
    visible = Project.objects.visible_to(user, "view")
    # Every project (a leader's, the bureau's): the trend's closed days come city-wide.
    city_wide = area is None and not visible.query.has_filters()
    projects = _within(visible, area).filter(archived_at__isnull=True).order_by()
    f = ResumptionFigures(date=date)
    total = f.total
    cells_of: dict[int, tuple[Cell, Cell]] = {}
    for pk, region_id, name, path, kind, status in projects.values_list(
        "pk", "region_id", "region__name", "region__path", "kind", "status"
    ):
        f.areas[region_id] = (name, path)
        f.by_status[status] += 1
        pair = (f.by_area[region_id], f.by_kind[kind])
        cells_of[pk] = pair
        for c in (*pair, total):
            c.projects += 1
            c.resumed += status == ProjectStatus.RESUMED
            c.completed += status == ProjectStatus.COMPLETED
            c.suspended += status == ProjectStatus.SUSPENDED

    f.reports = user.has_perm(VIEW_REPORTS)
    if not f.reports:
        return f
    if cells_of:
        # The projects just read, by their ids: the scope's joins (a district's region
        # paths, an enterprise's three parties) are not run again by every query. A city's
        # thousands of ids would not fit in one statement: they stay a subquery (which,
        # for a viewer who sees everything, has no joins to repeat).
        in_scope = list(cells_of) if len(cells_of) <= SCOPE_IDS_MAX else projects
        _reports(f, in_scope, cells_of, city_wide=city_wide)
    f.missing = dict(
        _within(missing_reports(user, date), area)
        .order_by()
        .values("region_id")
        .annotate(n=Count("id"))
        .values_list("region_id", "n")
    )
    return f


def _reports(f: ResumptionFigures, projects, cells_of, *, city_wide: bool) -> None:
    date, total = f.date, f.total
    run = OutputRollupRun.objects.order_by("-refreshed_at").first()
    reports = DailyReport.objects.filter(project__in=projects, archived_at__isnull=True)
    # The day's figures per project through the (date, project) index: one row per site
    # that reported; then the cumulative output per project (the closed days' rollup and
    # the rest summed live).
    for row in (
        reports.filter(date=date)
        .values_list(
            "project_id",
            "workers_on_site",
            "managers_on_site",
            "returned_today",
            "from_outside_province",
            "under_observation",
            "fevers",
            "output_value",
        )
        .order_by()
    ):
        project_id, workers, managers, returned, outside, observation, fevers, output = row
        for c in (*cells_of[project_id], total):
            c.reported += 1
            c.people += workers + managers
            c.returned += returned
            c.outside += outside
            c.observation += observation
            c.fevers += fevers
            c.output_today += output or 0
    unlocked, changed_days = _changed_since(run) if run is not None else (set(), set())
    for project_id, output in cumulative_output(projects, date, run=run, unlocked=unlocked).items():
        for c in (*cells_of[project_id], total):
            c.output_cumulative += output
    f.trend = _trend(reports, date, run if city_wide else None, changed_days)
    nearest_due = (
        ProjectTarget.objects.filter(
            project=OuterRef("project"), archived_at__isnull=True, due_date__gte=date
        )
        .order_by("due_date")
        .values("due_date")[:1]
    )
    for project_id, value in ProjectTarget.objects.filter(
        project__in=projects,
        archived_at__isnull=True,
        due_date__gte=date,
        due_date=Subquery(nearest_due),
    ).values_list("project_id", "value"):
        for c in (*cells_of[project_id], total):
            c.target += value or 0


def _changed_since(run) -> tuple[set[int], set[datetime.date]]:
    """Since the refresh of `run`, in the closed days: the projects with an unlock that
    ran (their reports there may have changed), and the days with such an unlock or a
    report added. One query, over the unlocks and the reports with a higher id than the
    rollups' (through the primary key: the few written since)."""
    unlocks = (
        ReportUnlock.objects.filter(
            date__lte=run.through, until__gt=run.refreshed_at - UNLOCK_MARGIN
        )
        .order_by()
        .values_list("project_id", "date")
    )
    added = (
        DailyReport.objects.filter(pk__gt=run.last_report)
        .order_by()
        .values_list(Value(None, output_field=IntegerField()), "date")
    )
    projects, days = set(), set()
    for project_id, day in unlocks.union(added):
        if day <= run.through:
            days.add(day)
            if project_id is not None:
                projects.add(project_id)
    return projects, days


def _trend(reports, date: datetime.date, run, changed_days=()) -> list[dict]:
    """Per day of the last `TREND_DAYS` up to `date`: reports, people, returned, fevers.
    With `run` (the viewer sees every project), the closed days come from their totals
    (`ReportDayTotal`) except `changed_days` (see `_changed_since`); the rest is summed
    live (one query, two with the totals)."""
    start = date - datetime.timedelta(days=TREND_DAYS - 1)
    days = reports.filter(date__gte=start, date__lte=date).order_by()
    rows = []
    if run is not None and start <= run.through:
        closed = min(run.through, date)
        changed = {day for day in changed_days if start <= day <= closed}
        rows = list(
            ReportDayTotal.objects.filter(date__gte=start, date__lte=closed)
            .exclude(date__in=changed)
            .values("date", "reported", "people", "returned", "fevers")
        )
        # The open days (today; more while the worker is down) and the changed ones, as a
        # list: a look-up per project and day rather than an OR tested on every report.
        open_days = (closed + datetime.timedelta(days=n + 1) for n in range((date - closed).days))
        days = days.filter(date__in=sorted(changed.union(open_days)))
    rows += days.values("date").annotate(
        reported=Count("id"),
        people=Sum(F("workers_on_site") + F("managers_on_site")),
        returned=Sum("returned_today"),
        fevers=Sum("fevers"),
    )
    return sorted(rows, key=lambda row: row["date"])


def cumulative_output(projects, date: datetime.date, *, run=_UNREAD, unlocked=None) -> dict:
    """Output value (a Decimal) per project of `projects` (a scoped queryset, or the ids
    it gave) summed over its reports up to `date`, archived ones left out.

    From the closed days' rollup (`OutputRollup`, kept by `output_rollup_refresh`) plus,
    summed live: the reports of the days after the rollup's, the reports written since
    (a higher id: backfilled ones), and every report of a project with an unlock that ran
    after the refresh (the only way a closed day's report changes), whose rollup row is
    left unread. Without a rollup, or for a day before it, everything is summed live.
    The live parts are disjoint sums joined by UNION ALL, so that each is read through
    its own index (the days through (project, date), the new ones through (project, id))
    rather than an OR that SQLite can only test report by report. Four queries (two
    without a rollup); two given the `run` (`OutputRollupRun`, or None) and the projects
    it does not hold (`unlocked`, from `_changed_since`)."""
    reports = DailyReport.objects.filter(
        project__in=projects, archived_at__isnull=True, date__lte=date
    ).order_by()
    if run is _UNREAD:
        run = OutputRollupRun.objects.order_by("-refreshed_at").first()
    sums: dict[int, Decimal] = defaultdict(Decimal)
    if run is None or date < run.through:
        parts = [reports]
    else:
        changed = sorted(_changed_since(run)[0] if unlocked is None else unlocked)
        rollup = OutputRollup.objects.filter(project__in=projects)
        if changed:
            rollup = rollup.exclude(project__in=changed)
        # The rows with the run they belong to, read in the same statement: a refresh
        # between reading `run` and the rows would have them sum what is added live.
        latest = OutputRollupRun.objects.order_by("-refreshed_at").values("pk")[:1]
        rows = list(rollup.values_list("project_id", "output", Subquery(latest)))
        if all(of_run == run.pk for _pk, _output, of_run in rows):
            sums.update((pk, output) for pk, output, _run in rows)
            rolled = reports.exclude(project__in=changed) if changed else reports
            parts = [
                rolled.filter(date__gt=run.through),
                rolled.filter(date__lte=run.through, pk__gt=run.last_report),
            ]
            if changed:
                parts.append(reports.filter(project__in=changed))
        else:  # refreshed meanwhile (a moment every half hour): summed live this once
            parts = [reports]
    grouped = [
        part.values("project_id")
        .annotate(output=Sum("output_value"))
        .values_list("project_id", "output")
        for part in parts
    ]
    for project_id, output in grouped[0].union(*grouped[1:], all=True):
        sums[project_id] += output or 0
    return sums
