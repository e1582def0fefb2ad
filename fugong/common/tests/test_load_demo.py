"""`fugong load_demo`: idempotent, complete, valid, audited, and scoped as the demo says."""

import io
from collections import Counter

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, Q
from django.test import override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from fugong.accounts.models import RoleGrant, User
from fugong.audit.models import ChangeLog
from fugong.common.demo import data
from fugong.common.demo.ids import base32_key
from fugong.common.pii.validators import (
    validate_credit_code,
    validate_identity_number,
    validate_mobile,
)
from fugong.construction.models import Project
from fugong.organisations.choices import OrganisationKind
from fugong.organisations.models import Organisation
from fugong.regions.choices import RegionLevel
from fugong.regions.models import Region

MODELS = (Region, Organisation, User, RoleGrant, Project)


@pytest.fixture(autouse=True)
def demo_settings(settings):
    settings.DEBUG = True  # the command refuses otherwise; the test runner turns it off
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def load() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def counts() -> dict:
    result = {model.__name__: model.objects.count() for model in MODELS}
    result["ChangeLog"] = ChangeLog.objects.count()
    result["TOTPDevice"] = TOTPDevice.objects.count()
    return result


@pytest.fixture(scope="module")
def loaded_demo(django_db_setup, django_db_blocker):
    """The demo, loaded once for the module in a transaction rolled back at its end: each
    test runs in a savepoint inside it (pytest-django's `db`), so what one test changes
    (loading the demo again, say) is undone before the next."""
    with (
        django_db_blocker.unblock(),
        override_settings(
            DEBUG=True, PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
        ),
        transaction.atomic(),
    ):
        yield load()
        transaction.set_rollback(True)


@pytest.fixture
def demo(loaded_demo, db):
    return loaded_demo


@pytest.mark.django_db
def test_loading_twice_changes_nothing(demo):
    first = counts()
    second_output = load()
    assert counts() == first
    # 49 people of the report and the demo, plus the invented site manager who files
    # the 解放区 commitments (demo_commitments).
    assert first["User"] == 50 and first["Project"] == len(data.PROJECTS)
    assert "created" in second_output and "fugong-demo-2020" in second_output


@pytest.mark.django_db
def test_no_duplicates(demo):
    load()
    assert not Organisation.objects.values("parent", "name").annotate(n=Count("id")).filter(n__gt=1)
    assert not Project.objects.values("name").annotate(n=Count("id")).filter(n__gt=1)
    assert not (
        RoleGrant.objects.values("user", "role", "region", "organisation")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    assert not TOTPDevice.objects.values("user").annotate(n=Count("id")).filter(n__gt=1)


@pytest.mark.django_db
def test_the_seed_numbers(demo):
    """39 party-member cadres, 12 sub-districts, 23 communities (seed)."""
    communities = Region.objects.filter(level=RegionLevel.COMMUNITY)
    subdistricts = Region.objects.filter(level=RegionLevel.SUBDISTRICT)
    assert communities.count() == 23
    assert subdistricts.count() == 12
    cadre_grants = RoleGrant.objects.filter(role__code="cadre", revoked_at__isnull=True)
    cadres = User.objects.filter(grants__in=cadre_grants).distinct()
    assert cadres.count() == 39
    assert all(cadre.is_party_member for cadre in cadres)
    # Every community has a cadre, so all 12 sub-districts are covered.
    covered = Counter(cadre_grants.values_list("region__code", flat=True))
    assert set(covered) == set(communities.values_list("code", flat=True))
    assert {code[:9] for code in covered} == set(subdistricts.values_list("code", flat=True))
    # The couple guarded 郝庄新村 in 郝杰社区.
    haojie = Region.objects.get(name="郝杰社区")
    assert set(cadre_grants.filter(region=haojie).values_list("user__full_name", flat=True)) >= {
        "牛应君",
        "贺卿坤",
    }
    bureau = Organisation.objects.get(name=data.BUREAU, parent=None)
    assert all(c.organisation.path.startswith(bureau.path) for c in cadres)


@pytest.mark.django_db
def test_compounds_without_property_management(demo):
    haozhuang = Region.objects.get(name="郝庄新村")
    assert haozhuang.level == RegionLevel.COMPOUND
    assert haozhuang.has_property_management is False
    assert haozhuang.parent.name == "郝杰社区"
    assert haozhuang.parent.parent.parent.name == "山阳区"
    assert Region.objects.get(name="康馨小区").has_property_management is False
    assert haozhuang.children.filter(level=RegionLevel.BUILDING).count() == 6


@pytest.mark.django_db
def test_region_tree_is_consistent(demo):
    for region in Region.objects.select_related("parent"):
        region.full_clean()
        if region.parent:
            assert region.path == f"{region.parent.path}{region.code}/"
    assert Region.objects.get(code="410800").parent is None


@pytest.mark.django_db
def test_identifiers_validate(demo):
    enterprises = Organisation.objects.filter(kind=OrganisationKind.ENTERPRISE)
    assert enterprises.count() == len(data.ENTERPRISES)
    for enterprise in enterprises:
        validate_credit_code(enterprise.credit_code)
    for user in User.objects.all():
        validate_identity_number(user.id_number.full)
        assert user.id_number.full.startswith("4108")
        validate_mobile(user.phone.full)
    for project in Project.objects.all():
        validate_mobile(project.responsible_phone.full)
        assert project.builder and project.contractor and project.supervisor


@pytest.mark.django_db
def test_district_officer_sees_only_jiefang(demo):
    jiefang = Region.objects.get(code="410802")
    visible = set(Project.objects.visible_to(User.objects.get(username="district")))
    expected = set(Project.objects.filter(region__path__startswith=jiefang.path))
    assert visible == expected
    assert expected and len(expected) < Project.objects.count()
    assert "解放路15号" in {p.name for p in visible}


@pytest.mark.django_db
def test_enterprise_user_sees_only_cscec3_projects(demo):
    cscec3 = Organisation.objects.get(name=data.CSCEC3)
    user = User.objects.get(username="enterprise")
    assert user.full_name == "吴闯" and user.organisation == cscec3
    visible = set(Project.objects.visible_to(user))
    expected = set(
        Project.objects.filter(Q(builder=cscec3) | Q(contractor=cscec3) | Q(supervisor=cscec3))
    )
    assert visible == expected
    assert {p.name for p in visible} == {"东海大道"}


@pytest.mark.django_db
def test_every_record_is_audited_as_the_system(demo):
    for model in MODELS:
        logged = set(
            ChangeLog.objects.filter(
                content_type=ContentType.objects.get_for_model(model),
                action="create",
                actor_name="system",
                actor__isnull=True,
            ).values_list("object_id", flat=True)
        )
        ids = {str(pk) for pk in model.objects.values_list("pk", flat=True)}
        assert ids and ids <= logged, model.__name__
    grants = ChangeLog.objects.filter(action="grant", actor_name="system").count()
    assert grants == RoleGrant.objects.count()
    # The TOTP secret stays out of the log.
    device_type = ContentType.objects.get_for_model(TOTPDevice)
    for row in ChangeLog.objects.filter(content_type=device_type):
        assert "key" not in row.after


@pytest.mark.django_db
def test_demo_accounts_log_in(demo):
    for username in data.DEMO_ACCOUNTS:
        user = User.objects.get(username=username)
        assert user.check_password(data.DEMO_PASSWORD), username
        assert user.active_grants().exists()
    others = User.objects.exclude(username__in=data.DEMO_ACCOUNTS)
    assert not any(user.has_usable_password() for user in others)
    assert User.objects.get(username="admin").requires_two_factor()
    assert User.objects.get(username="leader").full_name == "王胜利"
    for username in ("sunjumei", "juxiaoliu", "louqing"):
        assert User.objects.get(username=username).grants.filter(role__code="leader").exists()


@pytest.mark.django_db
def test_printed_accounts_table(demo):
    for username in data.DEMO_ACCOUNTS:
        assert username in demo
    admin_device = TOTPDevice.objects.get(user__username="admin")
    assert base32_key(admin_device.key) in demo
    assert "fugong demo_totp" in demo
    assert "用户名" in demo and "password" in demo


@pytest.mark.django_db
def test_demo_totp_prints_a_valid_code(demo):
    out = io.StringIO()
    call_command("demo_totp", "admin", stdout=out, stderr=io.StringIO())
    code = out.getvalue().strip()
    assert len(code) == 6 and code.isdigit()
    device = TOTPDevice.objects.get(user__username="admin", confirmed=True)
    assert device.verify_token(code)
