"""The QR site sign (公示牌): public, no login, rate-limited; a concern reaches the authority."""

import pytest
from django.test import Client, override_settings

from fugong.common.testing import login, make_user
from fugong.construction.models import Concern, ProjectEvent
from fugong.construction.selectors.commitments import project_for_sign_token, site_sign_token
from fugong.construction.services.commitments import commitment_revoke
from fugong.construction.tests.commitment_helpers import build_commitment_world, file_commitment


@pytest.fixture
def cw(db):
    return build_commitment_world()


def _url(project):
    return f"/public/sites/{site_sign_token(project)}/"


def test_the_sign_opens_without_login_with_a_masked_phone(cw):
    file_commitment(cw, responsible_person="吴闯", responsible_phone="13939100301")
    response = Client().get(_url(cw.project_a))
    assert response.status_code == 200
    html = response.content.decode()
    assert "东海大道" in html and "吴闯" in html and "解放区住建局" in html
    assert "139****0301" in html and "13939100301" not in html
    assert 'data-field="status"' in html and 'id="stop-work"' not in html
    assert response["Cache-Control"] == "no-store"


def test_a_suspended_site_shows_stop_work(cw):
    commitment = file_commitment(cw)
    officer = make_user("officer", "district_officer", region=cw.district_a)
    commitment_revoke(actor=officer, commitment=commitment, reason="虚假承诺：未设隔离室")
    html = Client().get(_url(cw.project_a)).content.decode()
    assert 'id="stop-work"' in html


def test_the_token_cannot_be_guessed_from_the_id(cw):
    token = site_sign_token(cw.project_a)
    assert project_for_sign_token(token) == cw.project_a
    pk, digest = token.split("-")
    assert len(digest) == 24
    assert project_for_sign_token(f"{cw.project_b.pk}-{digest}") is None
    for bad in (pk, f"{pk}-", f"{pk}-{'0' * 24}", "x-y", "", f"{pk}-{digest}0"):
        assert Client().get(f"/public/sites/{bad}/").status_code == 404


@override_settings(PUBLIC_RATE="2/m")
def test_the_sign_is_rate_limited(cw):
    client = Client()
    url = _url(cw.project_a)
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 429]


def test_a_concern_is_stored_and_the_project_timeline_says_so(cw):
    file_commitment(cw)
    url = _url(cw.project_a)
    response = Client().post(
        f"{url}concern/", {"text": "工地东门晚上无人值守", "contact": "13912340000"}
    )
    assert response.status_code == 302 and response["Location"] == f"{url}?reported=1"
    concern = Concern.objects.get()
    assert concern.project == cw.project_a and concern.contact.full == "13912340000"
    assert ProjectEvent.objects.filter(kind="concern_reported").count() == 1
    assert 'id="concern-sent"' in Client().get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    "data",
    [
        {"text": "坏"},
        {"text": ""},
        {"text": "x" * 1001},
        {"text": "工地东门晚上无人值守", "contact": "12345"},
    ],
)
def test_bad_input_changes_nothing(cw, data):
    response = Client().post(f"{_url(cw.project_a)}concern/", data)
    assert response.status_code == 400
    assert "data-error-for=" in response.content.decode()
    assert not Concern.objects.exists()
    assert not ProjectEvent.objects.filter(kind="concern_reported").exists()


def test_a_robot_filling_the_honeypot_is_thanked_and_ignored(cw):
    response = Client().post(
        f"{_url(cw.project_a)}concern/", {"text": "买便宜的药 http://spam", "website": "x"}
    )
    assert response.status_code == 302
    assert not Concern.objects.exists()


@override_settings(PUBLIC_RATE="2/m")
def test_concern_posting_is_rate_limited(cw):
    client = Client()
    url = f"{_url(cw.project_a)}concern/"
    codes = [client.post(url, {"text": f"第{i}次：无人值守"}).status_code for i in range(3)]
    assert codes == [302, 302, 429]
    assert Concern.objects.count() == 2


def test_the_public_list_shows_commitments_without_personal_data(cw):
    file_commitment(cw, responsible_person="吴闯", responsible_phone="13939100301")
    response = Client().get("/public/commitments/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "东海大道" in html and "甲建设公司" in html
    assert "吴闯" not in html and "0301" not in html


def test_the_printable_sign_has_the_qr_code_for_people_in_scope(cw):
    file_commitment(cw)
    client = login(Client(), cw.site_manager_a)
    response = client.get(f"/construction/projects/{cw.project_a.pk}/sign/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'src="data:image/svg+xml' in html and site_sign_token(cw.project_a) in html
    other = login(Client(), cw.site_manager_b)
    assert other.get(f"/construction/projects/{cw.project_a.pk}/sign/").status_code == 404
