"""The daily bulletin (日报): a fixed-format report of a day for the viewer's jurisdiction
— the headline sentences, the key figures of every panel, the summary tables by district
and by kind, and the day's highlights — on screen, as xlsx, as PDF and as a text sent to
the configured groups.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from fugong.dashboard.board import Board, build_board

HIGHLIGHTS_MAX = 30


@dataclass
class Bulletin:
    date: datetime.date
    jurisdiction: str
    board: Board
    highlights: list[str] = field(default_factory=list)
    message: str = ""

    @property
    def title(self) -> str:
        return _("Daily bulletin of work resumption and epidemic control, %(date)s") % {
            "date": self.date.isoformat()
        }

    @property
    def tables(self) -> list:
        return [t for p in self.board.panels for t in p.tables]

    @property
    def figure_rows(self) -> list[tuple[str, str, str]]:
        """(panel, figure, value with unit) — the key figures in a fixed order."""
        rows = []
        for panel in self.board.panels:
            for f in panel.figures:
                unit = f" {f.unit}" if f.unit and f.value is not None else ""
                rows.append((panel.title, f.label, f"{f.display}{unit}"))
        return rows


def jurisdiction_name(view) -> str:
    """Where the bulletin speaks for: the area drilled down to, else the regions of the
    viewer's grants (the city for a city-wide grant), else their organisation."""
    if view.area is not None:
        return view.area.name
    from fugong.regions.models import Region

    user = view.user
    paths = sorted({g.region_path for g in user.scope_grants() if g.region_path})
    names = list(
        Region.objects.filter(path__in=paths).order_by("path").values_list("name", flat=True)
    )
    if names:
        return "、".join(names[:5]) + ("…" if len(names) > 5 else "")
    if user.is_superuser:
        return _("City-wide")
    return str(user.organisation) if user.organisation_id else ""


def build_bulletin(view) -> Bulletin:
    bulletin = Bulletin(
        date=view.date,
        jurisdiction=jurisdiction_name(view) if not view.blocked else "",
        board=build_board(view),
        message=view.problem,
    )
    if view.blocked:
        return bulletin
    from fugong.dashboard.aggregates.highlights import day_highlights

    workers = bulletin.board.panel("workers")
    if workers is not None and workers.note and not bulletin.message:
        bulletin.message = workers.note
    bulletin.highlights = day_highlights(view)[:HIGHLIGHTS_MAX]
    return bulletin


def bulletin_text(bulletin: Bulletin) -> str:
    """The message the groups receive: title, headlines, highlights."""
    lines = [f"【{bulletin.title}】", bulletin.jurisdiction, *bulletin.board.headlines]
    if bulletin.highlights:
        lines.append(_("Highlights of the day:"))
        lines += [f"{n}. {h}" for n, h in enumerate(bulletin.highlights[:10], 1)]
    if bulletin.message:
        lines.append(bulletin.message)
    return "\n".join(line for line in lines if line)


# --- xlsx ---------------------------------------------------------------------------------


def bulletin_xlsx(bulletin: Bulletin) -> bytes:
    """Sheets: the overview (headlines, figures, highlights), by district, by kind."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    bold = Font(bold=True)
    wb = Workbook()
    ws = wb.active
    ws.title = str(_("Overview"))[:31]
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 34
    ws.column_dimensions["C"].width = 22
    ws.append([bulletin.title])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([_("Jurisdiction"), bulletin.jurisdiction])
    if bulletin.message:
        ws.append([bulletin.message])
    ws.append([])
    ws.append([_("Headlines")])
    ws.cell(ws.max_row, 1).font = bold
    for line in bulletin.board.headlines:
        ws.append([line])
    ws.append([])
    ws.append([_("Section"), _("Figure"), _("Value")])
    for cell in ws[ws.max_row]:
        cell.font = bold
    for row in bulletin.figure_rows:
        ws.append(list(row))
    ws.append([])
    ws.append([_("Highlights of the day")])
    ws.cell(ws.max_row, 1).font = bold
    for line in bulletin.highlights or [_("Nothing to note.")]:
        ws.append([line])
    for table in bulletin.tables:
        sheet = wb.create_sheet(str(table.title)[:31])
        sheet.column_dimensions["A"].width = 18
        sheet.append(table.headers)
        for cell in sheet[1]:
            cell.font = bold
        for n, row in enumerate(table.rows, 1):
            sheet.append(
                [v / 100 if v is not None and f == "percent" else v
                 for v, f in zip(row, ["", *table.formats], strict=True)]
            )  # fmt: skip
            for cell, fmt in zip(sheet[sheet.max_row][1:], table.formats, strict=True):
                cell.number_format = {"percent": "0.0%", "money": "#,##0.00"}.get(fmt, "General")
                if table.has_total and n == len(table.rows):
                    cell.font = bold
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
