"""The first sheet of an .xlsx, read with python-calamine (Rust), for 100,000-row surveys.

calamine reads a sheet at several million cells a second, but it reads the whole sheet
at once (no streaming) and gives a formula's cached value without saying it was one. So
before calamine sees the file, one pass over the archive (zipfile, C speed) refuses:
- anything that is not an .xlsx (zip with [Content_Types].xml and a worksheet);
- more unpacked bytes than MAX_UNPACKED_BYTES, counted while unpacking every member, so
  a zip bomb stops early whatever its directory claims, and calamine never unpacks one;
- formulas (`<f>`) in the sheet read: a sheet of values only; a formula may reference
  whole columns or other workbooks and its cached value may be stale or absent.

The sheet in memory is bounded by MAX_UNPACKED_BYTES; rows are handed out one by one as
Python lists. Cells come as calamine gives them, with two changes: a whole number stored
as a float is an int (302.0 → 302, below 10^15; an 18-digit identity number stored as a
number stays a float, so the import can say its digits were cut), and a row without any
value is skipped. Empty cells are "" (error cells such as #N/A too: calamine gives no
value for them).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator

from django.utils.translation import gettext as _
from python_calamine import CalamineError, CalamineWorkbook

from fugong.construction.importing.reading import ImportFileError

MAX_UNPACKED_BYTES = 600 * 1024 * 1024
CHUNK = 1024 * 1024

# A formula element, with or without a namespace prefix: <f>, <f t="shared" …/>, <x:f>.
FORMULA_RE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")
ROW_NUMBER_RE = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?row\b[^>]*?\br="(\d+)"')
SHEET_RE = re.compile(r"<(?:\w+:)?sheet\b[^>]*?\br:id=\"([^\"]+)\"", re.S)
REL_RE = re.compile(r"<Relationship\b([^>]*)/?>", re.S)
TARGET_RE = re.compile(r'Target="([^"]+)"')
WHOLE = 10**15


class FormulaFound(ImportFileError):
    code = "import_formula"


def _not_xlsx() -> ImportFileError:
    return ImportFileError(_("This is not an Excel workbook (.xlsx)."))


def _damaged() -> ImportFileError:
    return ImportFileError(_("The workbook could not be read; is it damaged?"))


def _too_large() -> ImportFileError:
    return ImportFileError(_("The workbook is too large once unpacked."))


class _Counted:
    """Counts the bytes unpacked from the archive, and refuses past the limit."""

    def __init__(self):
        self.total = 0

    def add(self, n: int) -> None:
        self.total += n
        if self.total > MAX_UNPACKED_BYTES:
            raise _too_large()


def _read_small(archive, name: str, counter: _Counted) -> str:
    parts = []
    with archive.open(name) as stream:
        while chunk := stream.read(CHUNK):
            counter.add(len(chunk))
            parts.append(chunk)
    return b"".join(parts).decode("utf-8", errors="replace")


def _first_sheet(archive, names: set[str], counter: _Counted) -> str:
    """The member of the workbook's first sheet, the one calamine's index 0 reads."""
    default = "xl/worksheets/sheet1.xml"
    if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
        return default
    match = SHEET_RE.search(_read_small(archive, "xl/workbook.xml", counter))
    if not match:
        return default
    for attrs in REL_RE.findall(_read_small(archive, "xl/_rels/workbook.xml.rels", counter)):
        if f'Id="{match[1]}"' in attrs:
            target = TARGET_RE.search(attrs)
            if target:
                path = target[1].lstrip("/")
                return path if path.startswith("xl/") else f"xl/{path}"
    return default


def _formula_at(text: bytes) -> int:
    """Where the first formula element starts in `text`, or -1. `bytes.find` for "<f"
    and ":f" (C speed; rare in a sheet of values), the regex only where one is found."""
    first = -1
    for needle in (b"<f", b":f"):
        start = 0
        while (found := text.find(needle, start)) >= 0:
            start = found + 2
            if needle == b":f":
                found = text.rfind(b"<", max(0, found - 64), found)
                if found < 0:
                    continue
            if FORMULA_RE.match(text, found):
                if first < 0 or found < first:
                    first = found
                break
    return first


def _row_before(text: bytes, position: int) -> int | None:
    found = text.rfind(b"row ", 0, position)
    while found >= 0:
        match = ROW_NUMBER_RE.match(text, max(0, text.rfind(b"<", 0, found + 1)))
        if match:
            return int(match[1])
        found = text.rfind(b"row ", 0, found)
    return None


def _scan_sheet(archive, name: str, counter: _Counted) -> None:
    """Unpack the sheet in pieces: count its bytes, refuse at the first formula."""
    tail = b""
    last_row = 0
    with archive.open(name) as stream:
        while chunk := stream.read(CHUNK):
            counter.add(len(chunk))
            text = tail + chunk
            found = _formula_at(text)
            if found >= 0:
                row = _row_before(text, found)
                raise FormulaFound(
                    _(
                        "The sheet contains formulas (first in row %(row)d). Copy the cells "
                        "and paste them as values only, then upload again."
                    )
                    % {"row": row if row is not None else last_row}
                )
            row = _row_before(text, len(text))
            if row is not None:
                last_row = row
            tail = text[-64:]  # a tag cut in two by the piece boundary


def _check_archive(source) -> None:
    counter = _Counted()
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _not_xlsx() from None
    with archive:
        names = set(archive.namelist())
        if "[Content_Types].xml" not in names:
            raise _not_xlsx()
        try:
            sheet = _first_sheet(archive, names, counter)
            if sheet not in names:
                raise ImportFileError(_("The workbook has no sheet."))
            _scan_sheet(archive, sheet, counter)
            # What calamine unpacks besides the sheet (shared strings, styles…), counted
            # too; members it never reads (pictures) cost little to unpack once.
            for info in archive.infolist():
                if info.filename != sheet and not info.is_dir():
                    with archive.open(info) as stream:
                        while chunk := stream.read(CHUNK):
                            counter.add(len(chunk))
        # NotImplementedError: a compression method zipfile does not know.
        except (
            zipfile.BadZipFile,
            zipfile.LargeZipFile,
            EOFError,
            OSError,
            ValueError,
            NotImplementedError,
        ):
            raise _damaged() from None
    if hasattr(source, "seek"):
        source.seek(0)


def iter_rows(source) -> Iterator[tuple[int, list]]:
    """(row number, cell values by column) for the first sheet's rows that hold a value.
    `source` is a path or a binary file. Column positions are relative to the sheet's
    first used column: only their order matters (the header row maps them)."""
    _check_archive(source)
    try:
        if hasattr(source, "read"):
            workbook = CalamineWorkbook.from_filelike(source)
        else:
            workbook = CalamineWorkbook.from_path(str(source))
    except CalamineError:
        raise _damaged() from None
    except Exception:  # a damaged file may fail in other ways inside the Rust library
        raise _damaged() from None
    with workbook:
        try:
            sheet = workbook.get_sheet_by_index(0)
        except Exception:
            raise _damaged() from None
        # calamine yields every row from the sheet's first, empty ones included, so the
        # position is the row number.
        for number, values in enumerate(sheet.iter_rows(), start=1):
            if not any(values) and all(v == "" for v in values):
                continue
            if float in map(type, values):
                values = [
                    int(v) if type(v) is float and v.is_integer() and -WHOLE < v < WHOLE else v
                    for v in values
                ]
            yield number, values
