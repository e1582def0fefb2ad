"""The demo's supervision: a checklist per field, the station staff as inspectors, a passed
check, a rectification notice to 中建三局 and a stop-work order on 和祥小区 shown on its
sign; loading twice adds nothing, and the construction demo's statuses are unchanged."""

import io

import pytest
from django.core.management import call_command
from django.test import Client

from fugong.construction.models import Project
from fugong.construction.selectors.commitments import site_sign_token
from fugong.supervision.models import (
    Finding,
    Inspection,
    InspectionChecklist,
    Inspector,
    StopWorkOrder,
)


@pytest.fixture(autouse=True)
def demo_settings(settings):
    settings.DEBUG = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _counts():
    models = (InspectionChecklist, Inspector, Inspection, Finding, StopWorkOrder)
    return {model.__name__: model.objects.count() for model in models}


@pytest.mark.django_db
def test_the_demo_shows_the_supervision_loop_and_loads_once():
    call_command("load_demo", stdout=io.StringIO())
    assert InspectionChecklist.objects.filter(is_active=True).count() == 4
    assert Inspector.objects.get(user__username="quality").field == "quality"
    # The draws demo may also send inspectors to 中原路 (its sites come from a random draw).
    passed = Inspection.objects.exclude(kind="double_random").get(project__name="中原路")
    assert (passed.status, passed.result) == ("completed", "passed")
    notice = Finding.objects.get(project__name="东海大道").notice
    assert notice.enterprise.short_name == "中建三局" and notice.number
    order = StopWorkOrder.objects.get()
    assert order.project.name == "和祥小区" and order.status == "in_force"
    assert not order.suspended_project  # it was already suspended for its false commitment
    assert Project.objects.filter(status="resumed").count() == 4
    html = Client().get(f"/public/sites/{site_sign_token(order.project)}/").content.decode()
    assert f'data-sign-notice="{order.number}"' in html
    before = _counts()
    call_command("load_demo", stdout=io.StringIO())
    assert _counts() == before
