import pytest
from django.test import Client

from fugong.common.testing import build_world, login, make_user
from fugong.messaging.models import InAppMessage
from fugong.messaging.services import notify


@pytest.fixture
def people(db):
    build_world()
    return make_user("a"), make_user("b")


def test_notify_is_idempotent_per_key(people):
    a, b = people
    assert notify(recipients=[a, b], kind="test", title="T", key="k1") == 2
    assert notify(recipients=[a, b], kind="test", title="T", key="k1") == 0
    assert InAppMessage.objects.count() == 2


def test_inactive_people_get_nothing(people):
    a, b = people
    b.is_active = False
    b.save(update_fields=["is_active"])
    assert notify(recipients=[a, b], kind="test", title="T", key="k") == 1


def test_the_inbox_shows_only_ones_own_messages(people):
    a, b = people
    notify(recipients=[a], kind="test", title="给甲的消息", link="/regions/", key="k")
    notify(recipients=[b], kind="test", title="给乙的消息", key="k")
    client = login(Client(), a)
    html = client.get("/messages/").content.decode()
    assert "给甲的消息" in html and "给乙的消息" not in html
    assert 'id="unread-count"' in client.get("/messages/badge/").content.decode()
    other = InAppMessage.objects.get(recipient=b)
    assert client.post(f"/messages/{other.pk}/open/").status_code == 404
    mine = InAppMessage.objects.get(recipient=a)
    response = client.post(f"/messages/{mine.pk}/open/")
    assert response.status_code == 302 and response["Location"] == "/regions/"
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert 'id="unread-count"' not in client.get("/messages/badge/").content.decode()


def test_an_outside_link_is_not_followed(people):
    a, _ = people
    notify(recipients=[a], kind="test", title="x", link="https://evil.example/", key="k")
    message = InAppMessage.objects.get()
    response = login(Client(), a).post(f"/messages/{message.pk}/open/")
    assert response["Location"] == "/messages/"
