"""The project page: registry fields, responsible persons edited in place (htmx), targets
against the reported output, the timeline, and "mark completed"."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client

from fugong.audit.models import ChangeLog
from fugong.common.testing import build_world, expected_queries, login, make_user
from fugong.construction.choices import ContactRole, ProjectStatus
from fugong.construction.models import DailyReport, ProjectContact, ProjectTarget
from fugong.construction.services.projects import (
    project_contact_save,
    project_set_status,
    project_target_add,
)

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def officer(world):
    return make_user("officer", "district_officer", region=world.district_a)


def _url(project, tail=""):
    return f"/construction/projects/{project.pk}/{tail}"


def test_the_page_shows_contacts_masked_targets_and_timeline(world, officer):
    project = world.project_a
    project_contact_save(
        actor=None,
        project=project,
        role=ContactRole.PROJECT_MANAGER,
        name="吴闯",
        phone="13939100301",
    )
    project_target_add(
        actor=None, project=project, due_date=datetime.date(2020, 3, 31), value=Decimal("2000")
    )
    DailyReport.objects.create(
        project=project,
        date=datetime.date(2020, 2, 25),
        output_value=Decimal("500"),
        submitted_by=officer,
    )
    html = login(Client(), officer).get(_url(project)).content.decode()
    assert 'id="project-contacts"' in html and "吴闯" in html
    assert "139****0301" in html and "13939100301" not in html
    assert 'id="cumulative-output">500.00<' in html
    assert 'value="25"' in html and "25%" in html  # the progress bar of the 2,000 target
    assert 'id="project-timeline"' in html and 'data-event="created"' in html
    assert 'data-status="not_started"' in html
    assert 'id="complete-project"' not in html  # not started: nothing to complete
    assert not ChangeLog.objects.filter(action="view_personal").exists()


def test_a_viewer_with_full_access_sees_the_phone_and_it_is_recorded(world):
    contact = project_contact_save(
        actor=None,
        project=world.project_a,
        role=ContactRole.PROJECT_MANAGER,
        name="吴闯",
        phone="13939100301",
    )
    admin = make_user("admin", "bureau_admin", region=world.city)
    html = login(Client(), admin).get(_url(world.project_a)).content.decode()
    assert 'href="tel:13939100301"' in html
    entry = ChangeLog.objects.for_object(contact).get(action="view_personal")
    assert entry.actor == admin and entry.message == "phone"


def test_adding_a_contact_in_place_with_htmx(world, officer):
    client = login(Client(), officer)
    form = client.get(_url(world.project_a, "contacts/new/"), **HTMX)
    assert form.status_code == 200
    html = form.content.decode()
    assert 'id="contact-form"' in html and "<html" not in html  # the section alone
    response = client.post(
        _url(world.project_a, "contacts/new/"),
        {"role": "epidemic_officer", "name": "冯国强", "phone": "13939100401"},
        **HTMX,
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'id="project-contacts"' in html
    assert "冯国强" in html and "139****0401" in html
    contact = ProjectContact.objects.get(project=world.project_a)
    assert ChangeLog.objects.for_object(contact).get().actor == officer
    # The same role again: the form comes back with the error on the role, nothing added.
    response = client.post(
        _url(world.project_a, "contacts/new/"),
        {"role": "epidemic_officer", "name": "另一人"},
        **HTMX,
    )
    html = response.content.decode()
    assert 'data-error-for="role"' in html and 'id="contact-form"' in html
    assert ProjectContact.objects.filter(project=world.project_a).count() == 1


def test_without_javascript_the_forms_are_pages_and_redirect_back(world, officer):
    client = login(Client(), officer)
    page = client.get(_url(world.project_a, "targets/new/"))
    assert page.status_code == 200 and "<html" in page.content.decode()
    response = client.post(
        _url(world.project_a, "targets/new/"), {"due_date": "2020-03-31", "value": "2000"}
    )
    assert response.status_code == 302
    assert response["Location"] == _url(world.project_a) + "#project-targets"
    assert ProjectTarget.objects.get(project=world.project_a).value == Decimal("2000")
    bad = client.post(
        _url(world.project_a, "targets/new/"), {"due_date": "2020-04-30", "value": "0"}
    )
    assert bad.status_code == 200 and 'data-error-for="value"' in bad.content.decode()


def test_editing_a_contact_never_shows_the_phone_to_a_masked_viewer(world, officer):
    contact = project_contact_save(
        actor=None,
        project=world.project_a,
        role=ContactRole.PROJECT_MANAGER,
        name="吴闯",
        phone="13939100301",
    )
    client = login(Client(), officer)
    url = _url(world.project_a, f"contacts/{contact.pk}/edit/")
    html = client.get(url, **HTMX).content.decode()
    assert "13939100301" not in html and 'placeholder="139****0301"' in html
    # Leaving the phone empty keeps it; the name changes.
    response = client.post(
        url,
        {"role": "project_manager", "name": "吴闯闯", "phone": "", "version": contact.version},
        **HTMX,
    )
    assert response.status_code == 200
    contact.refresh_from_db()
    assert contact.name == "吴闯闯" and contact.phone.full == "13939100301"


def test_archiving_in_place(world):
    admin = make_user("admin", "bureau_admin", region=world.city)
    contact = project_contact_save(
        actor=None, project=world.project_a, role=ContactRole.PROJECT_MANAGER, name="吴闯"
    )
    target = project_target_add(
        actor=None,
        project=world.project_a,
        due_date=datetime.date(2020, 3, 31),
        value=Decimal("2000"),
    )
    client = login(Client(), admin)
    html = client.post(
        _url(world.project_a, f"contacts/{contact.pk}/archive/"), **HTMX
    ).content.decode()
    assert 'id="project-contacts"' in html and "吴闯" in html  # named in the notice
    assert 'data-contact-role="project_manager"' not in html
    contact.refresh_from_db()
    assert contact.archived_at is not None
    client.post(_url(world.project_a, f"targets/{target.pk}/archive/"), **HTMX)
    target.refresh_from_db()
    assert target.archived_at is not None
    # GET does not archive.
    assert client.get(_url(world.project_a, f"targets/{target.pk}/archive/")).status_code == 405


def test_sections_of_another_districts_project_do_not_exist(world, officer):
    contact = project_contact_save(
        actor=None, project=world.project_b, role=ContactRole.PROJECT_MANAGER, name="乙经理"
    )
    client = login(Client(), officer)
    project = world.project_b
    for tail in ("contacts/", "contacts/new/", f"contacts/{contact.pk}/edit/", "targets/new/"):
        assert client.get(_url(project, tail), **HTMX).status_code == 404, tail
    assert client.post(_url(project, f"contacts/{contact.pk}/archive/")).status_code == 404
    assert client.post(_url(project, "complete/")).status_code == 404
    # Nor can a contact of project B be reached through project A's URL.
    url = _url(world.project_a, f"contacts/{contact.pk}/edit/")
    assert client.get(url, **HTMX).status_code == 404
    contact.refresh_from_db()
    assert contact.archived_at is None


def test_what_an_enterprise_user_may_do_on_the_page(world):
    user = make_user("ent", "enterprise_user", organisation=world.enterprise_a)
    contact = project_contact_save(
        actor=None, project=world.project_a, role=ContactRole.PROJECT_MANAGER, name="吴闯"
    )
    client = login(Client(), user)
    html = client.get(_url(world.project_a)).content.decode()
    assert 'id="add-contact"' in html and 'id="add-target"' not in html
    assert "archive/" not in html and 'id="complete-project"' not in html
    assert client.get(_url(world.project_a, "targets/new/")).status_code == 403
    assert client.post(_url(world.project_a, f"contacts/{contact.pk}/archive/")).status_code == 403
    assert client.get(_url(world.project_a, "complete/")).status_code == 403


def test_marking_a_resumed_project_completed(world, officer):
    project = world.project_a
    project_set_status(actor=None, project=project, to_status=ProjectStatus.RESUMED)
    client = login(Client(), officer)
    assert 'id="complete-project"' in client.get(_url(project)).content.decode()
    response = client.post(_url(project, "complete/"), {"message": "竣工验收合格"})
    assert response.status_code == 302 and response["Location"] == _url(project)
    project.refresh_from_db()
    assert project.status == ProjectStatus.COMPLETED
    html = client.get(_url(project)).content.decode()
    assert "竣工验收合格" in html and 'data-status="completed"' in html
    # Again: refused with the reason, nothing changes.
    again = client.post(_url(project, "complete/"), {"message": ""})
    assert again.status_code == 200 and "alert-danger" in again.content.decode()


def test_the_page_costs_the_same_queries_however_many_contacts_and_targets(
    world, officer, django_assert_num_queries
):
    """Session, user, grants, permissions, project, contacts, targets, the output aggregate
    (one query for every target), timeline, the commitment, and supervision's card through
    the hooks (inspections counted and listed, findings, stop-work orders): the same 12
    with 3 contacts and 3 targets."""
    for role in ("project_manager", "epidemic_officer", "safety_officer"):
        project_contact_save(
            actor=None, project=world.project_a, role=role, name="张三", phone="13912345678"
        )
    for month in (3, 4, 5):
        project_target_add(
            actor=None,
            project=world.project_a,
            due_date=datetime.date(2020, month, 28),
            value=Decimal("100"),
        )
    client = login(Client(), officer)
    client.get(_url(world.project_a))  # warm caches (content types, sessions)
    with django_assert_num_queries(expected_queries(12)):
        assert client.get(_url(world.project_a)).status_code == 200
