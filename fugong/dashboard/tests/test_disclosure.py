"""The public disclosure page (一公开): no login, what the apps publish, no personal data."""

from django.test import Client

from fugong.common.testing import build_world


def test_the_public_page_without_login(db):
    world = build_world()
    response = Client().get("/dashboard/public/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="disclosure-commitments"' in html
    assert "13912345678" not in html and "139****5678" not in html  # no phones at all
    unknown = Client().get("/dashboard/public/", {"district": "nope"}).content.decode()
    assert "alert-warning" in unknown
    one = Client().get("/dashboard/public/", {"district": world.district_a.code})
    assert one.status_code == 200
