"""The gate's poster (门岗扫码登记): A4, Chinese, a large QR code that opens the gate's
no-login page. Uses the platform's CJK font subset (see construction.pdf)."""

from __future__ import annotations

import io

import segno
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from fugong.construction.pdf import FONT_FAMILY, add_font, printable


def poster_pdf(checkpoint, *, scan_url: str) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        return _render(checkpoint, scan_url=scan_url)


def _line(pdf, text, size, height, color=0):
    pdf.set_font(FONT_FAMILY, size=size)
    pdf.set_text_color(color)
    pdf.multi_cell(pdf.epw, height, printable(text), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _render(checkpoint, *, scan_url: str) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_title(printable(_("Gate poster")))
    pdf.set_creator("Fugong")
    pdf.set_margins(18, 18, 18)
    pdf.set_auto_page_break(False)
    add_font(pdf)
    pdf.add_page()
    compound = checkpoint.compound
    _line(pdf, compound.parent.name if compound.parent_id else "", 14, 8, 90)
    _line(pdf, compound.name, 30, 15)
    _line(pdf, checkpoint.name, 20, 11)
    pdf.ln(4)
    _line(pdf, _("Scan to register going in or out"), 22, 12)
    pdf.ln(4)
    size = 120
    qr = io.BytesIO()
    segno.make(scan_url, error="m").save(qr, kind="png", scale=10, border=2)
    qr.seek(0)
    pdf.image(qr, x=pdf.l_margin + (pdf.epw - size) / 2, y=pdf.get_y(), w=size, h=size)
    pdf.set_y(pdf.get_y() + size + 4)
    _line(
        pdf,
        _(
            "The first time, enter your name, phone and room; after that one tap records "
            "in or out. Tell the volunteer your temperature."
        ),
        13,
        7,
    )
    pdf.ln(3)
    _line(
        pdf,
        _("Fever (≥ %(t)s °C) or under quarantine: tell the gate volunteer at once.")
        % {"t": _threshold()},
        12,
        7,
        90,
    )
    return bytes(pdf.output())


def _threshold():
    from fugong.gates.services.passages import fever_threshold

    return fever_threshold()
