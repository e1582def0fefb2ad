import pytest
from django.test import Client

from fugong.audit.models import ChangeLog
from fugong.common.testing import build_world, login, make_user
from fugong.construction.models import Project


@pytest.fixture
def world(db):
    return build_world()


def _form(world, **over):
    data = {
        "name": "中原路",
        "kind": "road",
        "region": world.district_a.pk,
        "builder": world.enterprise_a.pk,
        "responsible_phone": "13900001111",
    }
    return {**data, **over}


def test_a_district_officer_registers_a_project_through_the_form(world):
    officer = make_user("officer", "district_officer", region=world.district_a)
    client = login(Client(), officer)
    page = client.get("/construction/projects/new/").content.decode()
    assert "解放区" in page and "山阳区" not in page  # only their own district is offered
    response = client.post("/construction/projects/new/", _form(world))
    project = Project.objects.get(name="中原路")
    assert response.status_code == 302 and response["Location"] == project.get_absolute_url()
    assert ChangeLog.objects.for_object(project).get().actor == officer


def test_another_districts_id_in_the_form_is_refused(world):
    officer = make_user("officer", "district_officer", region=world.district_a)
    response = login(Client(), officer).post(
        "/construction/projects/new/",
        _form(world, region=world.district_b.pk, builder=world.enterprise_b.pk),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-error-for="region"' in html and 'data-error-for="builder"' in html
    assert not Project.objects.filter(name="中原路").exists()


def test_a_stale_edit_form_says_someone_else_changed_it(world):
    officer = make_user("officer", "district_officer", region=world.district_a)
    client = login(Client(), officer)
    url = f"/construction/projects/{world.project_a.pk}/edit/"
    stale = world.project_a.version
    assert (
        client.post(url, _form(world, name="东海大道", address="一", version=stale)).status_code
        == 302
    )
    response = client.post(url, _form(world, name="东海大道", address="二", version=stale))
    assert response.status_code == 200 and "alert-danger" in response.content.decode()
    assert Project.objects.get(pk=world.project_a.pk).address == "一"


def test_seeing_a_phone_in_full_is_recorded(world):
    admin = make_user("admin", "bureau_admin", region=world.city)
    login(Client(), admin).get(world.project_a.get_absolute_url())
    entry = ChangeLog.objects.for_object(world.project_a).get(action="view_personal")
    assert entry.actor == admin and entry.message == "responsible_phone"
    officer = make_user("officer", "district_officer", region=world.district_a)
    login(Client(), officer).get(world.project_a.get_absolute_url())
    assert ChangeLog.objects.filter(action="view_personal").count() == 1


def test_export_masks_phones(world):
    from fugong.common.testing import xlsx_rows

    officer = make_user("officer", "district_officer", region=world.district_a)
    rows = xlsx_rows(
        login(Client(), officer).get("/construction/projects/", {"export": "xlsx"}).content
    )
    assert ("东海大道" in rows[1]) and "139****5678" in rows[1]
    assert all("13912345678" not in str(cell) for row in rows for cell in row)


def test_the_edit_form_does_not_show_a_masked_viewer_the_phone(world):
    officer = make_user("officer", "district_officer", region=world.district_a)
    client = login(Client(), officer)
    url = f"/construction/projects/{world.project_a.pk}/edit/"
    html = client.get(url).content.decode()
    assert "13912345678" not in html and 'placeholder="139****5678"' in html
    data = _form(world, name="东海大道", version=world.project_a.version)
    data["responsible_phone"] = ""  # left empty: the number is kept
    assert client.post(url, data).status_code == 302
    assert Project.objects.get(pk=world.project_a.pk).responsible_phone.full == "13912345678"
    # Someone allowed to see it gets it in the form, as it must round-trip.
    admin = make_user("admin", "bureau_admin", region=world.city)
    assert "13912345678" in login(Client(), admin).get(url).content.decode()
