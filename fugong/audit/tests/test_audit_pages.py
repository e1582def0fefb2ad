import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from fugong.audit.models import ChangeLog
from fugong.common.testing import build_world, login, make_user
from fugong.construction.models import Project
from fugong.construction.services.projects import project_update


@pytest.fixture
def world(db):
    return build_world()


def test_admin_sees_an_objects_history_on_its_page(world):
    admin = make_user("admin", "bureau_admin", region=world.city)
    project_update(actor=admin, project=world.project_a, data={"address": "人民路"})
    html = login(Client(), admin).get(world.project_a.get_absolute_url()).content.decode()
    assert 'id="history"' in html and "address" in html


def test_history_is_hidden_from_roles_without_audit_permission(world):
    officer = make_user("officer", "district_officer", region=world.district_a)
    html = login(Client(), officer).get(world.project_a.get_absolute_url()).content.decode()
    assert 'id="history"' not in html


def test_the_change_log_can_be_searched(world):
    admin = make_user("admin", "bureau_admin", region=world.city)
    project_update(actor=admin, project=world.project_a, data={"address": "人民路"})
    client = login(Client(), admin)
    ct = ContentType.objects.get_for_model(Project)
    response = client.get(
        "/audit/", {"content_type": ct.pk, "object_id": world.project_a.pk, "action": "update"}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "东海大道" in html and "群英河桥" not in html
    html = client.get("/audit/", {"q": "群英河桥"}).content.decode()
    assert "群英河桥" in html and "东海大道" not in html.split('id="object-table"')[1]


def test_the_change_detail_shows_before_and_after(world):
    admin = make_user("admin", "bureau_admin", region=world.city)
    project_update(actor=admin, project=world.project_a, data={"address": "人民路"})
    entry = ChangeLog.objects.for_object(world.project_a).filter(action="update").get()
    html = login(Client(), admin).get(entry.get_absolute_url()).content.decode()
    assert "人民路" in html and 'class="table-warning"' in html


def test_request_id_is_recorded(world):
    admin = make_user("admin", "bureau_admin", region=world.city)
    client = login(Client(), admin)
    client.post(
        f"/construction/projects/{world.project_a.pk}/edit/",
        {
            "name": "东海大道",
            "kind": "road",
            "region": world.district_a.pk,
            "builder": world.enterprise_a.pk,
            "address": "新地址",
            "version": world.project_a.version,
        },
        HTTP_X_REQUEST_ID="req-from-nginx-1",
    )
    entry = ChangeLog.objects.for_object(world.project_a).filter(action="update").get()
    assert entry.request_id == "req-from-nginx-1" and entry.actor == admin
