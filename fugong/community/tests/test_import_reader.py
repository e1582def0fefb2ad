"""The survey sheet reader (python-calamine behind a check of the archive)."""

import datetime
import io
import zipfile

import pytest
from openpyxl import Workbook

from fugong.community.importing.xlsx import FormulaFound, iter_rows
from fugong.construction.importing.reading import ImportFileError


def _book(rows_by_number: dict[int, list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for number, values in rows_by_number.items():
        for column, value in enumerate(values, start=1):
            if value is not None:
                sheet.cell(row=number, column=column, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_row_numbers_types_and_empty_rows(tmp_path):
    path = tmp_path / "survey.xlsx"
    path.write_bytes(
        _book(
            {
                1: ["居民摸排表"],
                3: ["姓名", "房号", "联系电话", "返焦时间", "身份证号", "单元"],
                4: ["甲", 302, 13912345678, datetime.date(2020, 1, 25), 410802198001011235, 2.5],
                6: ["乙", "301室", "13912345679", "2020-01-26", None, None],
            }
        )
    )
    rows = list(iter_rows(path))
    assert [number for number, _ in rows] == [1, 3, 4, 6]  # row 2 and 5 hold nothing
    values = rows[2][1]
    assert values[0] == "甲"
    assert values[1] == 302 and type(values[1]) is int  # a whole number is an int
    assert values[2] == 13912345678 and type(values[2]) is int
    assert values[3] in (datetime.date(2020, 1, 25), datetime.datetime(2020, 1, 25))
    # 18 digits as a number lost its last ones: stays a float, so the import can say so.
    assert isinstance(values[4], float)
    assert values[5] == 2.5
    assert rows[3][1][:2] == ["乙", "301室"]
    with path.open("rb") as stream:  # a binary file reads the same
        assert list(iter_rows(stream)) == rows


def test_formula_refused_with_its_row_even_past_the_first_piece(tmp_path):
    rows = {n: [f"居民{n}", n, "备注" * 5] for n in range(1, 20_001)}  # > 1 MB of XML
    rows[20_001] = ["甲", '=REPT("x",1000000)']
    path = tmp_path / "formula.xlsx"
    path.write_bytes(_book(rows))
    with pytest.raises(FormulaFound) as caught:
        list(iter_rows(path))
    assert "20001" in str(caught.value.message).replace(",", "")


def test_namespaced_formula_refused(tmp_path):
    source = zipfile.ZipFile(io.BytesIO(_book({1: ["姓名", "房号"], 2: ["甲", 1]})))
    path = tmp_path / "prefixed.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(
                    b"</row></sheetData>", b'<c r="C2"><x:f>1+1</x:f></c></row></sheetData>'
                )
            archive.writestr(info, data)
    with pytest.raises(FormulaFound):
        list(iter_rows(path))


def test_data_validation_lists_are_not_formulas(db):
    from fugong.community.importing.template import resident_template_xlsx

    rows = list(iter_rows(io.BytesIO(resident_template_xlsx([]))))
    assert rows[0][0] == 1 and "姓名" in rows[0][1]


def test_not_a_workbook_damaged_and_bomb(tmp_path):
    with pytest.raises(ImportFileError):
        list(iter_rows(io.BytesIO(b"PK\x03\x04 not really")))
    no_types = io.BytesIO()
    with zipfile.ZipFile(no_types, "w") as archive:
        archive.writestr("xl/worksheets/sheet1.xml", "<worksheet/>")
    with pytest.raises(ImportFileError):
        list(iter_rows(no_types))
    damaged = io.BytesIO()
    with zipfile.ZipFile(damaged, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", "<worksheet><sheetData><row")
    with pytest.raises(ImportFileError):
        list(iter_rows(damaged))
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", "<worksheet/>")
        with archive.open("xl/media/huge.bin", "w", force_zip64=True) as member:
            for _ in range(700):
                member.write(b"\0" * (1024 * 1024))
    with pytest.raises(ImportFileError) as caught:
        list(iter_rows(bomb))
    assert not isinstance(caught.value, FormulaFound)
