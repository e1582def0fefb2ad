"""The printable vehicle pass (车辆通行证): A5, Chinese, with the QR code that opens the
public check page. Uses the platform's CJK font subset (see construction.pdf)."""

from __future__ import annotations

import io

import segno
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from fugong.common.pii.display import personal_display
from fugong.construction.pdf import FONT_FAMILY, add_font, printable


def pass_pdf(vehicle_pass, *, check_url: str, viewer=None) -> bytes:
    """The pass as a PDF; the driver's phone is masked unless `viewer` may see it."""
    with translation.override(settings.LANGUAGE_CODE):
        return _render(vehicle_pass, check_url=check_url, viewer=viewer)


def _render(vehicle_pass, *, check_url: str, viewer) -> bytes:
    pdf = FPDF(format="A5")
    pdf.set_title(printable(_("Vehicle pass")))
    pdf.set_creator("Fugong")
    pdf.set_margins(12, 12, 12)
    pdf.set_auto_page_break(False)
    add_font(pdf)
    pdf.add_page()
    width = pdf.epw

    pdf.set_font(FONT_FAMILY, size=18)
    pdf.cell(
        width, 11, printable(_("Vehicle pass")), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT
    )
    pdf.set_font(FONT_FAMILY, size=9)
    pdf.set_text_color(90)
    pdf.cell(
        width,
        5,
        printable(
            _("No. %(ref)s · for epidemic-time transport to the site")
            % {"ref": vehicle_pass.reference}
        ),
        align="C",
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.set_text_color(0)
    pdf.ln(3)
    pdf.set_font(FONT_FAMILY, size=28)
    pdf.cell(
        width,
        16,
        printable(vehicle_pass.plate_display),
        align="C",
        border=1,
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.ln(3)

    facts = [
        (_("Project"), vehicle_pass.project.name),
        (_("Enterprise"), vehicle_pass.enterprise),
        (_("Driver"), vehicle_pass.driver_name),
        (_("Phone"), personal_display(vehicle_pass.driver_phone, viewer, "mobile")),
        (_("Route"), vehicle_pass.route),
        (_("Purpose"), vehicle_pass.purpose),
        (
            _("Validity period"),
            f"{vehicle_pass.valid_from:%Y-%m-%d} — {vehicle_pass.valid_until:%Y-%m-%d}",
        ),
        (_("Status"), vehicle_pass.get_status_display()),
    ]
    if vehicle_pass.decided_at:
        facts.append(
            (
                _("Approved at"),
                timezone.localtime(vehicle_pass.decided_at).strftime("%Y-%m-%d %H:%M"),
            )
        )
    pdf.set_font(FONT_FAMILY, size=10)
    with pdf.table(
        col_widths=(28, 96),
        first_row_as_headings=False,
        line_height=6,
        borders_layout="HORIZONTAL_LINES",
    ) as table:
        for label, value in facts:
            row = table.row()
            row.cell(printable(label))
            row.cell(printable(value))
    pdf.ln(4)

    size = 36
    qr = io.BytesIO()
    segno.make(check_url, error="m").save(qr, kind="png", scale=6, border=2)
    qr.seek(0)
    x = pdf.l_margin + (width - size) / 2
    pdf.image(qr, x=x, y=pdf.get_y(), w=size, h=size)
    pdf.set_y(pdf.get_y() + size + 1)
    pdf.set_font(FONT_FAMILY, size=8)
    pdf.cell(
        width,
        5,
        printable(_("Scan to check whether this pass is valid")),
        align="C",
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    return bytes(pdf.output())
