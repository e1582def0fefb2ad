"""Generated scoping tests (no grant → 403, in scope, out of scope → nothing/404, export,
API, pinned query counts) for the gates' lists."""

from django.test import Client

from fugong.common.testing import ScopedEndpointTests, api_client, login
from fugong.gates.services.passages import passage_record
from fugong.gates.tests.factories import add_gates


class GatesWorld:
    role = "cadre"

    def prepare(self, world):
        gw = add_gates(world)
        world.gw = gw
        world.gate_a, world.gate_b = gw.gate_a, gw.gate_b
        world.passage_a = passage_record(
            actor=gw.cadre, checkpoint_id=gw.gate_a.pk, direction="out", resident_id=gw.zhang.pk
        )
        world.passage_b = passage_record(
            actor=gw.outsider,
            checkpoint_id=gw.gate_b.pk,
            direction="out",
            resident_id=gw.wang.pk,
        )


class TestCheckpointScoping(GatesWorld, ScopedEndpointTests):
    list_url = "/gates/"
    api_list_url = "/api/v1/checkpoints/"
    in_scope_attr, out_of_scope_attr = "gate_a", "gate_b"
    list_queries = 4

    def text_of(self, obj):
        return obj.compound.name

    def prepare_many(self, world):
        from fugong.gates.services.checkpoints import checkpoint_create

        for n in range(5):
            checkpoint_create(actor=None, compound=world.gw.compound_a, name=f"卡点{n}")


class TestPassageScoping(GatesWorld, ScopedEndpointTests):
    list_url = "/gates/passages/"
    api_list_url = "/api/v1/passages/"
    in_scope_attr, out_of_scope_attr = "passage_a", "passage_b"
    list_queries = 5

    def text_of(self, obj):
        return obj.resident.name

    def prepare_many(self, world):
        for _n in range(5):
            passage_record(
                actor=world.gw.cadre,
                checkpoint_id=world.gate_a.pk,
                direction="out",
                resident_id=world.gw.li.pk,
            )


def test_pages_and_api_of_an_outsider_show_nothing_of_the_community(db):
    from fugong.common.testing import build_world

    world = build_world()
    gw = add_gates(world)
    passage = passage_record(
        actor=gw.cadre,
        checkpoint_id=gw.gate_a.pk,
        direction="in",
        resident_id=gw.zhang.pk,
        temperature="37.9",
    )
    client = login(Client(), gw.outsider)
    assert "张三" not in client.get("/gates/alerts/").content.decode()
    assert client.get(f"/gates/passages/{passage.pk}/").status_code == 404
    assert client.get(f"/gates/{gw.gate_a.pk}/desk/").status_code == 404
    assert client.get(f"/gates/{gw.gate_a.pk}/poster.pdf").status_code == 404
    api = api_client(gw.outsider)
    assert api.get(f"/api/v1/passages/{passage.pk}/").status_code == 404
    response = api.post(
        "/api/v1/passages/",
        {"checkpoint": gw.gate_a.pk, "direction": "out", "resident": gw.zhang.pk},
        format="json",
    )
    assert response.status_code == 404
    # The cadre of the community sees the alert.
    mine = login(Client(), gw.cadre).get("/gates/alerts/").content.decode()
    assert "张三" in mine
