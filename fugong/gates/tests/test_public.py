"""The no-login QR page: register once, then one tap; a replayed cookie after the
resident was removed or moved gets a clear error and records nothing."""

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from fugong.gates.models import Passage
from fugong.gates.services.registration import COOKIE_NAME
from fugong.gates.tests.factories import PHONE_A, PHONE_A2, PHONE_B, build_gate_world


@pytest.fixture
def gw(db):
    return build_gate_world()


def scan_url(gate):
    return reverse("gates:scan", args=[gate.token])


def register(client, gw, **extra):
    data = {
        "name": "张三",
        "phone": PHONE_A,
        "id_last4": gw.zhang.id_number.full[-4:],
        "building": gw.building_a.pk,
        "unit": "1",
        "room": "301",
    }
    data.update(extra)
    return client.post(reverse("gates:register", args=[gw.gate_a.token]), data)


def test_first_visit_shows_registration_without_anyone_s_data(gw):
    response = Client().get(scan_url(gw.gate_a))
    html = response.content.decode()
    assert response.status_code == 200 and 'id="register-form"' in html
    assert "1号楼" in html and "张三" not in html and "2号楼" not in html
    assert (
        response["Cache-Control"].startswith("no-store") or "no-store" in response["Cache-Control"]
    )


def test_register_then_one_tap_in_and_out(gw):
    client = Client()
    response = register(client, gw)
    assert response.status_code == 302
    cookie = response.cookies[COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    page = client.get(scan_url(gw.gate_a)).content.decode()
    assert 'id="tap-form"' in page and "张三" in page
    response = client.post(
        scan_url(gw.gate_a), {"direction": "in", "temperature": "36.4", "key": "a"}
    )
    assert response.status_code == 200 and 'id="scan-done"' in response.content.decode()
    client.post(scan_url(gw.gate_a), {"direction": "out", "key": "b"})
    passages = list(Passage.objects.order_by("at"))
    assert [(p.resident_id, p.direction, p.source) for p in passages] == [
        (gw.zhang.pk, "in", "qr"),
        (gw.zhang.pk, "out", "qr"),
    ]


def test_a_resident_without_identity_number_registers_by_name_phone_and_room(gw):
    client = Client()
    response = register(client, gw, name="李四", phone=PHONE_A2, id_last4="")
    assert response.status_code == 302


@pytest.mark.parametrize(
    "wrong",
    [
        {"name": "张四"},
        {"room": "302"},
        {"id_last4": "0000"},
        {"phone": "13912349999"},
        {"phone": PHONE_B, "name": "王五"},  # lives in the other compound
    ],
)
def test_a_mismatch_is_refused_with_one_message(gw, wrong):
    response = register(Client(), gw, **wrong)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-code="no_match"' in html
    assert COOKIE_NAME not in response.cookies


def test_malformed_phone_is_a_field_error(gw):
    response = register(Client(), gw, phone="12345")
    assert response.status_code == 400
    assert 'data-error-for="phone"' in response.content.decode()


def test_impossible_temperature_is_refused_and_records_nothing(gw):
    client = Client()
    register(client, gw)
    response = client.post(scan_url(gw.gate_a), {"direction": "in", "temperature": "45"})
    assert response.status_code == 400
    assert 'data-code="impossible_temperature"' in response.content.decode()
    assert not Passage.objects.exists()


def test_replayed_cookie_after_the_resident_was_removed(gw):
    from fugong.community.services import resident_delete

    client = Client()
    register(client, gw)
    resident_delete(actor=None, resident=gw.zhang)
    response = client.post(scan_url(gw.gate_a), {"direction": "in", "temperature": "36.5"})
    assert response.status_code == 403
    html = response.content.decode()
    assert 'data-code="registration_invalid"' in html and 'id="register-form"' in html
    assert response.cookies[COOKIE_NAME].value == ""  # the phone forgets it
    assert not Passage.objects.exists()


def test_cookie_stops_working_when_the_phone_changes(gw):
    from fugong.community.services import resident_update

    client = Client()
    register(client, gw)
    resident_update(actor=None, resident=gw.zhang, data={"phone": "13700001111"})
    response = client.post(scan_url(gw.gate_a), {"direction": "out"})
    assert response.status_code == 403 and not Passage.objects.exists()


def test_cookie_at_a_gate_of_another_compound_is_refused(gw):
    client = Client()
    register(client, gw)
    response = client.post(scan_url(gw.gate_b), {"direction": "out"})
    assert response.status_code == 403
    assert 'data-code="wrong_compound"' in response.content.decode()
    assert not Passage.objects.exists()


def test_forged_cookie_is_ignored(gw):
    client = Client()
    client.cookies[COOKIE_NAME] = signing.dumps({"r": gw.zhang.pk, "v": 1}, salt="other")
    response = client.post(scan_url(gw.gate_a), {"direction": "out"})
    assert response.status_code == 403 and not Passage.objects.exists()


def test_unknown_or_retired_token_is_404(gw):
    from fugong.gates.services.checkpoints import checkpoint_update

    assert Client().get(reverse("gates:scan", args=["nope"])).status_code == 404
    checkpoint_update(actor=None, checkpoint=gw.gate_a, data={"is_active": False})
    assert Client().get(scan_url(gw.gate_a)).status_code == 404


def test_the_page_is_rate_limited(gw, settings):
    settings.PUBLIC_RATE = "2/m"
    client = Client()
    codes = [client.get(scan_url(gw.gate_a)).status_code for _n in range(3)]
    assert codes == [200, 200, 429]


def test_a_registered_phone_is_throttled_per_resident_not_per_address(gw, settings, monkeypatch):
    from fugong.gates import throttle

    monkeypatch.setattr(throttle, "_clock", lambda: 600.0)  # one window throughout
    settings.PUBLIC_RATE = "2/m"
    settings.GATES_TAP_RATE = "3/m"
    resident = Client()
    assert register(resident, gw).status_code == 302  # the address's first request
    codes = [
        resident.post(scan_url(gw.gate_a), {"direction": "out", "key": f"k{n}"}).status_code
        for n in range(4)
    ]
    assert codes == [200, 200, 200, 429]  # past the address's 2/m, held at the resident's 3/m
    assert Passage.objects.count() == 3
    # The page's own count per address was left alone by the resident's taps: a stranger
    # from the same address has its two, then is refused.
    stranger = Client()
    codes = [stranger.get(scan_url(gw.gate_a)).status_code for _n in range(3)]
    assert codes == [200, 200, 429]


def test_a_forged_cookie_counts_per_address(gw, settings):
    settings.PUBLIC_RATE = "2/m"
    client = Client()
    client.cookies[COOKIE_NAME] = signing.dumps({"r": gw.zhang.pk, "v": 1}, salt="other")
    codes = [client.post(scan_url(gw.gate_a), {"direction": "out"}).status_code for _n in range(3)]
    assert codes == [403, 403, 429]


def test_the_tap_is_lean(gw):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = Client()
    register(client, gw)
    client.get(scan_url(gw.gate_a))  # content types
    with CaptureQueriesContext(connection) as queries:
        response = client.post(scan_url(gw.gate_a), {"direction": "out", "key": "lean"})
    assert response.status_code == 200
    sql = [q["sql"] for q in queries.captured_queries]
    # the gate with the resident (one statement), the quarantine check (care), the insert in
    # a savepoint — no rate counter in the cache table, nothing per part of the page
    assert not any("cache" in statement for statement in sql), sql
    assert len(sql) <= 5, sql
