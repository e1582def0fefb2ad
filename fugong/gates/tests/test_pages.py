import pytest
from django.test import Client

from fugong.common.testing import api_client, login
from fugong.gates.models import Checkpoint, Passage
from fugong.gates.tests.factories import build_gate_world


@pytest.fixture
def gw(db):
    return build_gate_world()


def test_desk_finds_by_name_phone_and_room_and_records(gw):
    client = login(Client(), gw.worker)
    for query in ("张三", "13912340001", "301"):
        page = client.get(f"/gates/{gw.gate_a.pk}/desk/", {"q": query}).content.decode()
        assert f'data-resident="{gw.zhang.pk}"' in page, query
        assert "王五" not in page
    response = client.post(
        f"/gates/{gw.gate_a.pk}/desk/",
        {"resident": gw.zhang.pk, "direction": "in", "temperature": "36.8", "key": "x1"},
    )
    assert response.status_code == 302
    assert Passage.objects.get().recorded_by == gw.worker


def test_desk_refuses_an_impossible_temperature_in_place(gw):
    client = login(Client(), gw.worker)
    response = client.post(
        f"/gates/{gw.gate_a.pk}/desk/",
        {"resident": gw.zhang.pk, "direction": "in", "temperature": "30"},
    )
    assert response.status_code == 400
    assert 'data-code="impossible_temperature"' in response.content.decode()
    assert not Passage.objects.exists()


def test_desk_records_a_visitor(gw):
    client = login(Client(), gw.worker)
    client.post(
        f"/gates/{gw.gate_a.pk}/desk/",
        {
            "kind": "visitor",
            "visitor_name": "王师傅",
            "visit_reason": "送水",
            "visiting": "1号楼301",
            "direction": "in",
            "temperature": "36.2",
        },
    )
    assert Passage.objects.get().visiting == "1号楼301"


def test_poster_is_a_pdf_with_the_token_url(gw):
    response = login(Client(), gw.cadre).get(f"/gates/{gw.gate_a.pk}/poster.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_new_token_retires_the_old_posters(gw):
    old = gw.gate_a.token
    client = login(Client(), gw.cadre)
    client.post(f"/gates/{gw.gate_a.pk}/new-token/")
    assert Checkpoint.objects.get(pk=gw.gate_a.pk).token != old
    assert Client().get(f"/gates/scan/{old}/").status_code == 404
    assert login(Client(), gw.worker).post(f"/gates/{gw.gate_a.pk}/new-token/").status_code == 403


def test_cadre_sets_up_a_gate_and_duplicates_are_refused(gw):
    client = login(Client(), gw.cadre)
    data = {"compound": gw.compound_a.pk, "name": "北门", "kind": "gate"}
    assert client.post("/gates/new/", data).status_code == 302
    again = client.post("/gates/new/", data)
    assert again.status_code == 200 and Checkpoint.objects.filter(name="北门").count() == 1
    # The compound of another community is not offered.
    other = client.post("/gates/new/", {**data, "compound": gw.compound_b.pk, "name": "x"})
    assert other.status_code == 200 and not Checkpoint.objects.filter(name="x").exists()


def test_api_records_a_passage_and_refuses_updates(gw):
    api = api_client(gw.worker)
    response = api.post(
        "/api/v1/passages/",
        {
            "checkpoint": gw.gate_a.pk,
            "direction": "in",
            "resident": gw.zhang.pk,
            "temperature": "37.5",
        },
        format="json",
    )
    assert response.status_code == 201 and response.json()["fever"] is True
    pk = response.json()["id"]
    # Refused (no permission to change, and no route for it either); nothing changes.
    assert api.patch(f"/api/v1/passages/{pk}/", {"direction": "out"}).status_code in (403, 405)
    assert api.delete(f"/api/v1/passages/{pk}/").status_code in (403, 405)
    assert Passage.objects.get(pk=pk).direction == "in"
    bad = api.post(
        "/api/v1/passages/",
        {
            "checkpoint": gw.gate_a.pk,
            "direction": "in",
            "resident": gw.zhang.pk,
            "temperature": "50",
        },
        format="json",
    )
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "impossible_temperature"


def test_openapi_lists_the_gates_endpoints(db):
    schema = Client().get("/api/schema/?format=json").json()
    for path in (
        "/api/v1/checkpoints/",
        "/api/v1/passages/",
        "/api/v1/contact-tracing/",
        "/api/v1/tracing-cases/{id}/close/",
        "/api/v1/tracing-runs/",
    ):
        assert path in schema["paths"], path


def test_api_poster_new_token_and_purge_log(gw):
    from fugong.common.testing import make_user
    from fugong.gates.services.retention import purge_expired

    api = api_client(gw.cadre)
    poster = api.get(f"/api/v1/checkpoints/{gw.gate_a.pk}/poster/")
    assert poster.status_code == 200 and poster.content.startswith(b"%PDF")
    old = gw.gate_a.token
    assert api.post(f"/api/v1/checkpoints/{gw.gate_a.pk}/new-token/").status_code == 200
    assert Checkpoint.objects.get(pk=gw.gate_a.pk).token != old
    assert api.get(f"/api/v1/checkpoints/{gw.gate_b.pk}/poster/").status_code == 404
    assert (
        api_client(gw.worker).post(f"/api/v1/checkpoints/{gw.gate_a.pk}/new-token/").status_code
        == 403
    )
    purge_expired()
    assert api.get("/api/v1/retention-purges/").status_code == 403
    admin = make_user("gate-admin", "bureau_admin", region=gw.world.city)
    rows = api_client(admin).get("/api/v1/retention-purges/").json()["results"]
    assert rows[0]["counts"]["passages_anonymised"] == 0
