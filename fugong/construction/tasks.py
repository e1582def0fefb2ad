"""Background tasks of work resumption (django-tasks; run by `fugong worker`).

The missing-report reminder is a rule of messaging's reminder registry (registered in
apps.py): `fugong worker` runs it daily at the deadline minus the reminder lead.
`send_missing_report_reminders` is the same rule for a given day, enqueued by `fugong
send_reminders` (cron, a systemd timer, or by hand); it may run any number of times for a
day: every message carries a key per project, day and kind, so each person is told once.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from django_tasks import task

from fugong.construction.models import ReportingSettings
from fugong.construction.selectors.reports import (
    UNLOCK_REPORTS,
    active_grants_with,
    local_datetime,
    missing_reports,
    report_submitters,
)

REMINDER = "construction.daily_report_missing"


def reminder_time() -> datetime.time:
    """When the reminder is due each day: the deadline minus the reminder lead."""
    reporting = ReportingSettings.current()
    moment = local_datetime(timezone.localdate(), reporting.deadline) - datetime.timedelta(
        minutes=reporting.reminder_lead_minutes
    )
    return timezone.localtime(moment).time()


def missing_report_remindings(now: datetime.datetime):
    """The rule registered with messaging (see apps.py): today's missing reports."""
    return _remindings(timezone.localdate(now).isoformat())


def _remindings(date_iso: str) -> list:
    from fugong.messaging.reminders import Reminding

    date = datetime.date.fromisoformat(date_iso)
    reporting = ReportingSettings.current()
    missing = list(missing_reports(None, date).select_related("supervisor"))
    submitters = report_submitters(missing)
    deadline = formats.time_format(reporting.deadline, "H:i")
    items = [
        Reminding(
            recipients=submitters[project.pk],
            kind="daily_report_reminder",
            title=_("Daily report of %(project)s for %(date)s not received")
            % {"project": project, "date": date_iso},
            body=_("Please submit it before %(deadline)s.") % {"deadline": deadline},
            link=reverse("construction:report_today") + f"?project={project.pk}",
            key=f"report-reminder:{project.pk}:{date_iso}",
            group="reminders",
        )
        for project in missing
    ]
    return items + _summaries(missing, date_iso, deadline)


@task()
def send_missing_report_reminders(date_iso: str) -> dict[str, int]:
    """Remind the enterprise users of every project that has not reported for the day, and
    tell each authority how many sites in its jurisdiction have not. Returns counts.
    Delivered through messaging's reminder registry (in-app, once per key)."""
    from fugong.messaging.reminders import deliver

    with override(settings.LANGUAGE_CODE):
        items = _remindings(date_iso)
        counts = deliver(items)
    projects = sum(1 for item in items if item.group == "reminders")
    return {
        "projects": projects,
        "reminders": counts.get("reminders", 0),
        "summaries": counts.get("summaries", 0),
    }


def _summaries(missing, date_iso: str, deadline: str) -> list:
    """One message per authority: how many of the missing sites are in its regions."""
    from fugong.messaging.reminders import Reminding

    grants = (
        active_grants_with(UNLOCK_REPORTS)
        .filter(region__isnull=False)
        .select_related("user", "region")
    )
    paths_by_user: dict[int, tuple[object, set[str]]] = {}
    for grant in grants:
        paths_by_user.setdefault(grant.user_id, (grant.user, set()))[1].add(grant.region.path)
    link = reverse("construction:report_missing") + f"?date={date_iso}"
    items = []
    for user, paths in paths_by_user.values():
        count = sum(
            1 for project in missing if any(project.region.path.startswith(p) for p in paths)
        )
        if not count:
            continue
        items.append(
            Reminding(
                recipients=[user],
                kind="daily_report_missing",
                title=_("%(n)s sites have not reported for %(date)s")
                % {"n": count, "date": date_iso},
                body=_(
                    "Deadline %(deadline)s. The list, with contacts, is on the missing-reports page."
                )
                % {"deadline": deadline},
                link=link,
                key=f"report-missing:{date_iso}",
                group="summaries",
            )
        )
    return items
