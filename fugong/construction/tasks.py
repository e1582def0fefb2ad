"""Background tasks of work resumption (django-tasks; run by `fugong worker`).

`send_missing_report_reminders` is enqueued by `fugong send_reminders` (from cron or a
systemd timer) and may run any number of times for a day: every message carries a key
per project, day and kind, so each person is told once.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import override
from django_tasks import task

from fugong.construction.models import ReportingSettings
from fugong.construction.selectors.reports import (
    UNLOCK_REPORTS,
    active_grants_with,
    missing_reports,
    report_submitters,
)


@task()
def send_missing_report_reminders(date_iso: str) -> dict[str, int]:
    """Remind the enterprise users of every project that has not reported for the day, and
    tell each authority how many sites in its jurisdiction have not. Returns counts."""
    from fugong.messaging.services import notify

    date = datetime.date.fromisoformat(date_iso)
    reporting = ReportingSettings.current()
    missing = list(missing_reports(None, date).select_related("supervisor"))
    submitters = report_submitters(missing)
    sent = {"projects": len(missing), "reminders": 0, "summaries": 0}
    with override(settings.LANGUAGE_CODE):
        deadline = formats.time_format(reporting.deadline, "H:i")
        for project in missing:
            link = reverse("construction:report_today") + f"?project={project.pk}"
            sent["reminders"] += notify(
                recipients=submitters[project.pk],
                kind="daily_report_reminder",
                title=_("Daily report of %(project)s for %(date)s not received")
                % {"project": project, "date": date_iso},
                body=_("Please submit it before %(deadline)s.") % {"deadline": deadline},
                link=link,
                key=f"report-reminder:{project.pk}:{date_iso}",
            )
        sent["summaries"] = _summaries(notify, missing, date_iso, deadline)
    return sent


def _summaries(notify, missing, date_iso: str, deadline: str) -> int:
    """One message per authority: how many of the missing sites are in its regions."""
    grants = (
        active_grants_with(UNLOCK_REPORTS)
        .filter(region__isnull=False)
        .select_related("user", "region")
    )
    paths_by_user: dict[int, tuple[object, set[str]]] = {}
    for grant in grants:
        paths_by_user.setdefault(grant.user_id, (grant.user, set()))[1].add(grant.region.path)
    link = reverse("construction:report_missing") + f"?date={date_iso}"
    sent = 0
    for user, paths in paths_by_user.values():
        count = sum(
            1 for project in missing if any(project.region.path.startswith(p) for p in paths)
        )
        if not count:
            continue
        sent += notify(
            recipients=[user],
            kind="daily_report_missing",
            title=_("%(n)s sites have not reported for %(date)s") % {"n": count, "date": date_iso},
            body=_(
                "Deadline %(deadline)s. The list, with contacts, is on the missing-reports page."
            )
            % {"deadline": deadline},
            link=link,
            key=f"report-missing:{date_iso}",
        )
    return sent
