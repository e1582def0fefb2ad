"""Excel helpers: streaming exports (write-only workbooks keep memory flat)."""

import io

from openpyxl import Workbook
from openpyxl.styles import Font


def rows_to_xlsx(rows, *, title: str = "Sheet1") -> bytes:
    """`rows` is an iterable whose first item is the header row."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=title[:31] or "Sheet1")
    for i, row in enumerate(rows):
        if i == 0:
            from openpyxl.cell import WriteOnlyCell

            header = []
            for value in row:
                cell = WriteOnlyCell(ws, value=str(value))
                cell.font = Font(bold=True)
                header.append(cell)
            ws.append(header)
        else:
            ws.append([_cell(v) for v in row])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _cell(value):
    if value is None or isinstance(value, int | float):
        return value
    text = str(value)
    # A leading =, +, - or @ would be run as a formula by Excel (CSV/formula injection).
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
