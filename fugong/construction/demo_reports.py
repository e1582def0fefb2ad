"""Demo daily reports: the last 14 days of every resumed (or suspended) demo project.

Runs after the commitments step (which resumes the projects); with no project resumed
it does nothing. The numbers are invented but plausible and the same on every run (a
random source seeded by the project's name): workers coming back over the two weeks,
everyone temperature-checked, one fever on one day, supplies for one to three weeks, and
output value in proportion to the contract value, so that 东海大道 has done 500 万元
(seed: "复工以来完成产值约500万元"). One site has not reported today, so the missing-reports
page has something to show. Reports are recorded by the system through
`daily_report_backfill`; existing ones are left alone (idempotent).
"""

from __future__ import annotations

import datetime
import random
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from fugong.accounts.models import User
from fugong.construction.models import Project
from fugong.construction.selectors.reports import REPORTING_STATUSES, report_submitters
from fugong.construction.services.reports import daily_report_backfill

DAYS = 14
FLAGSHIP = "东海大道"
FLAGSHIP_OUTPUT = Decimal("500.00")  # 万元 since resuming (seed)
MISSING_TODAY = "解放路15号"
FEVER = ("群英河桥", 9)  # (project, days ago): one worker with a fever, sent home and followed


def _daily_output(project: Project, days: int, rng: random.Random) -> list[Decimal]:
    """`days` daily output values (万元, two decimals): 东海大道's add up to 500."""
    contract = project.contract_value or Decimal("10000")
    total = (
        FLAGSHIP_OUTPUT
        if project.name == FLAGSHIP
        else (FLAGSHIP_OUTPUT * contract / Decimal("120000")).quantize(Decimal("0.01"))
    )
    # Work picks up as people come back: later days weigh more.
    weights = [(0.5 + i / days) * rng.uniform(0.8, 1.2) for i in range(days)]
    scale = total / Decimal(str(sum(weights)))
    values = [(Decimal(str(w)) * scale).quantize(Decimal("0.01"), ROUND_HALF_UP) for w in weights]
    values[-1] += total - sum(values)  # exact total despite rounding
    return values


def _numbers(project: Project, rng: random.Random, days: list[datetime.date]) -> list[dict]:
    contract = float(project.contract_value or 10000)
    full_crew = max(30, min(400, int(contract / 300)))
    managers = max(4, full_crew // 12)
    outputs = _daily_output(project, len(days), rng)
    rows = []
    workers_before = int(full_crew * 0.55)
    returned_recent: list[int] = []
    for i, day in enumerate(days):
        share = 0.55 + 0.45 * (i + 1) / len(days)
        workers = max(workers_before, int(full_crew * share) + rng.randint(-3, 3))
        returned = max(0, workers - workers_before)
        workers_before = workers
        returned_recent = [*returned_recent[-2:], returned]
        people = workers + managers
        fevers = 1 if (project.name, (days[-1] - day).days) == FEVER else 0
        rows.append(
            {
                "workers_on_site": workers,
                "managers_on_site": managers,
                "returned_today": returned,
                "from_outside_province": int(people * rng.uniform(0.2, 0.35)),
                "under_observation": min(people + returned, sum(returned_recent) // 2 + fevers),
                "temperature_checked": people,
                "fevers": fevers,
                "mask_days": rng.randint(10, 21),
                "disinfectant_days": rng.randint(8, 18),
                "disinfections_done": 2,
                "closed_management": True,
                "output_value": outputs[i],
                "notes": "发热工人已送定点医院排查，同宿舍人员隔离观察。" if fevers else "",
            }
        )
    return rows


def load_reports_demo(loader) -> None:
    projects = list(
        Project.objects.filter(status__in=REPORTING_STATUSES, archived_at__isnull=True)
        .select_related("region", "builder", "contractor", "supervisor")
        .order_by("name", "pk")
    )
    if not projects:
        return
    names = [p.name for p in projects]
    missing = MISSING_TODAY if MISSING_TODAY in names else names[-1]
    if missing == FLAGSHIP and len(projects) > 1:
        missing = next(n for n in reversed(names) if n != FLAGSHIP)
    submitters = report_submitters(projects)
    fallback = User.objects.filter(username="admin").first()
    today = timezone.localdate()
    days = [today - datetime.timedelta(days=n) for n in range(DAYS - 1, -1, -1)]
    for project in projects:
        people = sorted(submitters[project.pk], key=lambda u: u.username)
        submitter = people[0] if people else fallback
        if submitter is None:
            continue
        rng = random.Random(project.name)
        project_days = days[:-1] if project.name == missing else days
        for day, numbers in zip(project_days, _numbers(project, rng, project_days), strict=True):
            _report, created = daily_report_backfill(
                project=project, date=day, data=numbers, submitted_by=submitter
            )
            loader.tally("daily reports", created)
