"""Reads of daily reports (每日上报): whether a day is still open, the previous report,
the sites that have not reported, and who is told about them.

Rules decided here, used by the services, the pages, the API and the reminder task:

- A report belongs to one calendar day in Asia/Shanghai (`timezone.localdate()`).
- Resumed and suspended projects report: a suspended site is rectifying under
  supervision (seed: 停工整改) and keeps reporting its people and health status, so it is
  also listed when its report is missing. Not-started and completed projects do not.
- Day D is open until D's cut-off (`ReportingSettings.cutoff`, default 23:59); after that,
  and so for every earlier day, only while an authority's `ReportUnlock` for (project, D)
  runs. There is no separate "N days back" rule: a past day is always past its cut-off.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Exists, Min, OuterRef, Q, Subquery
from django.utils import timezone

from fugong.construction.choices import ProjectStatus
from fugong.construction.models import (
    DailyReport,
    Project,
    ProjectEvent,
    ReportingSettings,
    ReportUnlock,
)

# The statuses whose sites must report every day.
REPORTING_STATUSES = (ProjectStatus.RESUMED, ProjectStatus.SUSPENDED)

# The numbers of a report (what "a copy of yesterday's" compares) and everything a site fills.
NUMBER_FIELDS = (
    "workers_on_site",
    "managers_on_site",
    "returned_today",
    "from_outside_province",
    "under_observation",
    "temperature_checked",
    "fevers",
    "mask_days",
    "disinfectant_days",
    "disinfections_done",
    "output_value",
)
REPORT_FIELDS = (*NUMBER_FIELDS, "closed_management", "notes")

VIEW_REPORTS = "construction.view_dailyreport"
ADD_REPORTS = "construction.add_dailyreport"
UNLOCK_REPORTS = "construction.unlock_dailyreport"


def local_datetime(date: datetime.date, time: datetime.time) -> datetime.datetime:
    """`date` at `time` in the installation's time zone (Asia/Shanghai), aware."""
    return timezone.make_aware(datetime.datetime.combine(date, time))


@dataclass(frozen=True)
class ReportWindow:
    """Whether (project, date) may be created or changed now, and why not."""

    date: datetime.date
    cutoff_at: datetime.datetime
    unlocked_until: datetime.datetime | None
    is_future: bool

    @property
    def is_open(self) -> bool:
        if self.is_future:
            return False
        now = timezone.now()
        return now < self.cutoff_at or (
            self.unlocked_until is not None and now < self.unlocked_until
        )

    @property
    def is_unlocked(self) -> bool:
        return self.unlocked_until is not None and timezone.now() < self.unlocked_until


def report_window(
    project: Project, date: datetime.date, *, settings: ReportingSettings | None = None
) -> ReportWindow:
    """One query for the settings (unless given); one more for unlocks, only after the cut-off."""
    settings = settings or ReportingSettings.current()
    now = timezone.now()
    cutoff_at = local_datetime(date, settings.cutoff)
    unlocked_until = None
    if now >= cutoff_at:
        unlocked_until = (
            ReportUnlock.objects.filter(project=project, date=date, until__gt=now)
            .order_by("-until")
            .values_list("until", flat=True)
            .first()
        )
    return ReportWindow(
        date=date,
        cutoff_at=cutoff_at,
        unlocked_until=unlocked_until,
        is_future=date > timezone.localdate(),
    )


def resumed_on(project: Project) -> datetime.date | None:
    """The local date the project first resumed work, from its timeline; None when the
    timeline does not say (projects loaded in bulk)."""
    first = ProjectEvent.objects.filter(project=project, to_status=ProjectStatus.RESUMED).aggregate(
        first=Min("time")
    )["first"]
    return timezone.localdate(first) if first else None


def previous_report(project: Project, date: datetime.date) -> DailyReport | None:
    """The latest report before `date` (what the form pre-fills from)."""
    return (
        DailyReport.objects.filter(project=project, date__lt=date, archived_at__isnull=True)
        .order_by("-date")
        .first()
    )


def same_numbers(values: dict, previous: DailyReport | None) -> bool:
    """Whether every number equals the previous report's (a copy of yesterday's)."""
    if previous is None:
        return False
    return all(values.get(name) == getattr(previous, name) for name in NUMBER_FIELDS)


def reporting_projects(user, action: str = ADD_REPORTS):
    """The projects the user reports for (or, with another action, sees reports of) that
    must report: resumed or suspended, within scope."""
    return (
        Project.objects.visible_to(user, action)
        .filter(status__in=REPORTING_STATUSES, archived_at__isnull=True)
        .select_related("region")
        .order_by("name", "pk")
    )


def reports_visible_to(user, action: str = "view"):
    return DailyReport.objects.visible_to(user, action).select_related(
        "project", "project__region", "submitted_by"
    )


def missing_reports(user, date: datetime.date, *, action: str = VIEW_REPORTS):
    """Projects in the user's scope (`user=None`: the system, every project) that had to
    report for `date` and have not.

    Had to report: resumed or suspended now, not archived, and not first resumed after
    `date` (a project that resumed later owes nothing for earlier days; one without a
    timeline is taken to have resumed before). Any report for the day counts, archived or
    not: the site did report. One query, however many projects.
    """
    day_end = local_datetime(date + datetime.timedelta(days=1), datetime.time(0, 0))
    first_resumed = (
        ProjectEvent.objects.filter(project=OuterRef("pk"), to_status=ProjectStatus.RESUMED)
        .order_by("time")
        .values("time")[:1]
    )
    reported = DailyReport.objects.filter(project=OuterRef("pk"), date=date)
    projects = Project.objects.all() if user is None else Project.objects.visible_to(user, action)
    return (
        projects.filter(status__in=REPORTING_STATUSES, archived_at__isnull=True)
        .annotate(first_resumed=Subquery(first_resumed))
        .filter(Q(first_resumed__isnull=True) | Q(first_resumed__lt=day_end))
        .filter(~Exists(reported))
        .select_related("region", "builder", "contractor")
        .order_by("region__path", "name", "pk")
    )


# --- who is told ---------------------------------------------------------------------------


def active_grants_with(permission: str):
    """Active role grants (of active users) whose role carries `permission`."""
    from fugong.accounts.models import RoleGrant, grant_in_force_on

    app_label, codename = permission.split(".")
    return RoleGrant.objects.filter(
        grant_in_force_on(timezone.localdate()),
        user__is_active=True,
        role__permissions__codename=codename,
        role__permissions__content_type__app_label=app_label,
    )


def _prefixes(path: str) -> list[str]:
    """ "a/b/c/" → ["a/", "a/b/", "a/b/c/"]: the paths of a node and its ancestors."""
    parts = [p for p in path.split("/") if p]
    return ["".join(f"{p}/" for p in parts[: i + 1]) for i in range(len(parts))]


def report_authorities(projects) -> dict[int, list]:
    """The authorities of each project: active users holding `unlock_dailyreport` on a
    region that contains the project (its district department, the city bureau).

    Returns {project pk: [users]}; two queries for any number of projects."""
    projects = list(projects)
    grants = (
        active_grants_with(UNLOCK_REPORTS)
        .filter(region__isnull=False)
        .select_related("user", "region")
        .distinct()
    )
    by_path: dict[str, dict[int, object]] = {}
    for grant in grants:
        by_path.setdefault(grant.region.path, {})[grant.user_id] = grant.user
    result = {}
    for project in projects:
        users: dict[int, object] = {}
        for prefix in _prefixes(project.region.path):
            users.update(by_path.get(prefix, {}))
        result[project.pk] = list(users.values())
    return result


def report_submitters(projects) -> dict[int, list]:
    """The people who report for each project: active users whose organisation grant
    carrying `add_dailyreport` covers its builder, contractor or supervisor.

    Returns {project pk: [users]}; two queries for any number of projects (the projects
    must come with builder, contractor and supervisor selected)."""
    projects = list(projects)
    grants = (
        active_grants_with(ADD_REPORTS)
        .filter(organisation__isnull=False)
        .select_related("user", "organisation")
        .distinct()
    )
    by_path: dict[str, dict[int, object]] = {}
    for grant in grants:
        by_path.setdefault(grant.organisation.path, {})[grant.user_id] = grant.user
    result = {}
    for project in projects:
        users: dict[int, object] = {}
        for organisation in (project.builder, project.contractor, project.supervisor):
            if organisation is None:
                continue
            for prefix in _prefixes(organisation.path):
                users.update(by_path.get(prefix, {}))
        result[project.pk] = list(users.values())
    return result
