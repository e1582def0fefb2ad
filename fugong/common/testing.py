"""Test helpers shared by every app: a small two-district world, logins, and the mixin
that generates the scoping tests for a model's pages and API endpoints.

A model's test module declares one class:

    class TestProjectScoping(ScopedEndpointTests):
        list_url = "/construction/projects/"
        api_list_url = "/api/v1/projects/"
        role = "district_officer"
        in_scope_attr, out_of_scope_attr = "project_a", "project_b"

and gets: no grant → 403 (UI) / 403 (API); in scope → listed and 200; out of scope →
absent from list, export and API, and 404 on detail (UI and API); a pinned query count.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice
from openpyxl import load_workbook

DEMO_PASSWORD = "correct-horse-battery-9"  # noqa: S105 - test-only


@dataclass
class World:
    city: object
    district_a: object
    district_b: object
    subdistrict_a: object
    community_a: object
    community_b: object
    bureau: object
    enterprise_a: object
    enterprise_b: object
    project_a: object
    project_b: object


def build_world() -> World:
    from fugong.accounts.services import sync_roles
    from fugong.construction.services.projects import project_create
    from fugong.organisations.services import organisation_create
    from fugong.regions.services import region_create

    sync_roles()
    city = region_create(actor=None, parent=None, level="city", code="410800", name="焦作市")
    da = region_create(actor=None, parent=city, level="district", code="410802", name="解放区")
    db = region_create(actor=None, parent=city, level="district", code="410811", name="山阳区")
    sa = region_create(
        actor=None, parent=da, level="subdistrict", code="410802001", name="民生街道"
    )
    sb = region_create(
        actor=None, parent=db, level="subdistrict", code="410811001", name="焦东街道"
    )
    ca = region_create(actor=None, parent=sa, level="community", code="410802001001", name="甲社区")
    cb = region_create(
        actor=None, parent=sb, level="community", code="410811001001", name="郝杰社区"
    )
    bureau = organisation_create(actor=None, kind="bureau", name="住建局", region=city)
    ea = organisation_create(
        actor=None,
        kind="enterprise",
        name="甲建设公司",
        region=da,
        credit_code=valid_credit_code(1),
    )
    eb = organisation_create(
        actor=None,
        kind="enterprise",
        name="乙建设公司",
        region=db,
        credit_code=valid_credit_code(2),
    )
    pa = project_create(
        actor=None,
        name="东海大道",
        kind="road",
        region=da,
        builder=ea,
        responsible_phone="13912345678",
    )
    pb = project_create(actor=None, name="群英河桥", kind="bridge", region=db, builder=eb)
    return World(city, da, db, sa, ca, cb, bureau, ea, eb, pa, pb)


def valid_credit_code(n: int) -> str:
    from fugong.common.pii.validators import credit_code_check_char

    body = f"91410800MA{n:07d}"
    return body + credit_code_check_char(body)


def make_user(
    username: str,
    role: str | None = None,
    *,
    region=None,
    organisation=None,
    member_of=None,
    **extra,
):
    """A user with DEMO_PASSWORD; `role` is granted on `region` or `organisation`;
    `member_of` is the organisation the person works for."""
    from fugong.accounts.models import Role
    from fugong.accounts.services import grant_role, user_create

    user = user_create(
        actor=None, username=username, password=DEMO_PASSWORD, organisation=member_of, **extra
    )
    if role:
        grant_role(
            actor=None,
            user=user,
            role=Role.objects.get(code=role),
            region=region,
            organisation=organisation,
        )
    return user


def login(client: Client, user) -> Client:
    """Log in; for roles that require two factors, also verify the session with a TOTP device."""
    client.force_login(user)
    if user.requires_two_factor():
        device, _ = TOTPDevice.objects.get_or_create(
            user=user, name="test", defaults={"confirmed": True}
        )
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
    return client


def api_client(user):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def xlsx_rows(content: bytes) -> list[tuple]:
    wb = load_workbook(io.BytesIO(content), read_only=True)
    return [tuple(row) for row in wb.active.iter_rows(values_only=True)]


def expected_queries(with_db_sessions: int) -> int:
    """Pinned counts are written for database sessions; with REDIS_URL the session is read
    from the cache, one query fewer."""
    from django.conf import settings

    return with_db_sessions - (settings.SESSION_ENGINE != "django.contrib.sessions.backends.db")


class ScopedEndpointTests:
    """Generates the scoping tests for one model (see the module docstring)."""

    list_url: str = ""
    api_list_url: str = ""
    role: str = ""
    # Pinned exactly: session, user, grants, OTP device (two-factor roles), count, page,
    # filter choices… An extra query per row (N+1) or per request fails the build.
    list_queries: int = 5

    def grant_scope(self, world) -> dict:
        return {"region": world.district_a}

    in_scope_attr: str = "project_a"
    out_of_scope_attr: str = "project_b"

    def in_scope(self, world):
        return getattr(world, self.in_scope_attr)

    def out_of_scope(self, world):
        return getattr(world, self.out_of_scope_attr)

    def detail_url(self, obj) -> str:
        return obj.get_absolute_url()

    def text_of(self, obj) -> str:
        return str(obj)

    # --- fixtures ----------------------------------------------------------------------
    def _world(self):
        world = build_world()
        self.prepare(world)
        user = make_user("scoped-user", self.role, **self.grant_scope(world))
        nobody = make_user("no-grants")
        return world, user, nobody

    def prepare(self, world) -> None:
        """Hook: add the records this model's tests need to the world."""

    # --- UI (skipped for API-only models: list_url = "") ---------------------------------
    def _needs_ui(self):
        if not self.list_url:
            pytest.skip("no list page for this model")

    def test_list_without_grant_is_refused(self, db):
        self._needs_ui()
        world, user, nobody = self._world()
        assert login(Client(), nobody).get(self.list_url).status_code == 403

    def test_anonymous_is_sent_to_login(self, db):
        self._needs_ui()
        response = Client().get(self.list_url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]

    def test_list_shows_only_what_is_in_scope(self, db):
        self._needs_ui()
        world, user, nobody = self._world()
        response = login(Client(), user).get(self.list_url)
        assert response.status_code == 200
        html = response.content.decode()
        assert self.text_of(self.in_scope(world)) in html
        assert self.text_of(self.out_of_scope(world)) not in html

    def test_detail_in_scope_and_out_of_scope(self, db):
        self._needs_ui()
        world, user, nobody = self._world()
        client = login(Client(), user)
        assert client.get(self.detail_url(self.in_scope(world))).status_code == 200
        assert client.get(self.detail_url(self.out_of_scope(world))).status_code == 404

    def test_export_is_scoped(self, db):
        self._needs_ui()
        world, user, nobody = self._world()
        response = login(Client(), user).get(self.list_url, {"export": "xlsx"})
        assert response.status_code == 200
        cells = {str(c) for row in xlsx_rows(response.content) for c in row}
        assert self.text_of(self.in_scope(world)) in cells
        assert self.text_of(self.out_of_scope(world)) not in cells

    def test_list_query_count_is_pinned(self, db, django_assert_num_queries):
        self._needs_ui()
        world, user, nobody = self._world()
        self.prepare_many(world)
        client = login(Client(), user)
        client.get(self.list_url)  # warm caches (content types, sessions)
        with django_assert_num_queries(expected_queries(self.list_queries)):
            assert client.get(self.list_url).status_code == 200

    def prepare_many(self, world) -> None:
        """Hook: add more in-scope rows so that a query per row would show."""

    # --- API ---------------------------------------------------------------------------
    def test_api_without_grant_is_refused(self, db):
        world, user, nobody = self._world()
        response = api_client(nobody).get(self.api_list_url)
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "permission_denied"

    def test_api_list_and_detail_are_scoped(self, db):
        world, user, nobody = self._world()
        client = api_client(user)
        data = client.get(self.api_list_url).json()
        ids = {row["id"] for row in data["results"]}
        inside, outside = self.in_scope(world), self.out_of_scope(world)
        assert inside.pk in ids and outside.pk not in ids
        assert client.get(f"{self.api_list_url}{inside.pk}/").status_code == 200
        response = client.get(f"{self.api_list_url}{outside.pk}/")
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"
