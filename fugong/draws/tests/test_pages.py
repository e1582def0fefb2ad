"""Pages, API, public disclosure and the verify command of draws."""

import json

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from fugong.common.testing import ScopedEndpointTests, api_client, login, make_user
from fugong.draws.models import Draw
from fugong.draws.tests.helpers import build_draw_world, full_draw, prepare

pytestmark = pytest.mark.django_db


class TestDrawScoping(ScopedEndpointTests):
    list_url = "/draws/"
    api_list_url = "/api/v1/draws/"
    role = "district_officer"
    list_queries = 4

    def prepare(self, world):
        from fugong.construction.models import Project
        from fugong.draws.services import draw_prepare
        from fugong.organisations.services import organisation_create
        from fugong.supervision.demo import ensure_checklists
        from fugong.supervision.services.registry import inspector_create

        station = organisation_create(
            actor=None, parent=world.bureau, kind="department", name="质监站", region=world.city
        )
        for n in range(2):
            user = make_user(f"inspector-{n}", member_of=station, full_name=f"李{n}")
            inspector_create(
                actor=None,
                user=user,
                organisation=station,
                field="quality",
                certificate_number=f"T-{n}",
            )
        ensure_checklists()
        Project.objects.update(status="resumed")  # test setup: both sites at work
        for name, district in (("draw_a", world.district_a), ("draw_b", world.district_b)):
            draw = draw_prepare(
                actor=None, title=name, region=district, field="quality", mode="count", count=1
            )
            setattr(world, name, draw)

    def prepare_many(self, world):
        from fugong.draws.services import draw_prepare

        for n in range(3):
            draw_prepare(
                actor=None,
                title=f"more-{n}",
                region=world.district_a,
                field="quality",
                mode="count",
                count=1,
            )

    in_scope_attr, out_of_scope_attr = "draw_a", "draw_b"


def test_public_pages_disclose_masked_and_verify():
    sw = build_draw_world()
    # Prepared before the draw: afterwards the drawn inspectors recuse from their sites.
    hidden = prepare(sw, region=sw.district_a, count=1, title="未公开")
    draw = full_draw(sw)
    anonymous = Client()
    page = anonymous.get("/draws/public/").content.decode()
    assert draw.number in page and hidden.number not in page
    detail = anonymous.get(draw.get_public_url())
    html = detail.content.decode()
    assert 'data-verified="yes"' in html and draw.seed in html
    for row in draw.targets.all():
        for inspector in row.inspectors.all():
            full = inspector.display_name
            assert full not in html and full[0] + "*" in html
    assert "139" not in html  # no phone numbers
    assert anonymous.get(hidden.get_public_url()).status_code == 404
    # A result that does not follow from the inputs and seed is shown as not verified.
    Draw.objects.filter(pk=draw.pk).update(result=list(reversed(draw.result)))
    assert 'data-verified="no"' in anonymous.get(draw.get_public_url()).content.decode()


def test_published_draw_keeps_its_seed_secret_until_drawn():
    from fugong.draws.services import draw_publish

    sw = build_draw_world()
    draw = draw_publish(actor=sw.leader, draw=prepare(sw))
    client = Client()
    html = client.get(draw.get_public_url()).content.decode()
    assert draw.seed_hash in html and draw.seed not in html
    document = client.get(f"/draws/public/{draw.number}.json").json()
    assert document["seed"] is None and document["seed_hash"] == draw.seed_hash
    api = api_client(sw.leader).get(f"/api/v1/draws/{draw.pk}/").json()
    assert api["seed"] is None and api["seed_hash"] == draw.seed_hash
    with pytest.raises(CommandError):
        call_command("verify_draw", draw.number)


def test_verify_page_and_command_re_run_a_downloaded_draw(tmp_path, capsys):
    sw = build_draw_world()
    draw = full_draw(sw)
    client = Client()
    document = client.get(f"/draws/public/{draw.number}.json").json()
    page = client.post("/draws/public/verify/", {"document": json.dumps(document)})
    assert 'data-verified="yes"' in page.content.decode()
    assert "风险" in client.get("/draws/public/verify/").content.decode()
    bad = client.post("/draws/public/verify/", {"document": "{not json"})
    assert bad.status_code == 200 and "粘贴" in bad.content.decode()
    malformed = json.dumps({"inputs": {"targets": [{"x": 1}]}, "seed": "zz", "result": []})
    odd = client.post("/draws/public/verify/", {"document": malformed})
    assert odd.status_code == 200 and "不是本系统" in odd.content.decode()
    path = tmp_path / "draw.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    call_command("verify_draw", str(path))
    call_command("verify_draw", draw.number)
    assert "verified" in capsys.readouterr().out
    document["result"] = list(reversed(document["result"]))
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("verify_draw", str(path))


def test_leader_prepares_and_runs_a_draw_on_the_pages():
    sw = build_draw_world()
    client = login(Client(), sw.leader)
    assert client.get("/draws/new/").status_code == 200
    response = client.post(
        "/draws/new/",
        {
            "title": "页面抽查",
            "region": sw.city.pk,
            "field": "quality",
            "project_kind": "",
            "mode": "count",
            "count": 2,
            "inspectors_per_target": 2,
            "weighting": "risk",
            "planned_on": "2099-01-01",
        },
    )
    draw = Draw.objects.get(title="页面抽查")
    assert response.status_code == 302 and response["Location"] == draw.get_absolute_url()
    for step in ("publish", "run", "assign"):
        assert client.post(f"/draws/{draw.pk}/{step}/").status_code == 302
    draw.refresh_from_db()
    assert draw.status == "assigned"
    detail = client.get(draw.get_absolute_url()).content.decode()
    assert draw.seed in detail
    # Too many inspectors per site: refused on the form, naming the sites.
    refused = client.post(
        "/draws/new/",
        {
            "title": "人手不足",
            "region": sw.city.pk,
            "field": "quality",
            "mode": "count",
            "count": 1,
            "inspectors_per_target": 4,
            "weighting": "equal",
            "planned_on": "2099-01-01",
        },
    )
    assert refused.status_code == 200 and "东海大道" in refused.content.decode()
    assert not Draw.objects.filter(title="人手不足").exists()
    # An officer sees the draw but cannot move it.
    officer = login(Client(), sw.quality_a)
    assert officer.get(draw.get_absolute_url()).status_code == 200
    assert officer.get("/draws/new/").status_code == 403
    assert officer.post(f"/draws/{draw.pk}/cancel/").status_code == 403


def test_api_runs_the_whole_life_and_refuses_what_cannot_be_staffed():
    sw = build_draw_world()
    api = api_client(sw.leader)
    body = {
        "title": "接口抽查",
        "region": sw.city.pk,
        "field": "quality",
        "mode": "count",
        "count": 2,
    }
    created = api.post("/api/v1/draws/", body, format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    for step, status in (("publish", "published"), ("run", "drawn"), ("assign", "assigned")):
        response = api.post(f"/api/v1/draws/{pk}/{step}/")
        assert response.status_code == 200 and response.json()["status"] == status
    data = api.get(f"/api/v1/draws/{pk}/").json()
    assert len(data["drawn"]) == 2 and data["seed"]
    refused = api.post("/api/v1/draws/", {**body, "inspectors_per_target": 4}, format="json")
    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "understaffed"
    assert "东海大道" in refused.json()["error"]["message"]
    # The safety officer sees no quality draw; the quality officer may not run one.
    assert api_client(sw.safety_a).get("/api/v1/draws/").json()["results"] == []
    assert api_client(sw.quality_a).post(f"/api/v1/draws/{pk}/cancel/").status_code == 403
    schema = Client().get("/api/schema/").content.decode()
    assert "/api/v1/draws/{id}/run/" in schema and "/api/v1/draws/{id}/assign/" in schema
