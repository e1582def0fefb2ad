"""The cached access of a user (accounts.access): served without queries while nothing
changed, renewed everywhere as soon as a grant, a role or its permissions change."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from fugong.accounts import access
from fugong.accounts.models import Role, User
from fugong.accounts.services import grant_role, revoke_grant, role_by_code
from fugong.common.testing import build_world, login, make_user


@pytest.fixture
def world(db):
    access.clear_cache()
    return build_world()


def fresh(user):
    """The user as the next request loads it (stamp from the database, no memo)."""
    return User.objects.get(pk=user.pk)


def test_a_second_request_reads_no_grants(world, django_assert_num_queries):
    officer = make_user("officer", "district_officer", region=world.district_a)
    assert fresh(officer).has_perm("construction.view_project")
    again = fresh(officer)
    with django_assert_num_queries(0):
        assert again.has_perm("construction.view_project")


def test_a_new_grant_is_seen_at_the_next_request(world):
    person = make_user("person", "community_worker", region=world.subdistrict_a)
    assert not fresh(person).has_perm("construction.view_project")
    grant_role(
        actor=None,
        user=fresh(person),
        role=role_by_code("district_officer"),
        region=world.district_a,
    )
    assert fresh(person).has_perm("construction.view_project")


def test_a_revoked_grant_is_gone_at_the_next_request(world):
    officer = make_user("officer", "district_officer", region=world.district_a)
    admin = make_user("admin", "bureau_admin", region=world.city)
    client = login(Client(), officer)
    assert client.get("/construction/projects/").status_code == 200
    revoke_grant(actor=fresh(admin), grant=officer.grants.get())
    assert client.get("/construction/projects/").status_code == 403


def test_a_permission_taken_off_the_role_is_gone_at_the_next_request(world):
    officer = make_user("officer", "district_officer", region=world.district_a)
    client = login(Client(), officer)
    assert client.get("/construction/projects/").status_code == 200
    Role.objects.get(code="district_officer").permissions.remove(
        Permission.objects.get(codename="view_project")
    )
    assert client.get("/construction/projects/").status_code == 403
    # …and the reverse side of the relation counts too.
    Permission.objects.get(codename="view_project").role_set.add(
        Role.objects.get(code="district_officer")
    )
    assert client.get("/construction/projects/").status_code == 200


def test_a_role_that_now_requires_two_factor_applies_at_once(world):
    officer = make_user("officer", "district_officer", region=world.district_a)
    assert not fresh(officer).requires_two_factor()
    role = Role.objects.get(code="district_officer")
    role.requires_two_factor = True
    role.save()
    assert fresh(officer).requires_two_factor()


def test_grants_start_and_end_with_the_day(world, monkeypatch):
    officer = make_user("officer", "district_officer", region=world.district_a)
    grant = officer.grants.get()
    today = grant.valid_from
    grant.valid_until = today
    grant.save()
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: today)
    assert fresh(officer).has_perm("construction.view_project")
    monkeypatch.setattr(
        "django.utils.timezone.localdate", lambda *a, **k: today + datetime.timedelta(days=1)
    )
    assert not fresh(officer).has_perm("construction.view_project")


def test_a_reused_id_never_inherits_another_users_access(world):
    """A test database (or a restored backup) can hand out the same id again: the stamp is
    random, so the cache entry of the old user cannot match the new one."""
    officer = make_user("officer", "district_officer", region=world.district_a)
    assert fresh(officer).has_perm("construction.view_project")
    stale_key_user = fresh(officer)
    User.objects.filter(pk=officer.pk).update(access_stamp=access.new_access_stamp())
    officer.grants.update(revoked_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
    assert stale_key_user.has_perm("construction.view_project")  # the old key, still cached
    assert not fresh(officer).has_perm("construction.view_project")
