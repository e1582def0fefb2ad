import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from fugong.accounts.models import Role, RoleGrant
from fugong.accounts.services import grant_role, revoke_grant, role_by_code
from fugong.audit.models import ChangeLog
from fugong.common.errors import FugongError, NotFound
from fugong.common.testing import build_world, login, make_user
from fugong.construction.models import Project


@pytest.fixture
def world(db):
    return build_world()


def test_every_role_of_the_product_exists(world):
    assert set(Role.objects.values_list("code", flat=True)) == {
        "bureau_admin",
        "leader",
        "department_officer",
        "district_officer",
        "cadre",
        "community_worker",
        "enterprise_user",
    }


def test_what_a_role_may_do_is_data(world):
    """Taking a permission off the role takes the page away; no code changes."""
    officer = make_user("officer", "district_officer", region=world.district_a)
    client = login(Client(), officer)
    assert client.get("/construction/projects/").status_code == 200
    role = Role.objects.get(code="district_officer")
    role.permissions.remove(Permission.objects.get(codename="view_project"))
    officer = type(officer).objects.get(pk=officer.pk)
    client = login(Client(), officer)
    assert client.get("/construction/projects/").status_code == 403


def test_unknown_role_is_a_clear_error(world):
    with pytest.raises(FugongError) as exc:
        role_by_code("astronaut")
    assert exc.value.code == "unknown_role"


def test_a_grant_needs_the_right_kind_of_scope(world):
    user = make_user("u")
    with pytest.raises(FugongError) as exc:
        grant_role(
            actor=None,
            user=user,
            role=Role.objects.get(code="enterprise_user"),
            region=world.district_a,
        )
    assert exc.value.code == "grant_scope_kind"
    with pytest.raises(FugongError):
        grant_role(actor=None, user=user, role=Role.objects.get(code="cadre"))
    assert not RoleGrant.objects.filter(user=user).exists()


def test_the_same_grant_twice_is_refused(world):
    user = make_user("u", "cadre", region=world.community_a)
    with pytest.raises(FugongError) as exc:
        grant_role(
            actor=None, user=user, role=Role.objects.get(code="cadre"), region=world.community_a
        )
    assert exc.value.code == "duplicate"
    assert RoleGrant.objects.filter(user=user).count() == 1


def test_nobody_grants_beyond_their_own_scope(world):
    admin_a = make_user("admin-a", "bureau_admin", region=world.district_a)
    user = make_user("u")
    with pytest.raises(NotFound):
        grant_role(
            actor=admin_a, user=user, role=Role.objects.get(code="cadre"), region=world.community_b
        )
    grant = grant_role(
        actor=admin_a, user=user, role=Role.objects.get(code="cadre"), region=world.community_a
    )
    assert grant.granted_by == admin_a


def test_revoking_keeps_the_grant_as_evidence_and_removes_access(world):
    admin = make_user("admin", "bureau_admin", region=world.city)
    officer = make_user("officer", "district_officer", region=world.district_a)
    grant = officer.grants.get()
    revoke_grant(actor=admin, grant=grant)
    grant.refresh_from_db()
    assert grant.revoked_at and grant.revoked_by == admin
    officer = type(officer).objects.get(pk=officer.pk)
    assert not Project.objects.visible_to(officer).exists()
    assert ChangeLog.objects.filter(action="revoke", object_id=str(grant.pk)).exists()


def test_grants_expire(world):
    import datetime

    from django.utils import timezone

    officer = make_user("officer", "district_officer", region=world.district_a)
    RoleGrant.objects.filter(user=officer).update(
        valid_until=timezone.localdate() - datetime.timedelta(days=1)
    )
    officer = type(officer).objects.get(pk=officer.pk)
    assert not Project.objects.visible_to(officer).exists()


def test_navigation_follows_the_role(world):
    officer = make_user("officer", "district_officer", region=world.district_a)
    html = login(Client(), officer).get("/pages/").content.decode()
    assert 'data-nav="construction:project_list"' in html
    assert 'data-nav="accounts:user_list"' not in html
    admin = make_user("admin", "bureau_admin", region=world.city)
    html = login(Client(), admin).get("/pages/").content.decode()
    assert 'data-nav="accounts:user_list"' in html and 'data-nav="audit:changelog_list"' in html


def test_grant_and_revoke_through_the_pages(world):
    admin = make_user("admin", "bureau_admin", region=world.city)
    user = make_user("newcomer")
    client = login(Client(), admin)
    role = Role.objects.get(code="cadre")
    response = client.post(
        f"/accounts/users/{user.pk}/grants/", {"role": role.pk, "region": world.community_a.pk}
    )
    assert response.status_code == 302
    grant = RoleGrant.objects.get(user=user)
    client.post(f"/accounts/grants/{grant.pk}/revoke/")
    grant.refresh_from_db()
    assert grant.revoked_at is not None
