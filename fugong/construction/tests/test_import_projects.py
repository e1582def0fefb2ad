"""Excel import of the project list: template, tolerant headers, every error by row and
column, preview, all-or-nothing commit through the services, the command."""

import datetime
import io
import os
import time
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import translation
from openpyxl import Workbook, load_workbook

from fugong.audit.models import ChangeLog
from fugong.common.testing import build_world, login, make_user, valid_credit_code
from fugong.construction.choices import ContactRole, ProjectEventKind
from fugong.construction.importing import storage
from fugong.construction.importing.projects import COLUMNS, commit_import, plan_import
from fugong.construction.importing.reading import MAX_ROWS
from fugong.construction.models import Project, ProjectContact, ProjectEvent, ProjectTarget
from fugong.organisations.models import Organisation

IMPORT_URL = "/construction/projects/import/"
HEADER = [column.label for column in COLUMNS]


def xlsx(rows, *, header=HEADER, before=()) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in before:
        sheet.append(row)
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def row(**values):
    """A row of the template, by column key."""
    keys = [column.key for column in COLUMNS]
    return [values.get(key) for key in keys]


@pytest.fixture(autouse=True)
def english():
    """Messages are checked in their English source form (pages get the language cookie)."""
    with translation.override("en"):
        yield


def client_for(user) -> Client:
    client = login(Client(), user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def officer(world):
    return make_user("officer", "district_officer", region=world.district_a)


def good_rows(world):
    return [
        # A new project; builder found by credit code, contractor registered by the import.
        row(
            name="中原路",
            kind="道路",
            is_city_key="是",
            district="解放区",
            address="解放区中原路",
            builder="甲建设公司",
            builder_code=valid_credit_code(1),
            contractor="丙施工公司",
            contractor_code=valid_credit_code(3),
            contract_value=38000,
            responsible_person="周海军",
            responsible_phone="13939100312",
            target_value=2000,
            target_date=datetime.datetime(2020, 3, 31),
        ),
        # The existing 东海大道 in 解放区: updated; the builder found by its name alone.
        row(
            name="东海大道",
            kind="road",
            district="410802",
            builder="甲建设公司",
            contract_value="120,000",
            target_value="2000",
            target_date="2020/3/31",
        ),
        # Another new project; its builder is a new enterprise too.
        row(
            name="新河商务中心",
            kind="房屋建筑",
            is_city_key="否",
            district="解放区",
            builder="丁开发公司",
            builder_code=valid_credit_code(4),
            contractor="丙施工公司",
            contractor_code=valid_credit_code(3),
            responsible_person="陈永亮",
            responsible_phone=13939100311,
        ),
    ]


def upload(client, content: bytes, name="项目清单.xlsx"):
    return client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, content)})


# --- the pages -------------------------------------------------------------------------------


def test_template_download(world, officer):
    response = client_for(officer).get(IMPORT_URL + "template.xlsx")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    data = workbook.worksheets[0]
    assert [cell.value for cell in data[1]] == HEADER
    assert HEADER[:4] == ["项目名称", "项目类型", "是否市重点项目", "所在区县"]
    help_text = " ".join(
        str(cell.value) for sheet in workbook.worksheets[1:] for r in sheet for cell in r
    )
    assert "道路" in help_text and "棚改" in help_text
    assert "解放区" in help_text and "410802" in help_text
    assert "山阳区" not in help_text  # only the importer's own districts are offered


def test_the_import_needs_its_permission(world):
    enterprise = make_user("ent", "enterprise_user", organisation=world.enterprise_a)
    client = client_for(enterprise)
    assert client.get(IMPORT_URL).status_code == 403
    assert client.get(IMPORT_URL + "template.xlsx").status_code == 403
    assert upload(client, xlsx(good_rows(world))).status_code == 403


def test_good_file_preview_then_commit(world, officer):
    client = client_for(officer)
    assert client.get(IMPORT_URL).status_code == 200
    response = upload(client, xlsx(good_rows(world)))
    assert response.status_code == 302
    preview_url = response["Location"]
    html = client.get(preview_url).content.decode()
    assert 'id="import-commit"' in html and 'id="import-errors"' not in html
    assert 'data-count="create">2<' in html and 'data-count="update">1<' in html
    assert 'data-count="enterprises">2<' in html
    assert 'data-row="2" data-action="create"' in html
    assert 'data-row="3" data-action="update"' in html
    # Nothing is written by the preview.
    assert not Project.objects.filter(name="中原路").exists()
    assert not Organisation.objects.filter(name="丙施工公司").exists()

    response = client.post(preview_url)
    assert response.status_code == 302 and response["Location"] == "/construction/projects/"
    zhongyuan = Project.objects.get(name="中原路")
    assert (zhongyuan.kind, zhongyuan.is_city_key, zhongyuan.region) == (
        "road",
        True,
        world.district_a,
    )
    assert zhongyuan.builder == world.enterprise_a
    contractor = Organisation.objects.get(name="丙施工公司")
    assert (contractor.kind, contractor.credit_code, contractor.enterprise_role) == (
        "enterprise",
        valid_credit_code(3),
        "contractor",
    )
    assert contractor.region == world.district_a
    assert zhongyuan.contractor == contractor
    assert zhongyuan.contract_value == Decimal("38000.00")
    assert zhongyuan.responsible_phone.full == "13939100312"
    manager = ProjectContact.objects.get(project=zhongyuan, role=ContactRole.PROJECT_MANAGER)
    assert manager.name == "周海军" and manager.phone.full == "13939100312"
    target = ProjectTarget.objects.get(project=zhongyuan)
    assert (target.due_date, target.value) == (datetime.date(2020, 3, 31), Decimal("2000.00"))
    xinhe = Project.objects.get(name="新河商务中心")
    assert xinhe.kind == "building" and xinhe.builder.name == "丁开发公司"
    assert xinhe.contractor == contractor  # registered once, used twice
    donghai = Project.objects.get(pk=world.project_a.pk)
    assert donghai.contract_value == Decimal("120000.00")
    assert ProjectTarget.objects.filter(project=donghai).count() == 1
    # Audit: every write by the importer; the timeline says "imported".
    for obj in (zhongyuan, contractor, manager, target):
        assert ChangeLog.objects.for_object(obj).filter(action="create").get().actor == officer
    assert ChangeLog.objects.for_object(donghai).filter(action="update").get().actor == officer
    event = ProjectEvent.objects.filter(project=zhongyuan).get()
    assert event.kind == ProjectEventKind.IMPORTED and "项目清单.xlsx" in event.message
    assert ProjectEvent.objects.filter(project=donghai, kind="imported").exists()
    # The upload is gone after the commit.
    assert client.get(preview_url).status_code == 404


def test_importing_the_same_file_twice_changes_nothing_the_second_time(world, officer):
    content = xlsx(good_rows(world))
    assert commit_import(io.BytesIO(content), actor=officer).committed
    again = plan_import(io.BytesIO(content), actor=officer)
    assert again.ok and again.counts["create"] == 0 and again.counts["enterprises"] == 0
    assert [r.action for r in again.rows] == ["unchanged", "unchanged", "unchanged"]


def test_a_file_with_bad_rows_lists_every_error_and_writes_nothing(world, officer):
    rows = [
        *good_rows(world),
        row(name="宇宙港", kind="宇宙飞船", district="解放区", builder="甲建设公司"),  # row 5
        row(name="越界项目", kind="道路", district="山阳区", builder="甲建设公司"),  # row 6
        row(
            name="错号项目",
            kind="桥梁",
            district="解放区",
            builder="甲建设公司",
            responsible_phone="12345",
            contract_value="很多",
        ),  # row 7
        row(
            name="错码项目",
            kind="河道",
            district="解放区",
            builder="戊公司",
            builder_code="91410800MA00000010",
        ),  # row 8
        row(
            name="缺日期",
            kind="其他",
            district="解放区",
            builder="甲建设公司",
            target_value=100,
            is_city_key="也许",
        ),  # row 9
        row(name="", kind="棚改", district="火星区", builder=""),  # row 10
    ]
    client = client_for(officer)
    preview_url = upload(client, xlsx(rows))["Location"]
    html = client.get(preview_url).content.decode()
    assert 'id="import-refused"' in html and 'id="import-commit"' not in html
    plan = plan_import(io.BytesIO(xlsx(rows)), actor=officer)
    found = {(e.row, e.column) for e in plan.errors}
    assert found == {
        (5, "项目类型"),
        (6, "所在区县"),
        (7, "负责人电话"),
        (7, "合同金额（万元）"),
        (8, "建设单位统一社会信用代码"),
        (9, "目标日期"),
        (9, "是否市重点项目"),
        (10, "项目名称"),
        (10, "所在区县"),
        (10, "建设单位"),
    }
    for error_row, column in found:
        assert f'data-row="{error_row}" data-column="{column}"' in html
    by_cell = {(e.row, e.column): e.message for e in plan.errors}
    assert "outside your jurisdiction" in by_cell[(6, "所在区县")]
    assert "11 digits" in by_cell[(7, "负责人电话")]
    assert "check character" in by_cell[(8, "建设单位统一社会信用代码")]
    # Committing is refused and NOTHING is written, not even the good rows.
    before = (Project.objects.count(), Organisation.objects.count(), ChangeLog.objects.count())
    response = client.post(preview_url)
    assert response.status_code == 400 and 'id="import-refused"' in response.content.decode()
    after = (Project.objects.count(), Organisation.objects.count(), ChangeLog.objects.count())
    assert before == after
    assert not ProjectTarget.objects.exists() and not ProjectContact.objects.exists()


def test_errors_are_translated(world, officer):
    rows = [row(name="越界项目", kind="道路", district="山阳区", builder="甲建设公司")]
    with translation.override("zh-hans"):
        plan = plan_import(io.BytesIO(xlsx(rows)), actor=officer)
    with translation.override("en"):
        english = plan_import(io.BytesIO(xlsx(rows)), actor=officer)
    assert english.errors[0].message == "山阳区 is outside your jurisdiction."
    assert plan.errors[0].column == english.errors[0].column == "所在区县"


def test_tolerant_headers(world, officer):
    header = [
        "　工程名称　",  # full-width spaces
        "类别",
        "市重点",
        "辖区",
        "地址",
        "建设单位",
        "总包单位",
        "总包单位信用代码",
        "项目经理",
        "联系电话",
        "合同价（万元）",
        "计划产值(万元)",
        "完成日期",
        "备注",  # not imported, and said so
    ]
    rows = [
        ["和悦小区", "棚户区改造", "√", "410802", "某路", "甲建设公司", "丙施工公司",
         valid_credit_code(3), "杨宏", 13939100319.0, "1,200 万元", 500, "2020年4月30日", "x"],
    ]  # fmt: skip
    plan = plan_import(
        io.BytesIO(xlsx(rows, header=header, before=[["焦作市在建项目清单"], []])), actor=officer
    )
    assert plan.ok, plan.errors
    assert plan.ignored_columns == ["备注"] and plan.header_row == 3
    (planned,) = plan.rows
    assert planned.row == 4
    fields = planned.fields
    assert (fields["name"], fields["kind"], fields["is_city_key"]) == (
        "和悦小区",
        "shantytown",
        True,
    )
    assert fields["region"] == world.district_a and fields["contract_value"] == Decimal("1200.00")
    assert fields["responsible_phone"] == "13939100319"
    assert planned.target == (datetime.date(2020, 4, 30), Decimal("500.00"))
    assert planned.enterprises["contractor"].name == "丙施工公司"


def test_amounts_in_yuan_are_converted(world, officer):
    header = ["项目名称", "项目类型", "所在区县", "建设单位", "合同金额(元)"]
    plan = plan_import(
        io.BytesIO(xlsx([["某项目", "道路", "解放区", "甲建设公司", 12_345_678]], header=header)),
        actor=officer,
    )
    assert plan.rows[0].fields["contract_value"] == Decimal("1234.57")


def test_missing_columns_and_duplicate_rows(world, officer):
    plan = plan_import(
        io.BytesIO(xlsx([["某项目", "道路"]], header=["项目名称", "类别"])), actor=officer
    )
    assert {e.column for e in plan.errors} == {"所在区县", "建设单位"}
    rows = [
        row(name="中原路", kind="道路", district="解放区", builder="甲建设公司"),
        row(name="中原路", kind="桥梁", district="解放区", builder="甲建设公司"),
    ]
    plan = plan_import(io.BytesIO(xlsx(rows)), actor=officer)
    assert [(e.row, e.column) for e in plan.errors] == [(3, "项目名称")]
    assert "row 2" in plan.errors[0].message


def test_a_project_the_importer_may_not_change_is_an_error(world):
    # A city-wide leader may read everything but import nothing.
    leader = make_user("leader", "leader", region=world.city)
    plan = plan_import(io.BytesIO(xlsx(good_rows(world))), actor=leader)
    assert not plan.ok
    assert {e.column for e in plan.errors} >= {"所在区县"}


def test_a_service_refusal_rolls_back_every_row(world, officer, monkeypatch):
    from fugong.common.errors import FugongError
    from fugong.construction.services import projects as services

    real = services.project_target_add
    calls = []

    def fail_on_second(**kwargs):
        calls.append(kwargs)
        if len(calls) == 2:
            raise FugongError("refused", code="refused", fields={"value": "refused"})
        return real(**kwargs)

    monkeypatch.setattr(services, "project_target_add", fail_on_second)
    plan = commit_import(io.BytesIO(xlsx(good_rows(world))), actor=officer, filename="a.xlsx")
    assert not plan.committed
    assert [(e.row, e.column, e.message) for e in plan.errors] == [
        (3, "产值目标（万元）", "refused")
    ]
    assert not Project.objects.filter(name="中原路").exists()
    assert not Organisation.objects.filter(name="丙施工公司").exists()
    assert not ProjectTarget.objects.exists()


# --- refusing files ----------------------------------------------------------------------


def test_not_an_xlsx_is_refused(world, officer):
    client = client_for(officer)
    response = upload(client, b"name,kind\n", name="projects.csv")
    assert response.status_code == 400 and "xlsx" in response.content.decode()
    response = upload(client, b"name,kind\n", name="projects.xlsx")  # a renamed CSV
    assert response.status_code == 400 and "not an Excel workbook" in response.content.decode()
    response = upload(client, b"PK\x03\x04 this is no workbook", name="projects.xlsx")
    assert response.status_code == 302  # stored, then the preview says what is wrong
    html = client.get(response["Location"]).content.decode()
    assert "not an Excel workbook" in html and 'id="import-commit"' not in html
    assert not Project.objects.filter(name="中原路").exists()


def test_a_too_large_file_is_refused(world, officer):
    client = client_for(officer)
    content = b"PK" + b"0" * (5 * 1024 * 1024)
    response = upload(client, content)
    assert response.status_code == 400 and "5 MB" in response.content.decode()
    assert not list((storage._root()).glob("*/*.xlsx")) if storage._root().exists() else True


def test_too_many_rows_are_refused(world, officer):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(HEADER[:4] + ["建设单位"])
    for n in range(MAX_ROWS + 1):
        sheet.append([f"项目{n}", "道路", "否", "解放区", "甲建设公司"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    plan = plan_import(io.BytesIO(buffer.getvalue()), actor=officer)
    assert not plan.ok and len(plan.errors) == 1
    assert "5,000" in plan.errors[0].message


def test_another_users_upload_cannot_be_seen_or_committed(world, officer):
    client = client_for(officer)
    preview_url = upload(client, xlsx(good_rows(world)))["Location"]
    other = make_user("other", "district_officer", region=world.district_a)
    other_client = client_for(other)
    assert other_client.get(preview_url).status_code == 404
    assert other_client.post(preview_url).status_code == 404
    assert not Project.objects.filter(name="中原路").exists()


def test_an_upload_expires_after_an_hour(world, officer):
    client = client_for(officer)
    preview_url = upload(client, xlsx(good_rows(world)))["Location"]
    token = preview_url.rstrip("/").rsplit("/", 1)[-1]
    path = storage.upload_path(officer, token)
    old = time.time() - storage.MAX_AGE_SECONDS - 60
    os.utime(path, (old, old))
    assert client.post(preview_url).status_code == 404
    assert not path.exists()
    assert not Project.objects.filter(name="中原路").exists()


# --- the command -------------------------------------------------------------------------------


def test_the_command_checks_then_commits(world, officer, tmp_path):
    good = tmp_path / "good.xlsx"
    good.write_bytes(xlsx(good_rows(world)))
    out = io.StringIO()
    call_command("import_projects", str(good), "--user", "officer", stdout=out)
    assert "nothing written" in out.getvalue() and "create 2" in out.getvalue()
    assert not Project.objects.filter(name="中原路").exists()
    call_command("import_projects", str(good), "--user", "officer", "--commit", stdout=out)
    assert Project.objects.filter(name="中原路").exists()
    assert ChangeLog.objects.for_object(Project.objects.get(name="中原路")).get().actor == officer

    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx([row(name="越界", kind="道路", district="山阳区", builder="甲建设公司")]))
    err = io.StringIO()
    with pytest.raises(CommandError, match="Nothing imported"):
        call_command(
            "import_projects", str(bad), "--user", "officer", "--commit", stdout=out, stderr=err
        )
    assert "row 2 [所在区县]" in err.getvalue()
    assert not Project.objects.filter(name="越界").exists()
    with pytest.raises(CommandError, match="may not import"):
        make_user("ent", "enterprise_user", organisation=world.enterprise_a)
        call_command("import_projects", str(good), "--user", "ent", stdout=out)


def test_a_large_file_is_committed_by_the_worker(world, officer, settings, monkeypatch):
    from fugong.construction.views import project_import
    from fugong.messaging.models import InAppMessage

    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default"],
        }
    }
    monkeypatch.setattr(project_import, "SYNC_ROWS", 2)  # three rows are "large" here
    client = client_for(officer)
    preview_url = upload(client, xlsx(good_rows(world)))["Location"]
    response = client.post(preview_url)
    assert response.status_code == 302
    assert Project.objects.filter(name__in=["中原路", "新河商务中心"]).count() == 2
    message = InAppMessage.objects.get(recipient=officer, kind="project_import")
    # In the bureau's language (the worker has no request): checked by its link and file.
    assert "项目清单.xlsx" in message.title and message.link == "/construction/projects/"
    assert client.get(preview_url).status_code == 404  # the upload is gone
