"""The demo's commitments: a realistic checklist, the default rules, resumed sites, one
verified and one revoked commitment; loading twice adds nothing."""

import io

import pytest
from django.core.management import call_command

from fugong.construction.models import (
    ChecklistTemplate,
    Commitment,
    CommitmentAnswer,
    Concern,
    CreditRecord,
    Project,
    RoutingRule,
)


@pytest.fixture(autouse=True)
def demo_settings(settings):
    settings.DEBUG = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _counts():
    models = (ChecklistTemplate, RoutingRule, Commitment, CommitmentAnswer, Concern, CreditRecord)
    return {model.__name__: model.objects.count() for model in models}


@pytest.mark.django_db
def test_the_demo_shows_resumed_sites_and_loads_once():
    call_command("load_demo", stdout=io.StringIO())
    template = ChecklistTemplate.objects.get(is_active=True)
    assert template.title == "建设工地疫情防控复工承诺事项清单" and template.is_frozen
    assert template.items.count() == 12
    masks = template.items.get(text="口罩储备天数")
    assert (masks.kind, masks.threshold, masks.unit) == ("number_min", 7, "天")
    assert template.items.get(text="宿舍每间居住人数").kind == "number_max"
    assert [r.priority for r in RoutingRule.objects.all()] == [10, 100]

    donghai = Commitment.objects.get(project__name="东海大道")
    assert donghai.status == "in_force" and donghai.filed_by.username == "enterprise"
    assert donghai.authority.name == "建设管理科"  # a city key project
    assert donghai.project.status == "resumed"
    assert Commitment.objects.get(project__name="中原路").status == "verified"
    bridge = Commitment.objects.get(project__name="群英河桥")
    assert bridge.authority.name == "马村区住房和城乡建设局"
    jiefang = Commitment.objects.get(project__name="解放路15号")
    assert jiefang.authority.name == "解放区住房和城乡建设局" and jiefang.read_at is None
    revoked = Commitment.objects.get(project__name="和祥小区")
    assert revoked.status == "revoked" and revoked.project.status == "suspended"
    assert revoked.revoked_by.username == "district"
    assert CreditRecord.objects.get().commitment == revoked
    assert Concern.objects.filter(project=revoked.project).exists()
    assert Project.objects.filter(status="resumed").count() == 4

    first = _counts()
    call_command("load_demo", stdout=io.StringIO())
    assert _counts() == first
