"""The daily summary table (复工复产日报表) by district and by kind, on screen and as xlsx.

Three queries, whatever the number of projects and reports:

1. the projects in scope: id, district, kind, status (one row per project);
2. their reports up to the day, aggregated per project (GROUP BY project, read in the
   order of the (project, date) unique index, so no sort): the day's counts and sums
   (conditional aggregates) and the cumulative output value, in one pass;
3. their targets: per project, the active output-value target whose due date is the
   nearest on or after the day.

The per-project rows (one per project, not per report) are then folded in Python into
the (district, kind) cells, the two tables and the totals. Grouping the reports by
district and kind in SQL instead joins every report to its project and sorts them: six
times slower on SQLite at city scale. Definitions:

- projects: the projects in the user's scope, not archived, whatever their status;
- resumed: status "resumed" now (statuses are not kept per day: for a past day this is
  today's status); resumption rate: resumed ÷ (projects − completed);
- reported: reports for the day; people on site: workers + managers; the other counts
  are sums over the day's reports; output today: the day's output value;
- cumulative output: all reported output up to and including the day;
- target: the sum of each project's nearest target due on or after the day (projects
  without one add nothing); share: cumulative ÷ target.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, OuterRef, Q, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fugong.construction.choices import ProjectKind, ProjectStatus
from fugong.construction.models import DailyReport, Project, ProjectTarget
from fugong.construction.selectors.reports import VIEW_REPORTS

ZERO = Decimal("0.00")

# (attribute, column title) in table order; the xlsx and the page share them.
COLUMNS = (
    ("projects", gettext_lazy("projects")),
    ("resumed", gettext_lazy("resumed")),
    ("resumption_rate", gettext_lazy("resumption rate")),
    ("reported", gettext_lazy("reported")),
    ("people", gettext_lazy("workers and managers on site")),
    ("returned", gettext_lazy("returned today")),
    ("outside", gettext_lazy("from outside the province")),
    ("observation", gettext_lazy("under medical observation")),
    ("fevers", gettext_lazy("fevers")),
    ("output_today", gettext_lazy("output today (10,000 yuan)")),
    ("output_cumulative", gettext_lazy("cumulative output (10,000 yuan)")),
    ("target", gettext_lazy("target (10,000 yuan)")),
    ("target_share", gettext_lazy("of target")),
)
PERCENT_COLUMNS = ("resumption_rate", "target_share")
MONEY_COLUMNS = ("output_today", "output_cumulative", "target")


@dataclass
class SummaryRow:
    key: object
    label: str
    projects: int = 0
    resumed: int = 0
    completed: int = 0
    reported: int = 0
    people: int = 0
    returned: int = 0
    outside: int = 0
    observation: int = 0
    fevers: int = 0
    output_today: Decimal = ZERO
    output_cumulative: Decimal = ZERO
    target: Decimal = ZERO

    def add(self, other: SummaryRow) -> None:
        for name in (
            "projects",
            "resumed",
            "completed",
            "reported",
            "people",
            "returned",
            "outside",
            "observation",
            "fevers",
            "output_today",
            "output_cumulative",
            "target",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def resumption_rate(self) -> float | None:
        active = self.projects - self.completed
        return self.resumed / active if active else None

    @property
    def target_share(self) -> float | None:
        return float(self.output_cumulative / self.target) if self.target else None

    def values(self) -> list:
        return [getattr(self, name) for name, _title in COLUMNS]


@dataclass
class DailySummary:
    date: datetime.date
    by_district: list[SummaryRow] = field(default_factory=list)
    by_kind: list[SummaryRow] = field(default_factory=list)
    total: SummaryRow | None = None
    message: str = ""
    is_future: bool = False

    @property
    def has_data(self) -> bool:
        return self.total is not None and (
            self.total.reported > 0 or self.total.output_cumulative > 0
        )


def daily_summary(user, date: datetime.date) -> DailySummary:
    """The summary of `date` over the projects in the user's scope (None: everything)."""
    summary = DailySummary(date=date)
    if date > timezone.localdate():
        summary.is_future = True
        summary.message = _("%(date)s is in the future: there are no reports for it yet.") % {
            "date": date.isoformat()
        }
        return summary
    projects = (
        Project.objects.all() if user is None else Project.objects.visible_to(user, VIEW_REPORTS)
    )
    projects = projects.filter(archived_at__isnull=True).order_by()
    cells: dict[tuple[int, str], SummaryRow] = {}
    districts: dict[int, tuple[str, str]] = {}
    cell_of: dict[int, SummaryRow] = {}  # project pk -> its (district, kind) cell
    for pk, region_id, region_name, region_path, kind, status in projects.values_list(
        "pk", "region_id", "region__name", "region__path", "kind", "status"
    ):
        districts[region_id] = (region_name, region_path)
        c = cells.get((region_id, kind))
        if c is None:
            c = cells[(region_id, kind)] = SummaryRow((region_id, kind), "")
        c.projects += 1
        c.resumed += status == ProjectStatus.RESUMED
        c.completed += status == ProjectStatus.COMPLETED
        cell_of[pk] = c

    in_scope = projects.values("pk")
    today = Q(date=date)
    for row in (
        DailyReport.objects.filter(project__in=in_scope, date__lte=date, archived_at__isnull=True)
        .values("project_id")
        .annotate(
            reported=Count("id", filter=today),
            people=Sum(F("workers_on_site") + F("managers_on_site"), filter=today),
            returned=Sum("returned_today", filter=today),
            outside=Sum("from_outside_province", filter=today),
            observation=Sum("under_observation", filter=today),
            fevers=Sum("fevers", filter=today),
            output_today=Sum("output_value", filter=today),
            output_cumulative=Sum("output_value"),
        )
        .order_by()
    ):
        c = cell_of[row["project_id"]]
        c.reported += row["reported"]
        c.people += row["people"] or 0
        c.returned += row["returned"] or 0
        c.outside += row["outside"] or 0
        c.observation += row["observation"] or 0
        c.fevers += row["fevers"] or 0
        c.output_today += _money(row["output_today"])
        c.output_cumulative += _money(row["output_cumulative"])

    nearest_due = (
        ProjectTarget.objects.filter(
            project=OuterRef("project"), archived_at__isnull=True, due_date__gte=date
        )
        .order_by("due_date")
        .values("due_date")[:1]
    )
    for project_id, value in ProjectTarget.objects.filter(
        project__in=in_scope,
        archived_at__isnull=True,
        due_date__gte=date,
        due_date=Subquery(nearest_due),
    ).values_list("project_id", "value"):
        cell_of[project_id].target += _money(value)

    by_district: dict[int, SummaryRow] = {}
    by_kind: dict[str, SummaryRow] = {}
    total = SummaryRow("total", _("Total"))
    for (region_id, kind), c in cells.items():
        name, _path = districts[region_id]
        by_district.setdefault(region_id, SummaryRow(region_id, name)).add(c)
        by_kind.setdefault(kind, SummaryRow(kind, str(ProjectKind(kind).label))).add(c)
        total.add(c)
    summary.by_district = sorted(by_district.values(), key=lambda r: districts[r.key][1])
    kind_order = {k: i for i, k in enumerate(ProjectKind.values)}
    summary.by_kind = sorted(by_kind.values(), key=lambda r: kind_order.get(r.key, 99))
    summary.total = total
    if not summary.has_data:
        summary.message = _("No daily reports for %(date)s.") % {"date": date.isoformat()}
    return summary


def _money(value) -> Decimal:
    return Decimal(value or 0).quantize(Decimal("0.01"))


# --- xlsx ----------------------------------------------------------------------------------


def summary_xlsx(summary: DailySummary) -> bytes:
    """Two sheets (by district, by kind), each: a title row, the header, the rows and the
    totals. Write-only (streaming) workbook; numbers stay numbers, shares are formatted %."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    bold = Font(bold=True)
    wb = Workbook(write_only=True)
    title = _("Daily summary of work resumption, %(date)s") % {"date": summary.date.isoformat()}
    for sheet_title, first, rows in (
        (_("By district"), _("District"), summary.by_district),
        (_("By kind"), _("Kind"), summary.by_kind),
    ):
        ws = wb.create_sheet(title=str(sheet_title)[:31])
        ws.column_dimensions["A"].width = 18
        heading = WriteOnlyCell(ws, value=str(title))
        heading.font = Font(bold=True, size=14)
        ws.append([heading])
        if summary.message:
            ws.append([str(summary.message)])
        header = []
        for text in [first, *(t for _n, t in COLUMNS)]:
            cell = WriteOnlyCell(ws, value=str(text))
            cell.font = bold
            header.append(cell)
        ws.append(header)
        for row in [*rows, *([summary.total] if summary.total else [])]:
            is_total = row is summary.total
            cells = []
            for name, value in zip(
                ["label", *(n for n, _t in COLUMNS)], [row.label, *row.values()], strict=True
            ):
                cell = WriteOnlyCell(
                    ws, value=float(value) if isinstance(value, Decimal) else value
                )
                if name in PERCENT_COLUMNS:
                    cell.number_format = "0.0%"
                elif name in MONEY_COLUMNS:
                    cell.number_format = "#,##0.00"
                if is_total:
                    cell.font = bold
                cells.append(cell)
            ws.append(cells)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
