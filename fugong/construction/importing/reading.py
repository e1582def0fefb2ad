"""Reading the sheets people already keep: an .xlsx opened read-only, its header row found
and mapped through synonyms, its cells turned into typed values with clear errors.

Headers are compared after NFKC (full-width to half-width), with every space removed, a
trailing unit in parentheses split off (`合同金额（万元）` → `合同金额`, unit `万元`) and
a leading or trailing required-marker `*` dropped.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fugong.common.errors import FugongError

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5_000
# A 5 MB zip may unpack to gigabytes (a "zip bomb"); real sheets of 5,000 rows are ~10 MB.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
HEADER_SEARCH_ROWS = 10
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportFileError(FugongError):
    """The file itself cannot be read (wrong type, too big, too many rows)."""

    code = "import_file"
    default_message = gettext_lazy("This file cannot be imported.")


def compact(value) -> str:
    """Full-width to half-width (NFKC), every kind of whitespace removed."""
    if value is None:
        return ""
    return "".join(unicodedata.normalize("NFKC", str(value)).split())


def clean_text(value) -> str:
    """A cell as text: NFKC, surrounding spaces gone, inner runs of spaces kept as one."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(unicodedata.normalize("NFKC", str(value)).split())


_UNIT_RE = re.compile(r"^(?P<name>.+?)\((?P<unit>[^()]*)\)$")


def split_header(value) -> tuple[str, str]:
    """(`key`, `unit`) of a header cell: `合同金额（万元）` → (`合同金额`, `万元`)."""
    text = compact(value).strip("*")
    match = _UNIT_RE.match(text)
    if match:
        return match["name"].strip("*"), match["unit"]
    return text, ""


def check_upload(name: str, size: int) -> None:
    """Refuse by name and size before anything is read."""
    if not str(name).lower().endswith(".xlsx"):
        if str(name).lower().endswith((".xls", ".et", ".csv")):
            raise ImportFileError(
                _("Save the sheet as an Excel workbook (.xlsx) first, then upload it.")
            )
        raise ImportFileError(_("Only Excel workbooks (.xlsx) can be imported."))
    if size > MAX_BYTES:
        raise ImportFileError(
            _("The file is %(size)s MB; at most %(limit)s MB can be imported at once.")
            % {"size": f"{size / 1024 / 1024:.1f}", "limit": MAX_BYTES // 1024 // 1024}
        )


def check_signature(uploaded) -> None:
    """An .xlsx is a zip archive: refuse anything else before it is stored."""
    head = uploaded.read(4)
    uploaded.seek(0)
    if head != b"PK\x03\x04":
        raise ImportFileError(_("This is not an Excel workbook (.xlsx)."))


def open_rows(source) -> Iterator[tuple[int, tuple]]:
    """(row number, cell values) of the first sheet, from a path or a binary file."""
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(source) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ImportFileError(_("This is not an Excel workbook (.xlsx).")) from None
    if "[Content_Types].xml" not in names:
        raise ImportFileError(_("This is not an Excel workbook (.xlsx)."))
    if unpacked > MAX_UNPACKED_BYTES:
        raise ImportFileError(_("The workbook is too large once unpacked."))
    if hasattr(source, "seek"):
        source.seek(0)
    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on damaged or foreign files
        raise ImportFileError(_("The workbook could not be read; is it damaged?")) from None
    try:
        if not workbook.worksheets:
            raise ImportFileError(_("The workbook has no sheet."))
        sheet = workbook.worksheets[0]
        rows = enumerate(sheet.iter_rows(values_only=True), start=1)
        while True:
            try:
                number, values = next(rows)
            except StopIteration:
                return
            except Exception:  # a damaged sheet fails half-way through
                raise ImportFileError(_("The workbook could not be read; is it damaged?")) from None
            yield number, values
    finally:
        workbook.close()


@dataclass(frozen=True)
class Column:
    """One column the import understands."""

    key: str
    label: str  # the header of the template (Chinese, as on the bureau's sheets)
    synonyms: tuple[str, ...] = ()
    required: bool = False

    def names(self) -> set[str]:
        return {split_header(n)[0] for n in (self.label, *self.synonyms)}


@dataclass
class Header:
    row: int
    # key -> (0-based index, header text as written, unit)
    columns: dict[str, tuple[int, str, str]]
    ignored: list[str]
    duplicates: list[str]


def find_header(rows: list[tuple[int, tuple]], columns: tuple[Column, ...]) -> Header | None:
    """The first row among the first few that names the most known columns (at least two)."""
    lookup = {name: column.key for column in columns for name in column.names()}
    best: Header | None = None
    best_hits = 1
    for number, values in rows[:HEADER_SEARCH_ROWS]:
        found: dict[str, tuple[int, str, str]] = {}
        ignored, duplicates = [], []
        for index, value in enumerate(values):
            # Shown in errors as the person wrote it (full-width brackets and all).
            text = " ".join(str(value).split()) if value is not None else ""
            if not text:
                continue
            key = lookup.get(split_header(text)[0])
            if key is None:
                ignored.append(text)
            elif key in found:
                duplicates.append(text)
            else:
                found[key] = (index, text, split_header(text)[1])
        if len(found) > best_hits:
            best, best_hits = Header(number, found, ignored, duplicates), len(found)
    return best


# --- cell values ----------------------------------------------------------------------------


class CellError(ValueError):
    """A cell that cannot be read as what its column needs; the message is translated."""


TRUE_WORDS = {"是", "y", "yes", "true", "1", "√", "✓", "✔", "对", "重点", "市重点"}
FALSE_WORDS = {"否", "n", "no", "false", "0", "×", "✗", "✘", "非重点", "不是"}


def parse_bool(value) -> bool | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    text = compact(value).lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise CellError(_("Enter 是 or 否 (yes or no)."))


_AMOUNT_SUFFIXES = ("万元", "万", "元")


def parse_amount(value, *, unit: str = "", max_digits: int = 14, places: int = 2):
    """An amount in 10,000 yuan (万元). A header unit of 元 divides by 10,000."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise CellError(_("Enter an amount in 10,000 yuan (万元), such as 2000 or 1250.5."))
    if isinstance(value, int | float | Decimal):
        amount = Decimal(str(value))
    else:
        text = compact(value).replace(",", "")
        cell_unit = next((s for s in _AMOUNT_SUFFIXES if text.endswith(s)), "")
        text = text[: len(text) - len(cell_unit)] if cell_unit else text
        unit = cell_unit or unit
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise CellError(
                _("Enter an amount in 10,000 yuan (万元), such as 2000 or 1250.5.")
            ) from None
    if not amount.is_finite():
        raise CellError(_("Enter an amount in 10,000 yuan (万元), such as 2000 or 1250.5."))
    if compact(unit) == "元":
        amount = amount / 10_000
    if amount < 0:
        raise CellError(_("An amount cannot be negative."))
    amount = amount.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    if amount >= Decimal(10) ** (max_digits - places):
        raise CellError(_("This amount is too large."))
    return amount


_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")
_EXCEL_EPOCH = datetime.date(1899, 12, 30)


def parse_date(value) -> datetime.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 20000 < value < 80000:
        return _EXCEL_EPOCH + datetime.timedelta(days=int(value))  # a serial Excel left as text
    # "2020-03-31 00:00:00" or "2020-03-31T00:00": the date part only.
    text = compact(clean_text(value).split(" ")[0].split("T")[0])
    for fmt in _DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise CellError(_("Enter a date such as 2020-03-31."))


def parse_phone_text(value) -> str:
    """A phone as typed (Excel often stores 13912345678 as a number)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return compact(value)
