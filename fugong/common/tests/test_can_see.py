"""`can_see` (one record, decided in Python) agrees with `visible_to` (SQL) everywhere."""

import datetime
import itertools

import pytest
from django.contrib.auth import get_user_model

from fugong.common.scoping import can_see
from fugong.common.testing import build_world, make_user
from fugong.construction.models import DailyReport, Project
from fugong.construction.services.projects import project_create
from fugong.organisations.models import Organisation
from fugong.regions.models import Region

pytestmark = pytest.mark.django_db

ACTIONS = ("view", "change", "construction.add_dailyreport", "construction.view_dailyreport")


def _users(world):
    users = [
        make_user("district-a", "district_officer", region=world.district_a),
        make_user("district-b", "district_officer", region=world.district_b),
        make_user("leader", "leader", region=world.city),
        make_user("admin", "bureau_admin", region=world.city),
        make_user("cadre", "cadre", region=world.community_a),
        make_user("enterprise-a", "enterprise_user", organisation=world.enterprise_a),
        make_user("enterprise-b", "enterprise_user", organisation=world.enterprise_b),
        make_user("nobody"),
        make_user("inactive", "district_officer", region=world.district_a, is_active=False),
        get_user_model().objects.create_superuser("root", password="x" * 20),
    ]
    both = make_user("both", "enterprise_user", organisation=world.enterprise_b)
    make_user_grant(both, "district_officer", world.district_a)
    return [*users, both, None]


def make_user_grant(user, role, region):
    from fugong.accounts.models import Role
    from fugong.accounts.services import grant_role

    grant_role(actor=None, user=user, role=Role.objects.get(code=role), region=region)


def _records(world):
    # A project where enterprise A is only the contractor, one where it supervises.
    project_create(
        actor=None,
        name="乙方承建",
        kind="building",
        region=world.district_b,
        builder=world.enterprise_b,
        contractor=world.enterprise_a,
    )
    project_create(
        actor=None,
        name="甲方监理",
        kind="river",
        region=world.district_b,
        builder=world.enterprise_b,
        supervisor=world.enterprise_a,
    )
    reporter = make_user("reporter")
    for project in Project.objects.all():
        DailyReport.objects.create(
            project=project, date=datetime.date(2020, 3, 1), submitted_by=reporter
        )
    return {
        Project: Project.objects.all(),
        Region: Region.objects.all(),
        Organisation: Organisation.objects.all(),
        DailyReport: DailyReport.objects.all(),
    }


def _paths(model, pk):
    lookups = model.scope.path_lookups()
    return dict(zip(lookups, model.objects.filter(pk=pk).values_list(*lookups).get(), strict=True))


def test_can_see_agrees_with_visible_to_for_every_user_record_and_action():
    world = build_world()
    users = _users(world)
    records = _records(world)
    checked = 0
    for user, action in itertools.product(users, ACTIONS):
        for model, queryset in records.items():
            if "." in action and not action.startswith(model._meta.app_label):
                continue
            visible = set(model.objects.visible_to(user, action).values_list("pk", flat=True))
            for pk in queryset.values_list("pk", flat=True):
                expected = pk in visible
                assert can_see(user, model, _paths(model, pk), action) is expected, (
                    user,
                    model.__name__,
                    pk,
                    action,
                )
                checked += 1
    assert checked > 300
    # and the comparison is not vacuous: some yes, some no
    project_a = world.project_a
    paths = _paths(Project, project_a.pk)
    assert can_see(users[0], Project, paths)
    assert not can_see(users[1], Project, paths)
