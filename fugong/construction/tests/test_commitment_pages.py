"""The pages of the commitment system, driven through the test client."""

import pytest
from django.test import Client

from fugong.common.testing import login, make_user
from fugong.construction.models import (
    ChecklistTemplate,
    Commitment,
    CreditRecord,
    Project,
    RoutingRule,
)
from fugong.construction.services.concerns import concern_report
from fugong.construction.tests.commitment_helpers import (
    PDF_BYTES,
    build_commitment_world,
    file_commitment,
    pdf_upload,
)


@pytest.fixture
def cw(db):
    return build_commitment_world()


@pytest.fixture
def officer(cw):
    return make_user("officer", "district_officer", region=cw.district_a, member_of=cw.department_a)


def _form_data(cw, **over):
    data = {
        "responsible_person": "吴闯",
        "responsible_phone": "13939100301",
        "signed_name": "吴闯",
        "signed_on": "2020-02-20",
        "statement_accepted": "on",
        "supersedes": "",
    }
    for item in cw.template.items.all():
        key = f"item_{item.pk}"
        if item.kind == "yes_no":
            data[key] = "yes"
        elif item.kind in ("number_min", "number_max"):
            data[key] = "7" if item.kind == "number_min" else "6"
        elif item.kind == "attachment":
            data[key] = pdf_upload()
        else:
            data[key] = "每日消杀三次"
    data.update(over)
    return data


def test_the_enterprise_picks_its_project_and_files_through_the_form(cw):
    client = login(Client(), cw.site_manager_a)
    page = client.get("/construction/commitments/new/").content.decode()
    assert "东海大道" in page and "群英河桥" not in page
    url = f"/construction/projects/{cw.project_a.pk}/commit/"
    form = client.get(url).content.decode()
    for item in cw.template.items.all():
        assert item.text in form
    assert "解放区住建局" in form  # where it will go
    response = client.post(url, _form_data(cw))
    commitment = Commitment.objects.get()
    assert response.status_code == 302 and response["Location"] == commitment.get_absolute_url()
    assert Project.objects.get(pk=cw.project_a.pk).status == "resumed"
    detail = client.get(response["Location"]).content.decode()
    assert 'data-status="in_force"' in detail and 'data-status="resumed"' in detail
    assert "139****0301" in detail  # the enterprise sees its phone masked
    # The attachment is downloaded within scope only.
    answer = commitment.answers.get(item__kind="attachment")
    file_url = f"/construction/commitments/{commitment.pk}/answers/{answer.pk}/file/"
    assert b"".join(client.get(file_url).streaming_content) == PDF_BYTES
    assert login(Client(), cw.site_manager_b).get(file_url).status_code == 404


def test_a_no_answer_is_shown_on_the_item_and_nothing_is_filed(cw):
    client = login(Client(), cw.site_manager_a)
    item = cw.template.items.get(code="isolation-room")
    response = client.post(
        f"/construction/projects/{cw.project_a.pk}/commit/",
        _form_data(cw, **{f"item_{item.pk}": "no", "statement_accepted": ""}),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        f'data-error-for="item_{item.pk}"' in html and 'data-error-for="statement_accepted"' in html
    )
    assert 'id="form-errors"' in html
    assert not Commitment.objects.exists()
    assert Project.objects.get(pk=cw.project_a.pk).status == "not_started"


def test_another_enterprises_project_has_no_form(cw):
    client = login(Client(), cw.site_manager_a)
    url = f"/construction/projects/{cw.project_b.pk}/commit/"
    assert client.get(url).status_code == 404
    assert client.post(url, _form_data(cw)).status_code == 404
    officer = make_user("o", "district_officer", region=cw.district_a)
    assert login(Client(), officer).get(url).status_code == 403


def test_the_inbox_marks_unread_until_the_authority_opens_it(cw, officer):
    commitment = file_commitment(cw)
    client = login(Client(), officer)
    inbox = client.get("/construction/commitments/").content.decode()
    assert 'data-unread="1"' in inbox
    unread = client.get("/construction/commitments/", {"unread": "true"}).content.decode()
    assert "东海大道" in unread
    # The enterprise opening its own commitment does not count as read.
    login(Client(), cw.site_manager_a).get(commitment.get_absolute_url())
    commitment.refresh_from_db()
    assert commitment.read_at is None
    assert client.get(commitment.get_absolute_url()).status_code == 200
    commitment.refresh_from_db()
    assert commitment.read_at is not None
    assert 'data-unread="0"' in client.get("/construction/commitments/").content.decode()
    read = client.get("/construction/commitments/", {"unread": "true"}).content.decode()
    assert "东海大道" not in read


def test_the_authority_verifies_then_revokes_through_the_pages(cw, officer):
    commitment = file_commitment(cw)
    client = login(Client(), officer)
    detail = client.get(commitment.get_absolute_url()).content.decode()
    assert 'id="verify-form"' in detail and 'id="revoke-link"' in detail
    client.post(f"/construction/commitments/{commitment.pk}/verify/", {"note": "现场一致"})
    commitment.refresh_from_db()
    assert commitment.status == "verified"
    url = f"/construction/commitments/{commitment.pk}/revoke/"
    response = client.post(url, {"reason": "假"})
    assert response.status_code == 200 and 'data-error-for="reason"' in response.content.decode()
    commitment.refresh_from_db()
    assert commitment.status == "verified" and not CreditRecord.objects.exists()
    response = client.post(url, {"reason": "宿舍每间住10人，与承诺不符"})
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.status == "revoked" and CreditRecord.objects.count() == 1
    assert Project.objects.get(pk=cw.project_a.pk).status == "suspended"
    timeline = client.get(commitment.get_absolute_url()).content.decode()
    for kind in ("filed", "routed", "read", "verified", "revoked"):
        assert f'data-event="{kind}"' in timeline


def test_the_enterprise_has_no_authority_buttons(cw):
    commitment = file_commitment(cw)
    client = login(Client(), cw.site_manager_a)
    detail = client.get(commitment.get_absolute_url()).content.decode()
    assert 'id="verify-form"' not in detail and 'id="revoke-link"' not in detail
    client.post(f"/construction/commitments/{commitment.pk}/verify/")
    commitment.refresh_from_db()
    assert commitment.status == "in_force"
    assert client.get(f"/construction/commitments/{commitment.pk}/revoke/").status_code == 403


def test_a_concern_is_handled_from_its_page(cw, officer):
    concern = concern_report(project=cw.project_a, text="工地夜间施工扬尘大")
    client = login(Client(), officer)
    url = f"/construction/concerns/{concern.pk}/"
    assert 'id="handle-form"' in client.get(url).content.decode()
    assert client.post(url, {"response": ""}).status_code == 200
    assert client.post(url, {"response": "已要求覆盖裸土"}).status_code == 302
    concern.refresh_from_db()
    assert concern.status == "handled" and concern.handled_by == officer


# --- checklists and routing rules (bureau admin) ------------------------------------------


@pytest.fixture
def admin(cw):
    return make_user("admin", "bureau_admin", region=cw.city)


def _template_post(rows, **over):
    data = {
        "title": "新版清单",
        "statement": "本单位承诺。",
        "items-TOTAL_FORMS": str(len(rows)),
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"items-{i}-{key}"] = value
    data.update(over)
    return data


def test_the_admin_creates_a_template_with_items(cw, admin):
    client = login(Client(), admin)
    assert client.get("/construction/checklists/new/").status_code == 200
    rows = [
        {"text": "围挡完整", "kind": "yes_no", "required": "on"},
        {"text": "口罩储备天数", "kind": "number_min", "threshold": "7", "unit": "天"},
        {"text": "", "kind": "yes_no"},  # an empty row is ignored
    ]
    response = client.post("/construction/checklists/new/", _template_post(rows))
    template = ChecklistTemplate.objects.get(title="新版清单")
    assert response.status_code == 302 and response["Location"] == template.get_absolute_url()
    assert list(template.items.values_list("text", flat=True)) == ["围挡完整", "口罩储备天数"]
    missing_limit = [{"text": "消毒液", "kind": "number_min"}]
    response = client.post(
        "/construction/checklists/new/", _template_post(missing_limit, title="坏的")
    )
    assert response.status_code == 200
    assert 'data-error-for="items-0-threshold"' in response.content.decode()
    assert not ChecklistTemplate.objects.filter(title="坏的").exists()


def test_editing_a_used_template_makes_the_next_version(cw, admin):
    file_commitment(cw)
    client = login(Client(), admin)
    url = f"/construction/checklists/{cw.template.pk}/edit/"
    page = client.get(url).content.decode()
    assert 'id="frozen-note"' in page and 'id="add-item"' in page
    rows = [{"text": "围挡完整", "kind": "yes_no", "required": "on"}]
    response = client.post(url, _template_post(rows, title="第二版"))
    new = ChecklistTemplate.objects.get(version_number=2)
    assert response.status_code == 302 and response["Location"] == new.get_absolute_url()
    cw.template.refresh_from_db()
    assert cw.template.title != "第二版" and cw.template.items.count() == 12
    client.post(f"/construction/checklists/{new.pk}/activate/")
    new.refresh_from_db()
    assert new.is_active


def test_one_more_item_row_through_htmx(cw, admin):
    client = login(Client(), admin)
    response = client.get(
        "/construction/checklists/item-row/", {"index": "3"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert 'name="items-3-text"' in html
    assert 'id="id_items-TOTAL_FORMS"' in html and 'value="4"' in html and "hx-swap-oob" in html
    assert (
        login(Client(), cw.site_manager_a).get("/construction/checklists/item-row/").status_code
        == 403
    )


def test_the_admin_adds_a_routing_rule(cw, admin):
    client = login(Client(), admin)
    assert (
        "市重点项目报市住建局建设管理科"
        in client.get("/construction/routing-rules/").content.decode()
    )
    response = client.post(
        "/construction/routing-rules/new/",
        {"priority": "5", "name": "桥梁", "match_city_key": "unknown", "match_kind": "bridge",
         "target": "city_department", "department": "", "is_active": "on"},
    )  # fmt: skip
    assert (
        response.status_code == 200 and 'data-error-for="department"' in response.content.decode()
    )
    response = client.post(
        "/construction/routing-rules/new/",
        {"priority": "5", "name": "桥梁", "match_city_key": "unknown", "match_kind": "bridge",
         "target": "city_department", "department": cw.city_department.pk, "is_active": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    rule = RoutingRule.objects.get(name="桥梁")
    assert rule.match_city_key is None and rule.department == cw.city_department


def test_every_page_renders_for_the_bureau_admin(cw, admin):
    commitment = file_commitment(cw)
    concern = concern_report(project=cw.project_a, text="工地夜间施工扬尘大")
    rule = RoutingRule.objects.first()
    client = login(Client(), admin)
    urls = [
        "/construction/commitments/",
        "/construction/commitments/?status=in_force&unread=true&kind=road",
        "/construction/commitments/?export=xlsx",
        commitment.get_absolute_url(),
        f"/construction/commitments/{commitment.pk}/revoke/",
        "/construction/concerns/",
        f"/construction/concerns/{concern.pk}/",
        "/construction/checklists/",
        cw.template.get_absolute_url(),
        f"/construction/checklists/{cw.template.pk}/edit/",
        "/construction/routing-rules/",
        "/construction/routing-rules/new/",
        f"/construction/routing-rules/{rule.pk}/edit/",
        f"/construction/projects/{cw.project_a.pk}/sign/",
        "/public/commitments/",
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url
    menu = client.get("/pages/").content.decode()
    for name in ("commitment_list", "concern_list", "template_list", "routingrule_list"):
        assert f'data-nav="construction:{name}"' in menu


def test_the_project_page_panel_offers_filing_to_the_enterprise(cw, rf):
    from django.template import Context, Template

    file_commitment(cw)
    template = Template("{% load commitment_tags %}{% commitment_panel project %}")
    request = rf.get("/")
    request.user = cw.site_manager_a
    html = template.render(Context({"request": request, "project": cw.project_a}))
    assert 'id="file-commitment"' in html and "解放区住建局" in html
    request.user = make_user("viewer", "department_officer", region=cw.city)
    html = template.render(Context({"request": request, "project": cw.project_a}))
    assert 'id="file-commitment"' not in html
