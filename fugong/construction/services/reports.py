"""Writes of daily reports (每日上报): submit (create or update), unlock, settings.

The rules (see also `selectors.reports`):

- One report per project per calendar day in Asia/Shanghai. Submitting for a day that
  has a report changes it (so a double submission leaves one report, and an enterprise's
  system can POST the whole day again).
- Refused: a date in the future; a date before the project first resumed; a project that
  has not started (file a commitment first) or is completed; a day past its cut-off
  unless an authority unlocked it; another enterprise's or district's project (NotFound,
  as if it did not exist); numbers that cannot be true (field errors, all at once).
- Suspended projects report (they rectify under supervision, seed: 停工整改).
- Concurrency: the project row is locked (`SELECT … FOR UPDATE`; SQLite serialises
  writers anyway) before the day's report is looked up, so two concurrent submissions
  for one day queue, and the second updates what the first created.
- Optimistic lock: `expected_version` is the version the form or client read; 0 means
  "I saw no report for the day". A mismatch is a Conflict, nothing is saved.
- Fevers > 0: the project's authorities are notified after the commit, once per
  (report, number of fevers).
"""

from __future__ import annotations

import datetime
import enum
from decimal import Decimal
from types import SimpleNamespace
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, transaction
from django.db.models import CharField, Exists, IntegerField, JSONField, OuterRef, Subquery, Value
from django.db.models.functions import Cast, JSONArray
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from fugong.audit.choices import ChangeAction
from fugong.audit.services import record_change, snapshot
from fugong.common.errors import Conflict, Forbidden, FugongError, NotFound
from fugong.common.instances import instance
from fugong.common.prepared import NextKey, PreparedRead, pipeline, prepared_insert
from fugong.common.scoping import can_see, user_can
from fugong.common.services import fetch_for, update_object
from fugong.construction.choices import ProjectEventKind, ProjectStatus
from fugong.construction.models import DailyReport, Project, ReportingSettings, ReportUnlock
from fugong.construction.selectors.reports import (
    ADD_REPORTS,
    NUMBER_FIELDS,
    REPORT_FIELDS,
    REPORTING_STATUSES,
    UNLOCK_REPORTS,
    report_authorities,
    report_submitters,
    report_window,
    resumed_on,
    same_numbers,
)
from fugong.construction.services.projects import project_event
from fugong.organisations.models import Organisation
from fugong.regions.models import Region

MAX_UNLOCK_HOURS = 7 * 24
MAX_OUTPUT = Decimal("1000000")
COUNT_FIELDS = (
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
)


class ReportErrorCode(enum.StrEnum):
    """The `code` of every refusal of this module (stable, for API clients)."""

    FUTURE_DATE = "future_date"
    BEFORE_RESUMPTION = "before_resumption"
    NOT_RESUMED = "project_not_resumed"
    COMPLETED = "project_completed"
    LOCKED = "report_locked"
    ARCHIVED = "report_archived"
    INVALID = "invalid"
    NO_SUBMITTER = "no_submitter"
    UNLOCK_INVALID = "unlock_invalid"


# --- validation ----------------------------------------------------------------------------


def report_field_errors(report: DailyReport) -> dict[str, str]:
    """Every problem with the report's numbers, by field: the model's own checks (types,
    ranges, two decimals) first, then how the numbers must relate to each other."""
    errors: dict[str, str] = {}
    for name in COUNT_FIELDS:
        value = getattr(report, name)
        if isinstance(value, int) and not isinstance(value, bool) and value < 0:
            errors[name] = _("Must not be negative.")
    output = report.output_value
    if isinstance(output, int | float | Decimal) and not isinstance(output, bool) and output < 0:
        errors["output_value"] = _("Must not be negative.")
    try:
        report.full_clean(
            exclude=["project", "submitted_by"],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, " ".join(messages))
    if errors:
        return errors

    people = report.workers_on_site + report.managers_on_site
    if report.temperature_checked > people:
        errors["temperature_checked"] = _(
            "Cannot be more than the people on site (workers and managers: %(n)s)."
        ) % {"n": people}
    if report.fevers > report.temperature_checked:
        errors["fevers"] = _("Cannot be more than the people temperature-checked (%(n)s).") % {
            "n": report.temperature_checked
        }
    if report.returned_today > people:
        errors["returned_today"] = _("Cannot be more than the people on site (%(n)s).") % {
            "n": people
        }
    if report.from_outside_province > people:
        errors["from_outside_province"] = _("Cannot be more than the people on site (%(n)s).") % {
            "n": people
        }
    if report.under_observation > people + report.returned_today:
        errors["under_observation"] = _(
            "Cannot be more than the people on site and returned today (%(n)s)."
        ) % {"n": people + report.returned_today}
    if report.output_value > MAX_OUTPUT:
        errors["output_value"] = _("More than 1,000,000 (10,000 yuan) in one day is not plausible.")
    return errors


def _guard_project(project: Project, date: datetime.date) -> None:
    if project.status == ProjectStatus.NOT_STARTED:
        raise FugongError(
            _("“%(project)s” has not resumed work: file its commitment first, then report.")
            % {"project": project},
            code=ReportErrorCode.NOT_RESUMED,
        )
    if project.status not in REPORTING_STATUSES:
        raise FugongError(
            _("“%(project)s” is completed: completed projects no longer report.")
            % {"project": project},
            code=ReportErrorCode.COMPLETED,
        )
    today = timezone.localdate()
    if date > today:
        raise FugongError(
            _("A report cannot be made for a day in the future."),
            code=ReportErrorCode.FUTURE_DATE,
            fields={"date": _("A report cannot be made for a day in the future.")},
        )
    if date < today:
        resumed = resumed_on(project)
        if resumed is not None and date < resumed:
            message = _("The project resumed work on %(date)s: no report is due before.") % {
                "date": formats.date_format(resumed, "SHORT_DATE_FORMAT")
            }
            raise FugongError(
                message, code=ReportErrorCode.BEFORE_RESUMPTION, fields={"date": message}
            )


def _guard_window(project: Project, date: datetime.date) -> None:
    settings = ReportingSettings.current()
    window = report_window(project, date, settings=settings)
    if not window.is_open:
        raise FugongError(
            _(
                "The report for %(date)s can no longer be changed: the cut-off "
                "(%(cutoff)s) has passed. Ask the authority to unlock it."
            )
            % {
                "date": formats.date_format(date, "SHORT_DATE_FORMAT"),
                "cutoff": formats.time_format(settings.cutoff, "H:i"),
            },
            code=ReportErrorCode.LOCKED,
        )


# --- submit --------------------------------------------------------------------------------


def daily_report_submit(
    *,
    actor,
    project: Project,
    date: datetime.date | None = None,
    data: dict,
    expected_version: int | None = None,
    submitted_by=None,
) -> DailyReport:
    """Create or change the report of `project` for `date` (default: today).

    `data` holds any of `REPORT_FIELDS` (others are ignored); on creation a missing
    number is 0. `actor=None` is the system (it must name `submitted_by`). Returns the
    report, with `created` set to whether it was new."""
    date = date or timezone.localdate()
    values = {name: data[name] for name in REPORT_FIELDS if name in data}
    if expected_version in (None, 0):
        report = _create_optimistically(actor, project, date, values, submitted_by)
        if report is not None:
            return report
    with transaction.atomic():
        # Scope and lock in one query: out of scope (or not there) is NotFound; the lock
        # queues concurrent submissions for this project until the first one commits.
        current = _fetch_project(actor, project, lock=True)
        _guard_project(current, date)
        existing, previous = _existing_and_previous(current, date)
        _guard_window(current, date)
        if existing is not None:
            report = _update(actor, current, existing, previous, values, expected_version)
        else:
            if expected_version not in (None, 0):
                raise Conflict()
            report = _build(actor, current, date, previous, values, submitted_by)
            _insert(actor, report)
    return report


class _Changed(Exception):
    """The project changed between the optimistic read and the write."""


def _create_optimistically(actor, project, date, values, submitted_by) -> DailyReport | None:
    """The usual case, the day's first report, with the write transaction kept short.

    Everything is read and checked before the transaction; inside it, one look-up
    confirms the project's version is the one read (every change of a project bumps
    it: status, parties, scope) and the unique (project, date) constraint catches a
    concurrent first report. On SQLite, where a write transaction excludes every other
    writer, this keeps concurrent submissions from queueing behind one another's reads.
    The read (the project, whether the day has a report, the numbers of the last one
    before it) is one query compiled once (`PreparedRead`): the submission is the
    hottest write of the system, and compiling its reads cost more than running them.
    None: there is a report for the day already, or the project changed meanwhile; the
    caller then takes the locked path, which also gives the refusals their final say."""
    if connections[DEFAULT_DB_ALIAS].features.has_select_for_update:
        return _create_under_row_lock(actor, project, date, values, submitted_by)
    current, day_reported, previous, _key = _read_project(actor, project, date)
    _guard_project(current, date)
    if day_reported:
        return None  # the day has its report: an update, under the lock
    _guard_window(current, date)
    report = _build(actor, current, date, previous, values, submitted_by)
    try:
        with transaction.atomic():
            if not _PROJECT_AT_VERSION(pk=current.pk, version=current.version):
                raise _Changed
            _insert(actor, report)
    except (_Changed, IntegrityError):
        return None
    return report


def _create_under_row_lock(actor, project, date, values, submitted_by) -> DailyReport | None:
    """`_create_optimistically` where the database locks rows (PostgreSQL): the same
    compiled read, inside the transaction and with the project's row locked, so what it
    read holds until the commit without a version check (one statement less, and the
    transaction stays as short: the checks between the read and the insert are in
    memory). Other projects' submissions never wait for it.

    The read also draws the report's key, so the report's INSERT has nothing to return,
    and the statements are pipelined: BEGIN and the read in one round trip, both INSERTs
    (the report and its change-log row) in the next, then COMMIT: three round trips
    instead of five, each a wait for the database and a context switch on a busy server."""
    try:
        with transaction.atomic(), pipeline():
            read = _read_project(actor, project, date, for_insert=True)
            current = read.project
            _guard_project(current, date)
            if read.day_reported:
                return None
            _guard_window(current, date)
            report = _build(actor, current, date, read.previous, values, submitted_by)
            report.pk = read.report_key
            _insert(actor, report)
    except IntegrityError:
        # The day's report came from a submission that held the lock before us: the
        # read's snapshot predates its commit. The update path takes it from here.
        return None
    return report


def _existing_and_previous(project, date):
    """The day's report (archived or not) and the latest live one before it."""
    recent = list(DailyReport.objects.filter(project=project, date__lte=date).order_by("-date")[:2])
    existing = recent[0] if recent and recent[0].date == date else None
    previous = next((r for r in recent if r.date < date and r.archived_at is None), None)
    return existing, previous


# What a submission reads of the project, its district and its builder: the rules, the
# audit row's region and organisation, the authorities' look-up. Nothing else is loaded
# (no decryption of the responsible person's phone, no contractor or supervisor).
PROJECT_COLUMNS = (
    "id",
    "version",
    "name",
    "status",
    "region__id",
    "region__name",
    "region__path",
    "builder__id",
    "builder__name",
    "builder__path",
    "contractor",
    "supervisor",
)


# The same, with the paths the project's scope leads to, for `can_see`: one compiled
# query by primary key instead of the scope's joins and filters in SQL.
PROJECT_READ = (
    "id",
    "version",
    "name",
    "status",
    "region_id",
    "builder_id",
    "contractor_id",
    "supervisor_id",
    "region__name",
    "builder__name",
    *Project.scope.path_lookups(),
)


def _project_and_reports(pk, day, *, for_insert=False):
    """The project by key, whether `day` has a report (archived or not), and the numbers
    of the latest live report before it (a JSON array in `NUMBER_FIELDS` order: a decimal
    travels as text). `for_insert` (PostgreSQL): with the project's row locked (FOR NO
    KEY UPDATE: changes of the project and other writes of its reports wait, inserts that
    only refer to it do not) and the key of the report to insert drawn from its sequence."""
    reports = DailyReport.objects.filter(project=OuterRef("pk"))
    numbers = [name for name in NUMBER_FIELDS if name != "output_value"]
    previous = (
        reports.filter(date__lt=day, archived_at__isnull=True)
        .order_by("-date")
        .values(numbers=JSONArray(*numbers, Cast("output_value", CharField())))[:1]
    )
    projects = Project.objects.filter(pk=pk).order_by()
    if for_insert:
        projects = projects.select_for_update(no_key=True, of=("self",)).annotate(
            report_key=NextKey(DailyReport)
        )
    else:
        projects = projects.annotate(report_key=Value(None, output_field=IntegerField()))
    return projects.annotate(
        day_reported=Exists(reports.filter(date=day)),
        previous=Subquery(previous, output_field=JSONField()),
    ).values_list(*PROJECT_READ, "day_reported", "previous", "report_key")


_PROJECT_AND_REPORTS = PreparedRead(_project_and_reports, pk=int, day=datetime.date)
_PROJECT_AND_REPORTS_FOR_INSERT = PreparedRead(
    lambda pk, day: _project_and_reports(pk, day, for_insert=True), pk=int, day=datetime.date
)
_PROJECT_AT_VERSION = PreparedRead(
    lambda pk, version: Project.objects.filter(pk=pk, version=version).order_by().values_list("pk"),
    pk=int,
    version=int,
)


def _read_project(actor, project, date, *, for_insert=False):
    """`_fetch_project(actor, project, lock=for_insert)`, answered alike, from one
    compiled read, with whether `date` has its report, the previous report's numbers and
    (`for_insert`) the key drawn for the day's report."""
    if actor is not None and not actor.has_perm(ADD_REPORTS):
        raise Forbidden()
    pk = getattr(project, "pk", project)
    read = _PROJECT_AND_REPORTS_FOR_INSERT if for_insert else _PROJECT_AND_REPORTS
    rows = read(pk=pk, day=date) if type(pk) is int else []
    if not rows:
        raise NotFound()
    *columns, day_reported, previous, report_key = rows[0]
    row = dict(zip(PROJECT_READ, columns, strict=True))
    paths = {lookup: row[lookup] for lookup in Project.scope.path_lookups()}
    if actor is not None and not can_see(actor, Project, paths, ADD_REPORTS):
        raise NotFound()
    using = DEFAULT_DB_ALIAS
    current = instance(Project, using, row)
    current.region = instance(
        Region,
        using,
        {"id": row["region_id"], "name": row["region__name"], "path": paths["region__path"]},
    )
    current.builder = instance(
        Organisation,
        using,
        {"id": row["builder_id"], "name": row["builder__name"], "path": paths["builder__path"]},
    )
    if previous is not None:
        previous = SimpleNamespace(**dict(zip(NUMBER_FIELDS, previous, strict=True)))
        previous.output_value = Decimal(previous.output_value)
    return _ProjectRead(current, bool(day_reported), previous, report_key)


class _ProjectRead(NamedTuple):
    project: Project
    day_reported: bool
    previous: SimpleNamespace | None
    report_key: int | None


def _fetch_project(actor, project, *, lock: bool) -> Project:
    qs = Project.objects.select_related("region", "builder").only(*PROJECT_COLUMNS)
    if actor is not None:
        if not actor.has_perm(ADD_REPORTS):
            raise Forbidden()
        qs = qs.visible_to(actor, ADD_REPORTS)
    try:
        if lock:
            qs = qs.select_for_update(of=("self",))
        return qs.get(pk=getattr(project, "pk", project))
    except (Project.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def _build(actor, project, date, previous, values, submitted_by) -> DailyReport:
    submitter = actor if actor is not None else submitted_by
    if submitter is None:
        raise FugongError(_("Say who submits the report."), code=ReportErrorCode.NO_SUBMITTER)
    report = DailyReport(project=project, date=date, submitted_by=submitter, **values)
    _validate(report)
    report.copied_from_previous = same_numbers(
        {name: getattr(report, name) for name in REPORT_FIELDS}, previous
    )
    return report


def _insert(actor, report: DailyReport) -> None:
    # The hottest write: its INSERT compiled once per connection; with a key drawn
    # beforehand it has nothing to return and, like the change-log row's, waits for no answer.
    prepared_insert(report)
    # The report's scope is its project's, fetched within the actor's scope in this
    # submission and confirmed unchanged in this transaction: nothing to re-check.
    record_change(actor=actor, instance=report, action=ChangeAction.CREATE, returning=False)
    report.created = True
    if report.fevers > 0:
        _notify_fevers_on_commit(report)


def _update(actor, project, report, previous, values, expected_version) -> DailyReport:
    if report.archived_at is not None:
        raise FugongError(
            _("This report was archived and cannot be changed."), code=ReportErrorCode.ARCHIVED
        )
    if actor is not None:
        if not user_can(actor, DailyReport, "change"):
            raise Forbidden()
        if not DailyReport.objects.visible_to(actor, "change").filter(pk=report.pk).exists():
            raise NotFound()
    if expected_version is not None and report.version != expected_version:
        raise Conflict()
    report.project = project  # the locked, selected instance (audit resolves its region)
    before = snapshot(report)
    for name, value in values.items():
        setattr(report, name, value)
    _validate(report)
    report.copied_from_previous = same_numbers(
        {name: getattr(report, name) for name in REPORT_FIELDS}, previous
    )
    # Every write to the project's reports holds the project's lock: the version read
    # above is current, so it can be incremented here rather than with F().
    report.version += 1
    fields = [*values.keys(), "copied_from_previous", "version", "updated_at"]
    report.save(update_fields=fields)
    after = snapshot(report)
    if {k: v for k, v in before.items() if k not in ("version", "updated_at")} != {
        k: v for k, v in after.items() if k not in ("version", "updated_at")
    }:
        record_change(
            actor=actor, instance=report, action=ChangeAction.UPDATE, before=before, after=after
        )
    report.created = False
    if report.fevers > 0:
        _notify_fevers_on_commit(report)
    return report


def _validate(report: DailyReport) -> None:
    errors = report_field_errors(report)
    if errors:
        raise FugongError(
            _("Some numbers of the report are not right; see the fields marked."),
            code=ReportErrorCode.INVALID,
            fields=errors,
        )


def _notify_fevers_on_commit(report: DailyReport) -> None:
    project, date, fevers, pk = report.project, report.date, report.fevers, report.pk

    def send():
        from fugong.messaging.services import notify

        recipients = report_authorities([project])[project.pk]
        with override(_site_language()):
            notify(
                recipients=recipients,
                kind="daily_report_fever",
                title=_("Fever at %(project)s: %(n)s on %(date)s")
                % {"project": project, "n": fevers, "date": date.isoformat()},
                body=_(
                    "The daily report of %(project)s for %(date)s counts %(n)s people with "
                    "a fever (≥ 37.3 °C). Check the site's isolation and follow-up."
                )
                % {"project": project, "n": fevers, "date": date.isoformat()},
                link=reverse("construction:report_detail", args=[pk]),
                key=f"report-fever:{pk}:{fevers}",
            )

    transaction.on_commit(send)


def _site_language() -> str:
    from django.conf import settings

    return settings.LANGUAGE_CODE


# --- backfill (system only) ------------------------------------------------------------------


def daily_report_backfill(
    *, project: Project, date: datetime.date, data: dict, submitted_by
) -> tuple[DailyReport, bool]:
    """The system records a past report as it was (demo data, paper reports typed in
    later): the numbers are validated as always, the day's cut-off and the resumption date
    are not. Not for people: there is no actor. Returns (report, created); an existing
    report is left as it is."""
    with transaction.atomic():
        current = _fetch_project(None, project, lock=True)
        existing = DailyReport.objects.filter(project=current, date=date).first()
        if existing is not None:
            return existing, False
        previous = (
            DailyReport.objects.filter(project=current, date__lt=date).order_by("-date").first()
        )
        values = {name: data[name] for name in REPORT_FIELDS if name in data}
        report = _build(None, current, date, previous, values, submitted_by)
        _insert(None, report)
    return report, True


# --- unlock --------------------------------------------------------------------------------


def report_unlock(
    *, actor, project: Project, date: datetime.date, reason: str, hours: int = 24
) -> ReportUnlock:
    """An authority reopens (project, date) for `hours` after its cut-off: the site may
    then create or correct that day's report. On the project's timeline and audited."""
    reason = (reason or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = _("Say why the report is unlocked.")
    elif len(reason) > 300:
        errors["reason"] = _("At most 300 characters.")
    if not isinstance(hours, int) or not 1 <= hours <= MAX_UNLOCK_HOURS:
        errors["hours"] = _("Between 1 and %(n)s hours.") % {"n": MAX_UNLOCK_HOURS}
    if date > timezone.localdate():
        errors["date"] = _("A report cannot be made for a day in the future.")
    if actor is None:
        raise Forbidden(_("Only an authority can unlock a report."))
    if not actor.has_perm(UNLOCK_REPORTS):
        raise Forbidden()
    with transaction.atomic():
        current = fetch_for(actor, Project, getattr(project, "pk", project), UNLOCK_REPORTS)
        if errors:
            raise FugongError(
                _("The unlock could not be made; see the fields marked."),
                code=ReportErrorCode.UNLOCK_INVALID,
                fields=errors,
            )
        until = timezone.now() + datetime.timedelta(hours=hours)
        unlock = ReportUnlock.objects.create(
            project=current, date=date, until=until, reason=reason, unlocked_by=actor
        )
        record_change(actor=actor, instance=unlock, action=ChangeAction.CREATE, message=reason)
        message = _("Report of %(date)s unlocked until %(until)s: %(reason)s") % {
            "date": date.isoformat(),
            "until": timezone.localtime(until).strftime("%Y-%m-%d %H:%M"),
            "reason": reason,
        }
        project_event(
            actor=actor, project=current, kind=ProjectEventKind.REPORT_UNLOCKED, message=message
        )
        _notify_unlock_on_commit(unlock)
    return unlock


def _notify_unlock_on_commit(unlock: ReportUnlock) -> None:
    project = unlock.project

    def send():
        from fugong.messaging.services import notify

        recipients = report_submitters([project])[project.pk]
        with override(_site_language()):
            notify(
                recipients=recipients,
                kind="daily_report_unlocked",
                title=_("The report of %(project)s for %(date)s is open again")
                % {"project": project, "date": unlock.date.isoformat()},
                body=_("Unlocked until %(until)s: %(reason)s")
                % {
                    "until": timezone.localtime(unlock.until).strftime("%Y-%m-%d %H:%M"),
                    "reason": unlock.reason,
                },
                link=reverse("construction:report_today")
                + f"?project={project.pk}&date={unlock.date.isoformat()}",
                key=f"report-unlock:{unlock.pk}",
            )

    transaction.on_commit(send)


# --- settings ------------------------------------------------------------------------------


def reporting_settings_update(*, actor, data: dict) -> ReportingSettings:
    """The bureau's deadline, cut-off and reminder lead: one row, created by the first
    change (so `change_reportingsettings` is all it takes)."""
    if actor is not None and not actor.has_perm("construction.change_reportingsettings"):
        raise Forbidden()
    allowed = {
        k: v for k, v in data.items() if k in ("deadline", "cutoff", "reminder_lead_minutes")
    }
    with transaction.atomic():
        current = ReportingSettings.objects.select_for_update().order_by("pk").first()
        defaults = current or ReportingSettings()
        deadline = allowed.get("deadline") or defaults.deadline
        cutoff = allowed.get("cutoff") or defaults.cutoff
        if deadline > cutoff:
            message = _("The deadline must not be later than the cut-off.")
            raise FugongError(message, code=ReportErrorCode.INVALID, fields={"deadline": message})
        if current is not None:
            return update_object(actor=actor, instance=current, data=allowed)
        created = ReportingSettings(**allowed)
        created.full_clean()
        created.save()
        record_change(actor=actor, instance=created, action=ChangeAction.CREATE)
    return created
