"""`fugong generate`: a tiny run is consistent with the services, valid, scoped,
deterministic for a seed, and refuses a database that already holds data."""

import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.test import RequestFactory

from fugong.accounts.models import User
from fugong.audit.models import ChangeLog
from fugong.common.bench_views import MAX_QUERIES, bare
from fugong.common.generate.constants import BENCH_PASSWORD
from fugong.common.generate.runner import run, steps
from fugong.common.pii import crypto
from fugong.common.pii.fields import filter_by_personal
from fugong.common.pii.kinds import MOBILE, lookup_hash
from fugong.common.pii.validators import (
    credit_code_check_char,
    validate_credit_code,
    validate_mobile,
)
from fugong.construction.models import Project
from fugong.organisations.choices import OrganisationKind
from fugong.organisations.models import Organisation
from fugong.regions.models import Region
from fugong.regions.services import region_path
from fugong.regions.validators import validate_region_placement

pytestmark = pytest.mark.django_db


def _generate(*args):
    out = io.StringIO()
    call_command("generate", "--scale", "tiny", "--allow-debug-off", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def output(db):
    return _generate("--seed", "7")


def test_one_line_per_step_one_summary_and_no_change_log(output):
    lines = output.strip().splitlines()
    assert [line.split()[0] for line in lines[:-1]] == [name for name, _function in steps()]
    assert lines[-1].startswith("generated tiny scale (seed 7")
    assert "30 project" in lines[-1]
    assert ChangeLog.objects.count() == 0


def test_region_paths_and_depths_as_region_path_sets_them(output):
    regions = {region.pk: region for region in Region.objects.all()}
    assert len(regions) == 1 + 2 + 2 + 4 + 8 + 16
    for region in regions.values():
        parent = regions.get(region.parent_id)
        region.parent = parent
        assert region.path == region_path(parent=parent, code=region.code)
        assert region.depth == (parent.depth + 1 if parent else 0)
        validate_region_placement(region)  # level order, code length and prefix
    (root,) = [r for r in regions.values() if r.parent_id is None]
    assert (root.level, root.code) == ("city", "410800")


def test_organisation_paths_nest_like_organisation_path(output):
    organisations = {org.pk: org for org in Organisation.objects.all()}
    for org in organisations.values():
        parent = organisations.get(org.parent_id)
        prefix = parent.path if parent else ""
        assert org.path.startswith(prefix)
        assert re.fullmatch(r"[0-9a-f]{10}/", org.path[len(prefix) :])
    departments = [o for o in organisations.values() if o.kind == OrganisationKind.DEPARTMENT]
    assert len(departments) == 5
    assert all(organisations[d.parent_id].kind == OrganisationKind.BUREAU for d in departments)


def test_credit_codes_are_valid_and_unique(output):
    enterprises = list(Organisation.objects.filter(kind=OrganisationKind.ENTERPRISE))
    codes = [org.credit_code for org in enterprises]
    assert len(codes) == len(set(codes)) == 12
    for org in enterprises:
        validate_credit_code(org.credit_code)
        assert org.credit_code[-1] == credit_code_check_char(org.credit_code[:17])
        assert org.credit_code[2:8] == org.region.code  # the seat's division code
        org.full_clean()  # every field valid, unique constraints included


def test_phone_columns_hold_tokens_that_decrypt_to_the_hashed_value(output):
    with connection.cursor() as cursor:
        cursor.execute("SELECT responsible_phone, responsible_phone_hash FROM construction_project")
        project_rows = cursor.fetchall()
        cursor.execute("SELECT phone, phone_hash FROM accounts_user")
        user_rows = cursor.fetchall()
    assert len(project_rows) == 30 and len(user_rows) == 11
    for token, digest in project_rows + user_rows:
        assert crypto.is_token(token)
        clear = crypto.decrypt(token)
        validate_mobile(clear)
        assert digest == lookup_hash(MOBILE, clear)
    project = Project.objects.order_by("pk").first()
    found = filter_by_personal(
        Project.objects.all(), "responsible_phone", project.responsible_phone.full
    )
    assert project in found
    project.full_clean()


def test_a_district_officer_sees_only_their_district(output):
    officer = User.objects.get(username="bench-district-1")
    assert officer.check_password(BENCH_PASSWORD)
    assert not officer.requires_two_factor()
    district = officer.grants.get().region
    assert district.level == "district"
    visible = Project.objects.visible_to(officer)
    assert visible.exists()
    assert set(visible.values_list("region_id", flat=True)) == {district.pk}
    assert visible.count() == Project.objects.filter(region=district).count() < 30
    other = User.objects.get(username="bench-district-2")
    assert not set(visible) & set(Project.objects.visible_to(other))
    leader = User.objects.get(username="bench-leader")
    assert Project.objects.visible_to(leader).count() == 30


def test_an_enterprise_user_sees_their_own_projects(output):
    user = User.objects.get(username="bench-enterprise-1")
    visible = list(Project.objects.visible_to(user))
    assert visible
    assert all(
        user.organisation_id in (p.builder_id, p.contractor_id, p.supervisor_id) for p in visible
    )


def test_refuses_a_database_that_holds_data(output):
    with pytest.raises(CommandError, match="not empty"):
        _generate()
    assert Project.objects.count() == 30


def test_refuses_with_debug_off_unless_allowed(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("generate", "--scale", "tiny", stdout=io.StringIO())
    assert not Region.objects.exists()


def _snapshot():
    return (
        list(Region.objects.order_by("code").values_list("code", "name", "address")),
        list(Organisation.objects.order_by("path").values_list("path", "name", "credit_code")),
        [
            (p.name, p.region.code, p.builder.credit_code, p.responsible_phone.full)
            for p in Project.objects.select_related("region", "builder").order_by("pk")
        ],
        list(User.objects.order_by("username").values_list("username", "full_name")),
    )


def test_the_same_seed_gives_the_same_data(db):
    snapshots = []
    for seed in (3, 3, 4):
        with transaction.atomic():
            run(scale="tiny", seed=seed)
            snapshots.append(_snapshot())
            transaction.set_rollback(True)
    assert snapshots[0] == snapshots[1]
    assert snapshots[0] != snapshots[2]


# --- the bench's bare endpoint ---------------------------------------------------------------


def test_the_bare_endpoint_makes_the_queries_it_is_asked_for(db, django_assert_num_queries):
    with django_assert_num_queries(7):
        response = bare(RequestFactory().get("/bench/bare/", {"queries": "7"}))
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    with django_assert_num_queries(MAX_QUERIES):
        bare(RequestFactory().get("/bench/bare/", {"queries": "100000"}))


def test_the_bare_endpoint_is_not_routed_by_default(client, settings):
    if settings.BENCH_ENDPOINTS:
        pytest.skip("BENCH_ENDPOINTS is set in this environment")
    assert client.get("/bench/bare/").status_code == 404
