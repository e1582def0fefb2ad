"""The downloadable template of the project list: the header row in Chinese (as on the
bureau's sheets), drop-downs for kind, city key and district, and a second sheet that
explains every column and its allowed values."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from fugong.construction.importing.projects import COLUMNS, KIND_LABELS_FOR_TEMPLATE
from fugong.construction.importing.reading import MAX_BYTES, MAX_ROWS

DATA_SHEET = "项目清单"
HELP_SHEET = "填写说明"
LISTS_SHEET = "选项"
TEMPLATE_ROWS = 1000  # rows that get the drop-downs


def _explanations() -> dict[str, tuple[bool, str]]:
    kinds = "、".join(KIND_LABELS_FOR_TEMPLATE)
    enterprise = _(
        "The enterprise's full registered name. An enterprise not yet registered is "
        "registered by the import: then its credit code is required."
    )
    code = _(
        "18 characters (GB 32100). The enterprise is found by this code; when it is left "
        "empty, by its exact name."
    )
    return {
        "name": (
            True,
            _(
                "The project's name. With the district it identifies the project: "
                "a row whose project already exists updates it."
            ),
        ),
        "kind": (
            True,
            _("One of: %(kinds)s (棚户区改造 and 房屋建筑 are accepted too).") % {"kinds": kinds},
        ),
        "is_city_key": (
            False,
            _("是 or 否; empty means 否. City key projects commit to the city department."),
        ),
        "district": (
            True,
            _(
                "A district (or county) within your jurisdiction: its name or "
                "its 6-digit code; see the list below."
            ),
        ),
        "address": (False, _("Where the site is.")),
        "builder": (True, enterprise),
        "builder_code": (False, code),
        "contractor": (False, enterprise),
        "contractor_code": (False, code),
        "supervisor": (False, enterprise),
        "supervisor_code": (False, code),
        "contract_value": (False, _("In 10,000 yuan (万元), a number such as 12000 or 8600.5.")),
        "responsible_person": (
            False,
            _("The project manager (项目经理): the site's responsible person."),
        ),
        "responsible_phone": (False, _("A mainland mobile number of 11 digits.")),
        "target_value": (
            False,
            _("Cumulative output value in 10,000 yuan (万元) due by the target date, e.g. 2000."),
        ),
        "target_date": (
            False,
            _("The date the target is due, e.g. 2020-03-31. Give both target columns or neither."),
        ),
    }


def project_template_xlsx(districts) -> bytes:
    """The template; `districts` (Regions) are the ones the user may import into."""
    districts = list(districts)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = DATA_SHEET
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    explanations = _explanations()
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index, value=column.label)
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        width = 24 if column.key.endswith("_code") else max(12, len(column.label) * 2 + 2)
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"

    lists = workbook.create_sheet(LISTS_SHEET)
    for row, label in enumerate(KIND_LABELS_FOR_TEMPLATE, start=1):
        lists.cell(row=row, column=1, value=label)
    lists.cell(row=1, column=2, value="是")
    lists.cell(row=2, column=2, value="否")
    for row, district in enumerate(districts, start=1):
        lists.cell(row=row, column=3, value=district.name)
    lists.sheet_state = "hidden"

    def drop_down(key: str, formula: str) -> None:
        index = next(i for i, c in enumerate(COLUMNS, start=1) if c.key == key)
        letter = get_column_letter(index)
        validation = DataValidation(type="list", formula1=formula, allow_blank=True)
        validation.showErrorMessage = False  # a code typed by hand is fine too
        validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
        sheet.add_data_validation(validation)

    drop_down("kind", f"'{LISTS_SHEET}'!$A$1:$A${len(KIND_LABELS_FOR_TEMPLATE)}")
    drop_down("is_city_key", f"'{LISTS_SHEET}'!$B$1:$B$2")
    if districts:
        drop_down("district", f"'{LISTS_SHEET}'!$C$1:$C${len(districts)}")

    help_sheet = workbook.create_sheet(HELP_SHEET)
    help_sheet.append([_("Column"), _("Required"), _("What to enter")])
    for cell in help_sheet[1]:
        cell.font = bold
        cell.fill = fill
    for column in COLUMNS:
        required, text = explanations[column.key]
        help_sheet.append([column.label, _("yes") if required else "", text])
    help_sheet.append([])
    help_sheet.append(
        [
            _("Limits"),
            "",
            _(
                "At most %(rows)s rows and %(mb)s MB per file. Headers may use common "
                "synonyms (工程名称, 区县, 施工单位/总包单位, 项目经理, 联系电话, 合同价…) and "
                "a unit in parentheses. Nothing is saved until every row is correct."
            )
            % {"rows": f"{MAX_ROWS:,}", "mb": MAX_BYTES // 1024 // 1024},
        ]
    )
    help_sheet.append([])
    help_sheet.append([_("District"), _("Code"), ""])
    for cell in help_sheet[help_sheet.max_row]:
        cell.font = bold
    for district in districts:
        help_sheet.append([district.name, district.code, ""])
    help_sheet.column_dimensions["A"].width = 28
    help_sheet.column_dimensions["B"].width = 12
    help_sheet.column_dimensions["C"].width = 90
    for row in help_sheet.iter_rows(min_row=2):
        row[2].alignment = Alignment(wrap_text=True, vertical="top")

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
