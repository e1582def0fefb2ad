"""The risk score (风险评分) that weights a double-random draw.

A site's weight in the draw is ``FLOOR + score``: the floor keeps every site in the draw
(a site with no risk at all still has weight 10), and each term below adds points. All
points are whole numbers, so the weights published with the draw's inputs are exact.

=========================  =========================================================  ======
term                       what is counted                                            points
=========================  =========================================================  ======
missed daily reports       days of the last 14 (before today) without a daily         2 each
                           report, counted from the day the site first resumed
fevers                     days of the last 14 whose daily report had a worker        5 each
                           with fever (≥ 37.3 °C)
open findings              findings awaiting rectification or re-inspection           4 each
overdue findings           of those, notices unanswered past their deadline           6 more
revoked commitments        the site's commitments revoked as false (any time)        10 each
days since inspected       days since the last completed inspection in the draw's     1 per 7
                           field (never inspected: counted as 84)                     (≤ 12)
=========================  =========================================================  ======

The same table is shown on the public page that explains the draw, and each site's facts
and points are published with the draw's inputs, so anyone can recompute its weight.
With equal weighting every site has weight 1.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Min
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

FLOOR = 10
WINDOW_DAYS = 14
STALE_DAYS_CAP = 84


@dataclass(frozen=True)
class Term:
    code: str
    label: str
    explanation: str
    points: int
    cap: int | None = None  # on the counted facts


TERMS = (
    Term(
        "missed_reports",
        _("Missed daily reports"),
        _("Days of the last 14 without a daily report, from the day the site resumed."),
        2,
        WINDOW_DAYS,
    ),
    Term(
        "fever_days",
        _("Fevers"),
        _("Days of the last 14 whose daily report had a worker with fever (≥ 37.3 °C)."),
        5,
        WINDOW_DAYS,
    ),
    Term(
        "open_findings",
        _("Open findings"),
        _("Findings awaiting rectification or re-inspection."),
        4,
    ),
    Term(
        "overdue_findings",
        _("Overdue findings"),
        _("Of those, notices unanswered past their deadline (added to the above)."),
        6,
    ),
    Term(
        "revoked_commitments",
        _("Revoked commitments"),
        _("The site's commitments revoked as false."),
        10,
    ),
    Term(
        "weeks_since_inspected",
        _("Time since the last inspection"),
        _(
            "Whole weeks since the last completed inspection in the draw's field, at most 12 "
            "(a site never inspected counts 12)."
        ),
        1,
        STALE_DAYS_CAP // 7,
    ),
)


def score(facts: dict[str, int]) -> int:
    total = 0
    for term in TERMS:
        n = facts.get(term.code, 0)
        if term.cap is not None:
            n = min(n, term.cap)
        total += n * term.points
    return total


def weight(facts: dict[str, int]) -> int:
    return FLOOR + score(facts)


def site_facts(projects, *, today: datetime.date | None = None) -> dict[int, dict[str, int]]:
    """The counted facts of each project, in a fixed number of queries however many.
    `projects` come from `supervision.selectors.registry.eligible_targets` (annotated
    with `last_inspected` and `open_findings`)."""
    from fugong.construction.choices import CommitmentStatus, ProjectStatus
    from fugong.construction.models import Commitment, DailyReport, ProjectEvent
    from fugong.supervision.selectors.rectification import overdue_findings

    today = today or timezone.localdate()
    start = today - datetime.timedelta(days=WINDOW_DAYS)
    projects = list(projects)
    ids = [p.pk for p in projects]
    resumed = dict(
        ProjectEvent.objects.filter(project_id__in=ids, to_status=ProjectStatus.RESUMED)
        .values_list("project_id")
        .annotate(first=Min("time"))
    )
    window = DailyReport.objects.filter(project_id__in=ids, date__gte=start, date__lt=today)
    reported = dict(window.values_list("project_id").annotate(n=Count("date", distinct=True)))
    fever_days = dict(
        window.filter(fevers__gt=0)
        .values_list("project_id")
        .annotate(n=Count("date", distinct=True))
    )
    overdue = dict(
        overdue_findings(today=today)
        .filter(project_id__in=ids)
        .values_list("project_id")
        .annotate(n=Count("id"))
    )
    revoked = dict(
        Commitment.objects.filter(project_id__in=ids, status=CommitmentStatus.REVOKED)
        .values_list("project_id")
        .annotate(n=Count("id"))
    )
    facts = {}
    for p in projects:
        first = resumed.get(p.pk)
        owed_from = max(start, timezone.localdate(first)) if first else start
        owed = max(0, (today - owed_from).days)
        last = getattr(p, "last_inspected", None)
        stale = (today - last).days if last else STALE_DAYS_CAP
        facts[p.pk] = {
            "missed_reports": max(0, owed - reported.get(p.pk, 0)),
            "fever_days": fever_days.get(p.pk, 0),
            "open_findings": getattr(p, "open_findings", 0) or 0,
            "overdue_findings": overdue.get(p.pk, 0),
            "revoked_commitments": revoked.get(p.pk, 0),
            "weeks_since_inspected": min(STALE_DAYS_CAP, max(0, stale)) // 7,
        }
    return facts
