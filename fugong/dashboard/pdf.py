"""The daily bulletin as PDF (A4 landscape), in Chinese: fpdf2 with the CJK font subset
the platform ships (see `construction/pdf.py`); a character the subset lacks prints □."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from fugong.construction.pdf import FONT_FAMILY, add_font, printable


class BulletinPDF(FPDF):
    footer_text = ""

    def footer(self):
        self.set_y(-12)
        self.set_font(FONT_FAMILY, size=8)
        self.set_text_color(110)
        self.cell(0, 5, printable(self.footer_text), align="L")
        self.cell(0, 5, f"{self.page_no()}/{{nb}}", align="R")


def _number(value, fmt: str) -> str:
    if value is None:
        return "—"
    if fmt == "percent":
        return f"{value:.1f}%"
    if fmt == "money":
        return f"{value:,.2f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def bulletin_pdf(bulletin) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        return _render(bulletin)


def _heading(pdf: FPDF, text: str) -> None:
    pdf.ln(2)
    pdf.set_font(FONT_FAMILY, "B", 12)
    pdf.cell(0, 8, printable(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT_FAMILY, size=9)


def _render(bulletin) -> bytes:
    pdf = BulletinPDF(orientation="L", format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    add_font(pdf)
    pdf.footer_text = _("Generated %(time)s") % {
        "time": timezone.localtime().strftime("%Y-%m-%d %H:%M")
    }
    pdf.alias_nb_pages()
    pdf.add_page()
    pdf.set_font(FONT_FAMILY, "B", 16)
    pdf.multi_cell(0, 10, printable(bulletin.title), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT_FAMILY, size=10)
    pdf.cell(0, 6, printable(bulletin.jurisdiction), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if bulletin.message:
        pdf.set_text_color(160, 60, 0)
        pdf.multi_cell(0, 6, printable(bulletin.message), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_text_color(0)
    _heading(pdf, _("Headlines"))
    for line in bulletin.board.headlines:
        pdf.multi_cell(0, 6, printable(f"- {line}"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    rows = bulletin.figure_rows
    if rows:
        _heading(pdf, _("Key figures"))
        with pdf.table(col_widths=(40, 80, 40), text_align=("LEFT", "LEFT", "RIGHT")) as table:
            header = table.row()
            for text in (_("Section"), _("Figure"), _("Value")):
                header.cell(printable(text))
            for section, label, value in rows:
                row = table.row()
                for text in (section, label, value):
                    row.cell(printable(text))
    for t in bulletin.tables:
        _heading(pdf, t.title)
        pdf.set_font(FONT_FAMILY, size=7)
        widths = (24, *([20] * (len(t.headers) - 1)))
        with pdf.table(col_widths=widths, text_align="RIGHT", first_row_as_headings=True) as table:
            header = table.row()
            for text in t.headers:
                header.cell(printable(text))
            for row_values in t.rows:
                row = table.row()
                row.cell(printable(row_values[0]), align="LEFT")
                for value, fmt in zip(row_values[1:], t.formats, strict=True):
                    row.cell(_number(value, fmt))
        pdf.set_font(FONT_FAMILY, size=9)
    _heading(pdf, _("Highlights of the day"))
    for n, line in enumerate(bulletin.highlights or [_("Nothing to note.")], 1):
        pdf.multi_cell(0, 6, printable(f"{n}. {line}"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())
