"""The downloadable survey template: the Chinese headers communities use, drop-downs for
the choices, the text format on the identity and phone columns (so that Excel does not
turn 18 digits into 4.10802E+17), and a sheet that explains every column."""

from __future__ import annotations

import io

from django.db.models import Q
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from fugong.community.importing.columns import COLUMNS
from fugong.community.importing.residents import MAX_BYTES, MAX_ROWS
from fugong.regions.choices import RegionLevel
from fugong.regions.models import Region

DATA_SHEET = "居民摸排"
HELP_SHEET = "填写说明"
TEMPLATE_ROWS = 2000
TEXT_COLUMNS = ("id_number", "phone", "unit", "room")
CHOICES = {
    "residency": "常住,租户",
    "health_status": "健康,发热,医学观察,住院,康复",
    "elderly_alone": "是,否",
    "disabled": "是,否",
    "chronic_illness": "是,否",
    "pregnant": "是,否",
}


def _explanations() -> dict[str, str]:
    return {
        "name": _("Required. The person's name."),
        "id_number": _(
            "18 characters. The person is recognised by it: a person already registered "
            "in your area is updated, not registered twice."
        ),
        "phone": _("A mainland mobile number of 11 digits."),
        "compound": _("The compound; needed when several compounds have a building of that name."),
        "building": _("Required. 1号楼, 1栋, 1幢 or 1 are all understood; see the list below."),
        "unit": _("2, 2单元 or 二单元."),
        "room": _("Required. 301 or 301室."),
        "residency": _("常住 (permanent) or 租户 (tenant)."),
        "returned_on": _("The day the person came back to the city, e.g. 2020-01-25."),
        "returned_from": _("Where the person came back from."),
        "health_status": _("健康, 发热, 医学观察, 住院 or 康复."),
        "elderly_alone": _("是 or 否."),
        "disabled": _("是 or 否."),
        "chronic_illness": _("是 or 否."),
        "pregnant": _("是 or 否."),
        "vulnerable": _("Free text: 独居老人, 残疾, 慢性病, 孕妇, 留守儿童… set the flags."),
        "note": _("Anything else."),
    }


def resident_template_xlsx(areas) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = DATA_SHEET
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index, value=column.label)
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(horizontal="center")
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = 22 if column.key == "id_number" else 12
        if column.key in TEXT_COLUMNS:
            for row in range(2, TEMPLATE_ROWS + 2):
                sheet.cell(row=row, column=index).number_format = "@"
        if column.key == "returned_on":
            for row in range(2, TEMPLATE_ROWS + 2):
                sheet.cell(row=row, column=index).number_format = "yyyy-mm-dd"
        if column.key in CHOICES:
            validation = DataValidation(
                type="list", formula1=f'"{CHOICES[column.key]}"', allow_blank=True
            )
            validation.showErrorMessage = False
            validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
            sheet.add_data_validation(validation)
    sheet.freeze_panes = "A2"

    help_sheet = workbook.create_sheet(HELP_SHEET)
    help_sheet.append([_("Column"), _("What to enter")])
    for cell in help_sheet[1]:
        cell.font = bold
        cell.fill = fill
    explanations = _explanations()
    for column in COLUMNS:
        help_sheet.append([column.label, explanations[column.key]])
    help_sheet.append([])
    help_sheet.append(
        [
            _("Limits"),
            _(
                "At most %(rows)s rows and %(mb)s MB per file; values only, no formulas. "
                "Nothing is saved until every row is correct."
            )
            % {"rows": f"{MAX_ROWS:,}", "mb": MAX_BYTES // 1024 // 1024},
        ]
    )
    help_sheet.append([])
    help_sheet.append([_("Compound"), _("Buildings")])
    for cell in help_sheet[help_sheet.max_row]:
        cell.font = bold
    paths = sorted(a.path for a in areas)
    tops = [p for i, p in enumerate(paths) if not any(p.startswith(q) for q in paths[:i])]
    within = Q(pk__in=[])
    for path in tops:
        within |= Q(path__startswith=path)
    buildings = Region.objects.filter(within, level=RegionLevel.BUILDING).select_related("parent")
    by_compound: dict[str, list[str]] = {}
    for building in buildings.order_by("path")[:5000]:
        by_compound.setdefault(building.parent.name, []).append(building.name)
    for compound, names in by_compound.items():
        help_sheet.append([compound, "、".join(names)])
    help_sheet.column_dimensions["A"].width = 20
    help_sheet.column_dimensions["B"].width = 90
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
