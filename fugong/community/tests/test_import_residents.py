import datetime
import hashlib
import io
import zipfile

import pytest

from fugong.audit.models import ChangeLog
from fugong.common.pii.fields import filter_by_personal
from fugong.common.testing import make_user
from fugong.community.importing.residents import commit_import, plan_import
from fugong.community.models import Household, Resident
from fugong.community.tests.helpers import build_community_world, identity, sheet


@pytest.fixture
def cw(db):
    return build_community_world()


@pytest.fixture
def worker(cw):
    return make_user("worker-a", "community_worker", region=cw.world.subdistrict_a)


def _file(tmp_path, content: bytes, name="survey.xlsx"):
    path = tmp_path / name
    path.write_bytes(content)
    return path


def test_preview_then_commit_creates_households_residents_and_audit(cw, worker, tmp_path):
    path = _file(
        tmp_path,
        sheet(
            [
                [
                    "王小明",
                    identity(11),
                    "139 1234 5678",
                    "建设花园",
                    "1号楼",
                    "2单元",
                    "302室",
                    "2020-01-25",
                    "武汉",
                ],
                ["王小红", identity(12, "19500101"), "", "", "2栋", "2", "302", None, ""],
                ["赵刚", identity(13), "13912345679", "", "1", "", "101", None, None],
            ]
        ),
    )
    plan = plan_import(path, actor=worker, area=cw.world.community_a)
    assert plan.ok, plan.errors
    assert plan.counts["create"] == 3
    assert Resident.objects.count() == 2  # the preview wrote nothing
    plan = commit_import(path, actor=worker, area=cw.world.community_a, filename="摸排.xlsx")
    assert plan.committed
    person = filter_by_personal(Resident.objects.all(), "id_number", identity(11)).get()
    assert person.household.building == cw.building_a1
    assert (person.household.unit, person.household.room) == ("2", "302")
    assert person.phone.full == "13912345678"
    assert person.returned_on == datetime.date(2020, 1, 25) and person.returned_from == "武汉"
    assert person.birth_year == 1980 and person.sex in ("male", "female")
    assert person.source == "import"
    other = filter_by_personal(Resident.objects.all(), "id_number", identity(12, "19500101")).get()
    assert other.household.building == cw.building_a2
    # The existing 101 of building 1 unit "" is new (unit 1 exists); one household per room.
    assert Household.objects.filter(building=cw.building_a1, unit="2", room="302").count() == 1
    log = ChangeLog.objects.for_object(person).filter(action="create").get()
    assert log.actor == worker and "摸排.xlsx" in log.message
    assert identity(11) not in str(log.after)  # masked in the log


def test_every_error_by_row_and_column_and_nothing_written(cw, worker, tmp_path):
    path = _file(
        tmp_path,
        sheet(
            [
                ["甲", "410802198001011235", "13912345678", "", "1号楼", "1", "101", None, None],
                ["乙", identity(21), "1234", "", "1号楼", "1", "102", None, None],
                ["丙", identity(22), "", "", "9号楼", "1", "103", None, None],
                ["丁", identity(22), "", "", "1号楼", "1", "104", "明天", None],
                ["戊", identity(23), "", "", "1号楼", "1", "", None, None],
                ["己", 4.10802198001011e17, "", "", "1号楼", "1", "105", None, None],
            ]
        ),
    )
    plan = commit_import(path, actor=worker, area=cw.world.community_a)
    assert not plan.committed
    found = {(e.row, e.column) for e in plan.errors}
    assert (2, "身份证号") in found  # wrong check digit
    assert (3, "联系电话") in found
    assert (4, "楼栋") in found  # unknown building
    assert (5, "返焦时间") in found
    assert (6, "房号") in found
    assert (7, "身份证号") in found  # a number with lost digits
    assert Resident.objects.count() == 2 and Household.objects.count() == 2


def test_duplicates_in_file_and_in_database(cw, worker, tmp_path):
    outsider = identity(2, "19480302", "410811")  # registered in community b
    path = _file(
        tmp_path,
        sheet(
            [
                ["甲", identity(31), "", "", "1号楼", "1", "101", None, None],
                ["甲", identity(31), "", "", "1号楼", "1", "102", None, None],
                ["李秀英", outsider, "", "", "1号楼", "1", "103", None, None],
            ]
        ),
    )
    plan = plan_import(path, actor=worker, area=cw.world.community_a)
    messages = {(e.row, e.column): e.message for e in plan.errors}
    assert "row 2" in messages[(3, "身份证号")] or "2" in messages[(3, "身份证号")]
    assert (4, "身份证号") in messages  # registered elsewhere: no detail leaks
    assert "李秀英" not in messages[(4, "身份证号")]


def test_registered_in_scope_is_updated(cw, worker, tmp_path):
    path = _file(
        tmp_path,
        sheet(
            [["张建华", identity(1), "13900001111", "", "2号楼", "1", "201", "2020-02-01", "郑州"]]
        ),
    )
    plan = commit_import(path, actor=worker, area=cw.world.community_a)
    assert plan.committed and plan.counts["update"] == 1
    cw.resident_a.refresh_from_db()
    assert cw.resident_a.phone.full == "13900001111"
    assert cw.resident_a.household.building == cw.building_a2
    assert cw.resident_a.returned_from == "郑州" and cw.resident_a.version == 2
    log = ChangeLog.objects.for_object(cw.resident_a).filter(action="update").get()
    assert "phone" in log.changed_fields and "13900001111" not in str(log.after)


def test_wrong_columns_formulas_and_bad_files(cw, worker, tmp_path):
    wrong = _file(tmp_path, sheet([["a", "b"]], header=["项目名称", "金额"]), "wrong.xlsx")
    plan = plan_import(wrong, actor=worker, area=cw.world.community_a)
    assert plan.errors and plan.errors[0].row == 0
    missing = _file(tmp_path, sheet([["甲", "1"]], header=["姓名", "楼栋"]), "missing.xlsx")
    plan = plan_import(missing, actor=worker, area=cw.world.community_a)
    assert {e.column for e in plan.errors} == {"房号"}

    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["姓名", "楼栋", "房号"])
    wb.active.append(["甲", "1号楼", '=REPT("x",1000000)'])
    buffer = io.BytesIO()
    wb.save(buffer)
    formula = _file(tmp_path, buffer.getvalue(), "formula.xlsx")
    plan = plan_import(formula, actor=worker, area=cw.world.community_a)
    assert "formula" in plan.errors[0].message.lower() or "公式" in plan.errors[0].message

    not_xlsx = _file(tmp_path, b"PK\x03\x04 not really", "fake.xlsx")
    assert plan_import(not_xlsx, actor=worker, area=cw.world.community_a).errors

    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            chunk = b"<row>" + b" " * (1024 * 1024)
            for _ in range(700):
                member.write(chunk)
    plan = plan_import(bomb, actor=worker, area=cw.world.community_a)
    assert plan.errors and plan.errors[0].row == 0
    assert Resident.objects.count() == 2


def test_outside_the_area_is_refused(cw, worker, tmp_path):
    # 郝庄新村 lies in community b, outside the worker's sub-district.
    path = _file(
        tmp_path, sheet([["甲", identity(41), "", "郝庄新村", "1号楼", "1", "101", None, None]])
    )
    plan = plan_import(path, actor=worker, area=cw.world.community_a)
    assert [(e.row, e.column) for e in plan.errors] == [(2, "楼栋")]


def _rows(count: int, start: int) -> list[list]:
    return [
        [f"居民{n}", identity(n), f"139{n:08d}", "", "1号楼", "3", f"{n}", None, None]
        for n in range(start, start + count)
    ]


def test_commit_queries_do_not_grow_with_rows_and_every_record_is_logged(cw, worker, tmp_path):
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ContentType.objects.get_for_models(Resident, Household)  # cached, as in a warm process
    counts = []
    # The first import also loads the worker's permissions.
    for count, start in ((1, 90), (3, 100), (60, 200)):
        path = _file(tmp_path, sheet(_rows(count, start)), f"rows{count}.xlsx")
        logs = ChangeLog.objects.count()
        with CaptureQueriesContext(connection) as queries:
            plan = commit_import(path, actor=worker, area=cw.world.community_a, filename="x.xlsx")
        assert plan.committed and plan.counts["create"] == count
        counts.append(len(queries))
        # One change-log row per resident and per new household (one room each here), and
        # one for the import's own record.
        assert ChangeLog.objects.count() - logs == 2 * count + 1
    assert counts[1] == counts[2], counts
    person = filter_by_personal(Resident.objects.all(), "id_number", identity(230)).get()
    assert person.phone.full == "13900000230" and person.household.room == "230"
    assert filter_by_personal(Resident.objects.all(), "phone", "13900000230").get() == person
    log = ChangeLog.objects.for_object(person.household).get()
    assert log.actor == worker and log.region_id == cw.building_a1.pk
    log = ChangeLog.objects.for_object(person).get()
    assert log.after["phone"] != "13900000230" and "32" in log.message  # row 32 of the sheet


# --- the rows checked at the preview, kept for the commit; the import's own record -------


def _three(tmp_path, name="kept.xlsx"):
    return _file(tmp_path, sheet(_rows(3, 300)), name)


def test_commit_reuses_the_checked_rows_and_records_the_import(cw, worker, tmp_path, monkeypatch):
    from fugong.community.importing import residents
    from fugong.community.models import SurveyImport

    path = _three(tmp_path)
    preview = plan_import(path, actor=worker, area=cw.world.community_a)
    assert preview.ok and not preview.reused

    def unread(source):
        raise AssertionError("the commit read the file again")

    monkeypatch.setattr(residents, "iter_rows", unread)
    plan = commit_import(path, actor=worker, area=cw.world.community_a, filename="摸排.xlsx")
    assert plan.committed and plan.reused and plan.counts["create"] == 3
    person = filter_by_personal(Resident.objects.all(), "id_number", identity(301)).get()
    assert person.phone.full == "13900000301" and person.household.room == "301"

    record = SurveyImport.objects.get()
    assert plan.record == record
    assert (record.actor, record.area, record.filename) == (
        worker,
        cw.world.community_a,
        "摸排.xlsx",
    )
    assert (record.rows, record.created, record.updated, record.households) == (3, 3, 0, 3)
    assert record.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    entry = ChangeLog.objects.for_object(record).get()
    assert entry.actor == worker and entry.action == "create"
    assert entry.region_id == cw.world.community_a.pk  # scoped like the import
    assert "摸排.xlsx" in entry.message and entry.after["created"] == 3
    # Each record's own entry names the import.
    assert f"{record.pk}" in ChangeLog.objects.for_object(person).get().message
    # Committed: the kept rows are gone, so a second commit checks the file again.
    monkeypatch.undo()
    again = commit_import(path, actor=worker, area=cw.world.community_a)
    assert not again.reused and again.committed and again.counts["unchanged"] == 3
    assert SurveyImport.objects.count() == 2


def test_kept_rows_are_checked_again_when_they_may_no_longer_hold(cw, worker, tmp_path):
    from fugong.regions.models import Region

    path = _three(tmp_path)
    assert plan_import(path, actor=worker, area=cw.world.community_a).ok
    # Another user, or another area, never sees this user's kept rows.
    other = make_user("worker-b", "community_worker", region=cw.world.subdistrict_a)
    assert not plan_import(path, actor=other, area=cw.world.community_a).reused
    assert plan_import(path, actor=worker, area=cw.world.community_a).reused
    # A building renamed since the preview: the rows were matched by name.
    Region.objects.filter(pk=cw.building_a1.pk).update(name="9号楼")
    plan = commit_import(path, actor=worker, area=cw.world.community_a)
    assert not plan.reused and not plan.committed
    assert {(e.row, e.column) for e in plan.errors} == {(2, "楼栋"), (3, "楼栋"), (4, "楼栋")}
    assert Resident.objects.count() == 2


def test_kept_rows_are_encrypted_and_a_forged_plan_is_ignored(cw, worker, tmp_path, settings):
    path = _three(tmp_path)
    assert plan_import(path, actor=worker, area=cw.world.community_a).ok
    (kept,) = (settings.MEDIA_ROOT / "imports" / "plans").glob("*/*.plan")
    assert identity(301).encode() not in kept.read_bytes()
    assert b"13900000301" not in kept.read_bytes()
    kept.write_bytes(kept.read_bytes().replace(b"A", b"B", 40))
    plan = commit_import(path, actor=worker, area=cw.world.community_a)
    assert plan.committed and not plan.reused and plan.counts["create"] == 3


def test_a_person_registered_after_the_preview_is_refused(cw, worker, tmp_path):
    from fugong.community.services import resident_create

    header = ["姓名", "身份证号码", "联系电话", "小区", "楼栋", "单元", "房号", "返焦时间", "来自"]
    path = _file(tmp_path, sheet(_rows(3, 300), header=header))
    assert plan_import(path, actor=worker, area=cw.world.community_a).ok
    # Meanwhile, someone registers the second row's person in the other community.
    resident_create(actor=None, household=cw.household_b, name="某人", id_number=identity(301))
    plan = commit_import(path, actor=worker, area=cw.world.community_a)
    assert plan.reused and not plan.committed
    # Named by the sheet's own header, though the sheet was not read again.
    assert [(e.row, e.column) for e in plan.errors] == [(3, "身份证号码")]
    assert Resident.objects.count() == 3  # two of the world, the one registered meanwhile


def test_a_person_registered_during_the_commit_is_caught_by_the_database(
    cw, worker, tmp_path, monkeypatch
):
    """The race: registered after the look-up, before the write. The unique index on
    the identity hash refuses the insert; nothing of the import is written, and the rows
    are checked again to name the culprit."""
    from fugong.community.importing import residents
    from fugong.community.models import SurveyImport
    from fugong.community.services import resident_create

    path = _three(tmp_path)
    assert plan_import(path, actor=worker, area=cw.world.community_a).ok  # rows kept
    # Registered by someone else; the commit's look-up runs just before, and misses it.
    resident_create(actor=None, household=cw.household_b, name="某人", id_number=identity(302))
    original, calls = residents._registered, []

    def missed(hashes):
        calls.append(hashes)
        return [] if len(calls) == 1 else original(hashes)

    monkeypatch.setattr(residents, "_registered", missed)
    logs = ChangeLog.objects.count()
    plan = commit_import(path, actor=worker, area=cw.world.community_a)
    assert not plan.committed
    assert [(e.row, e.column) for e in plan.errors] == [(4, "身份证号")]
    assert Resident.objects.count() == 3 and Household.objects.count() == 2
    assert not SurveyImport.objects.exists()
    assert ChangeLog.objects.count() == logs  # the racing registration's entry is older


def test_a_commit_in_one_pass_is_refused_by_the_database_as_a_whole(
    cw, worker, tmp_path, monkeypatch
):
    """Without a preview the rows are looked up and written a batch at a time: a person
    the look-up missed (registered meanwhile by someone else) is refused by the unique
    index, and nothing of the import stays, though earlier batches were written."""
    from fugong.community.importing import residents
    from fugong.community.models import SurveyImport
    from fugong.community.services import resident_create

    monkeypatch.setattr(residents, "BATCH", 2)
    path = _file(tmp_path, sheet(_rows(5, 300)))
    resident_create(actor=None, household=cw.household_b, name="某人", id_number=identity(303))
    original, calls = residents._registered, []

    def missed(hashes):  # the commit's two batches miss it; checking again finds it
        calls.append(hashes)
        return [] if len(calls) <= 2 else original(hashes)

    monkeypatch.setattr(residents, "_registered", missed)
    logs = ChangeLog.objects.count()
    plan = commit_import(path, actor=worker, area=cw.world.community_a)
    assert not plan.committed
    assert len(calls) > 2  # refused by the database, then checked again
    assert [(e.row, e.column) for e in plan.errors] == [(5, "身份证号")]
    assert Resident.objects.count() == 3 and Household.objects.count() == 2
    assert not SurveyImport.objects.exists() and ChangeLog.objects.count() == logs


def test_the_identity_hash_is_unique_in_the_database(cw):
    """Migration 0003 made the unique index again where 0002 had dropped it (PostgreSQL)."""
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Resident.objects.create(
            household=cw.household_b, name="重复", id_number=cw.resident_a.id_number.full
        )


# --- a commit without a preview: read, checked and written a batch at a time ------------


@pytest.fixture
def small_batches(monkeypatch):
    """Batches of two rows, and SQLite statements of at most two rows, so that a few
    rows cross every boundary."""
    from fugong.community.importing import bulk, residents

    monkeypatch.setattr(residents, "BATCH", 2)
    monkeypatch.setattr(bulk, "SQLITE_ROWS", 2)


def test_a_commit_in_one_pass_lists_every_error_and_writes_nothing(
    cw, worker, tmp_path, small_batches
):
    from fugong.community.models import SurveyImport

    rows = _rows(8, 400)
    rows[3][2] = "1234"  # row 5: a wrong phone, after two batches were written
    rows[6][1] = identity(401)  # row 8: the person of row 3, three batches later
    rows[7][4] = "9号楼"  # row 9: an unknown building
    path = _file(tmp_path, sheet(rows))
    logs = ChangeLog.objects.count()
    plan = commit_import(path, actor=worker, area=cw.world.community_a)
    assert not plan.committed and plan.record is None
    assert [(e.row, e.column) for e in plan.errors] == [
        (5, "联系电话"),
        (8, "身份证号"),
        (9, "楼栋"),
    ]
    assert "3" in plan.errors[1].message  # the row it repeats
    assert Resident.objects.count() == 2 and Household.objects.count() == 2
    assert not SurveyImport.objects.exists() and ChangeLog.objects.count() == logs


def test_a_commit_in_one_pass_writes_every_batch_and_counts_them(
    cw, worker, tmp_path, small_batches
):
    from fugong.community.models import SurveyImport

    rows = _rows(7, 500)
    rows[2][6] = rows[1][6]  # row 4 lives in the room of row 3, the batch after it
    rows[4][6] = rows[0][6]  # row 6 lives in the room of row 2, two batches later
    rows[5][1] = identity(1)  # row 7: a resident of the world, in scope: updated
    path = _file(tmp_path, sheet(rows))
    logs = ChangeLog.objects.count()
    plan = commit_import(path, actor=worker, area=cw.world.community_a, filename="x.xlsx")
    assert plan.committed and not plan.reused, plan.errors
    assert plan.counts == {
        "create": 6,
        "update": 1,
        "unchanged": 0,
        "households": 5,
        "rows": 7,
        "errors": 0,
    }
    record = SurveyImport.objects.get()
    assert (record.rows, record.created, record.updated, record.households) == (7, 6, 1, 5)
    assert ChangeLog.objects.for_object(record).get().after["created"] == 6
    # One entry per created or changed record, and the import's own.
    assert ChangeLog.objects.count() - logs == 6 + 1 + 5 + 1
    for room, names in ((rows[0][6], ["居民500", "居民504"]), (rows[1][6], ["居民501", "居民502"])):
        household = Household.objects.get(building=cw.building_a1, unit="3", room=room)
        assert sorted(household.residents.values_list("name", flat=True)) == names
    cw.resident_a.refresh_from_db()
    assert cw.resident_a.household.room == rows[5][6] and cw.resident_a.version == 2
    person = filter_by_personal(Resident.objects.all(), "id_number", identity(503)).get()
    assert person.phone.full == "13900000503"
    assert str(record.pk) in ChangeLog.objects.for_object(person).get().message


def test_a_commit_in_one_pass_speaks_the_language_of_the_request(
    cw, worker, tmp_path, small_batches
):
    """Who is registered is looked up by the writer thread: its errors are worded in the
    language of the request, not the thread's default."""
    from django.utils import translation

    outsider = identity(2, "19480302", "410811")  # registered in community b
    rows = _rows(3, 600) + [["李秀英", outsider, "", "", "1号楼", "1", "103", None, None]]
    path = _file(tmp_path, sheet(rows))
    with translation.override("en"):
        plan = commit_import(path, actor=worker, area=cw.world.community_a)
    assert [(e.row, e.message) for e in plan.errors] == [
        (5, "This person is registered in another area; ask its community.")
    ]
    assert Resident.objects.count() == 2
