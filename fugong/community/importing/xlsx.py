"""A streaming reader of the first sheet of an .xlsx, fast enough for 100,000-row surveys.

openpyxl's read-only mode reads ~50,000 cells a second here, so a 100,000-row survey
would take half a minute; this reads the sheet's XML in 1 MB pieces with a few compiled
patterns (an .xlsx sheet is machine-written XML of a small, fixed shape) at over a million
cells a second, with memory bounded by the shared strings and one piece.

It refuses what should not be imported, before anything is planned:
- anything that is not an .xlsx (zip with [Content_Types].xml and a worksheet);
- more unpacked bytes than MAX_UNPACKED_BYTES, counted while reading, so a zip bomb
  stops early whatever its directory claims;
- formulas (`<f>`): a sheet of values only; a formula may reference whole columns or other
  workbooks and its cached value may be stale or absent.
"""

from __future__ import annotations

import codecs
import html
import re
import zipfile
from collections.abc import Iterator

from django.utils.translation import gettext as _

from fugong.construction.importing.reading import ImportFileError

MAX_UNPACKED_BYTES = 600 * 1024 * 1024
MAX_SHARED_STRINGS_BYTES = 200 * 1024 * 1024
CHUNK = 1024 * 1024
MAX_PENDING = 32 * 1024 * 1024  # one row larger than this is not a survey

_P = r"(?:[A-Za-z_][\w.-]*:)?"  # an optional namespace prefix (x:c)
ROW_RE = re.compile(rf"<{_P}row\b([^>]*?)(?:/>|>(.*?)</{_P}row>)", re.S)
CELL_RE = re.compile(rf"<{_P}c\b([^>]*?)(?:/>|>(.*?)</{_P}c>)", re.S)
V_RE = re.compile(rf"<{_P}v>(.*?)</{_P}v>", re.S)
T_RE = re.compile(rf"<{_P}t(?:\s[^>]*)?>(.*?)</{_P}t>", re.S)
RPH_RE = re.compile(rf"<{_P}rPh\b.*?</{_P}rPh>", re.S)
SI_RE = re.compile(rf"<{_P}si>(.*?)</{_P}si>|<{_P}si/>", re.S)
ATTR_R_RE = re.compile(r'\br="([A-Z]+)?(\d*)"')
ATTR_T_RE = re.compile(r'\bt="(\w+)"')
SHEET_RE = re.compile(r"<(?:\w+:)?sheet\b[^>]*?\br:id=\"([^\"]+)\"", re.S)
REL_RE = re.compile(r"<Relationship\b([^>]*)/?>", re.S)

# The shape Excel, WPS and openpyxl write: the reference first, a value or an inline string.
FAST_CELL_RE = re.compile(
    r'<c r="([A-Z]{1,3})(\d+)"([^>]*?)(?:/>|>(?:<v>([^<]*)</v>|<is><t(?: [^>]*)?>([^<]*)</t></is>)</c>)'
)

_columns: dict[str, int] = {}


class FormulaFound(ImportFileError):
    code = "import_formula"


def column_index(letters: str) -> int:
    index = _columns.get(letters)
    if index is None:
        index = 0
        for ch in letters:
            index = index * 26 + (ord(ch) - 64)
        index -= 1
        _columns[letters] = index
    return index


def _text(raw: str) -> str:
    return html.unescape(raw) if "&" in raw else raw


class _Counted:
    """Counts the bytes unpacked from the archive, and refuses past the limit."""

    def __init__(self):
        self.total = 0

    def add(self, n: int) -> None:
        self.total += n
        if self.total > MAX_UNPACKED_BYTES:
            raise ImportFileError(_("The workbook is too large once unpacked."))


def _read_member(archive, name: str, counter: _Counted, limit: int) -> str:
    parts, size = [], 0
    with archive.open(name) as stream:
        while chunk := stream.read(CHUNK):
            size += len(chunk)
            counter.add(len(chunk))
            if size > limit:
                raise ImportFileError(_("The workbook is too large once unpacked."))
            parts.append(chunk)
    return b"".join(parts).decode("utf-8", errors="replace")


def _first_sheet(archive, names: set[str], counter: _Counted) -> str:
    default = "xl/worksheets/sheet1.xml"
    if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
        return default
    workbook = _read_member(archive, "xl/workbook.xml", counter, 10 * 1024 * 1024)
    rels = _read_member(archive, "xl/_rels/workbook.xml.rels", counter, 10 * 1024 * 1024)
    match = SHEET_RE.search(workbook)
    if not match:
        return default
    for attrs in REL_RE.findall(rels):
        if f'Id="{match[1]}"' in attrs:
            target = re.search(r'Target="([^"]+)"', attrs)
            if target:
                path = target[1].lstrip("/")
                return path if path.startswith("xl/") else f"xl/{path}"
    return default


def _shared_strings(archive, names: set[str], counter: _Counted) -> list[str]:
    if "xl/sharedStrings.xml" not in names:
        return []
    xml = _read_member(archive, "xl/sharedStrings.xml", counter, MAX_SHARED_STRINGS_BYTES)
    strings = []
    for match in SI_RE.finditer(xml):
        body = match[1] or ""
        if "<rPh" in body or "rPh>" in body:
            body = RPH_RE.sub("", body)
        strings.append(_text("".join(T_RE.findall(body))))
    return strings


def _number(raw: str):
    if raw.isdigit() and len(raw) <= 15:
        return int(raw)
    try:
        value = float(raw)
    except ValueError:
        return raw
    return int(value) if value.is_integer() and abs(value) < 1e15 else value


def _cells(body: str, shared: list[str], row_number: int) -> list:
    values: list = []
    position = 0
    for attrs, content in CELL_RE.findall(body):
        ref = ATTR_R_RE.search(attrs)
        index = column_index(ref[1]) if ref and ref[1] else position
        position = index + 1
        if not content:
            continue
        if "<f" in content:
            raise FormulaFound(
                _(
                    "The sheet contains formulas (first in row %(row)d). Copy the cells and "
                    "paste them as values only, then upload again."
                )
                % {"row": row_number}
            )
        kind = ATTR_T_RE.search(attrs)
        kind = kind[1] if kind else "n"
        if kind == "inlineStr":
            value = _text("".join(T_RE.findall(RPH_RE.sub("", content))))
        else:
            found = V_RE.search(content)
            if found is None:
                continue
            raw = found[1]
            if kind == "s":
                try:
                    value = shared[int(raw)]
                except (ValueError, IndexError):
                    raise ImportFileError(
                        _("The workbook could not be read; is it damaged?")
                    ) from None
            elif kind in ("str", "d"):
                value = _text(raw)
            elif kind == "b":
                value = raw.strip() == "1"
            elif kind == "e":
                value = _text(raw)  # "#N/A", "#DIV/0!": shown to the person as written
            else:
                value = _number(raw.strip())
        if index >= len(values):
            values.extend([None] * (index + 1 - len(values)))
        values[index] = value
    return values


def iter_rows(source) -> Iterator[tuple[int, list]]:
    """(row number, cell values by column index) for the first sheet's rows that hold a
    cell. `source` is a path or a binary file."""
    counter = _Counted()
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ImportFileError(_("This is not an Excel workbook (.xlsx).")) from None
    with archive:
        names = set(archive.namelist())
        if "[Content_Types].xml" not in names:
            raise ImportFileError(_("This is not an Excel workbook (.xlsx)."))
        try:
            sheet = _first_sheet(archive, names, counter)
            if sheet not in names:
                raise ImportFileError(_("The workbook has no sheet."))
            shared = _shared_strings(archive, names, counter)
            yield from _sheet_rows(archive, sheet, shared, counter)
        except (zipfile.BadZipFile, EOFError, OSError, UnicodeDecodeError):
            raise ImportFileError(_("The workbook could not be read; is it damaged?")) from None


def _sheet_rows(archive, sheet: str, shared: list[str], counter: _Counted):
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    pending = ""
    number = 0
    with archive.open(sheet) as stream:
        while True:
            chunk = stream.read(CHUNK)
            counter.add(len(chunk))
            pending += decoder.decode(chunk, final=not chunk)
            if chunk:
                cut = pending.rfind("row>")
                if cut < 0:
                    if len(pending) > MAX_PENDING:
                        raise ImportFileError(_("The workbook could not be read; is it damaged?"))
                    continue
                cut += 4
                text, pending = pending[:cut], pending[cut:]
            else:
                text, pending = pending, ""
            fast = _fast_rows(text, shared)
            if fast is not None:
                yield from fast
            else:
                for attrs, body in ROW_RE.findall(text):
                    found = ATTR_R_RE.search(attrs)
                    number = int(found[2]) if found and found[2] else number + 1
                    if body:
                        values = _cells(body, shared, number)
                        if values:
                            yield number, values
            if not chunk:
                return


def _fast_rows(text: str, shared: list[str]) -> list | None:
    """The rows of `text` when every cell has the common shape; None to parse it slowly."""
    if "<f" in text:
        return None
    matches = FAST_CELL_RE.findall(text)
    if len(matches) != text.count("<c ") + text.count("<c>"):
        return None
    rows: list = []
    current, values = -1, None
    for letters, digits, attrs, raw, inline in matches:
        number = int(digits)
        if number != current:
            if values:
                rows.append((current, values))
            current, values = number, []
        if 't="' in attrs:
            if 't="s"' in attrs:
                if not raw:
                    continue
                try:
                    value = shared[int(raw)]
                except (ValueError, IndexError):
                    raise ImportFileError(
                        _("The workbook could not be read; is it damaged?")
                    ) from None
            elif 't="inlineStr"' in attrs:
                value = _text(inline)
            elif 't="b"' in attrs:
                value = raw.strip() == "1"
            elif 't="n"' in attrs:
                if not raw:
                    continue
                value = _number(raw.strip())
            else:  # str, e, d
                value = _text(raw)
        else:
            if not raw:
                continue
            value = _number(raw.strip())
        index = column_index(letters)
        if index >= len(values):
            values.extend([None] * (index + 1 - len(values)))
        values[index] = value
    if values:
        rows.append((current, values))
    return rows
