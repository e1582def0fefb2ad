"""The demo step of the project registry: contacts and the seed's target, idempotent."""

import datetime
from decimal import Decimal

import pytest

from fugong.common.demo import data
from fugong.common.demo.loader import load_demo
from fugong.construction.choices import ContactRole
from fugong.construction.models import Project, ProjectContact, ProjectTarget


@pytest.fixture(autouse=True)
def demo_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.mark.django_db
def test_every_demo_project_has_its_responsible_persons_and_donghai_its_target():
    load_demo()
    counts = (ProjectContact.objects.count(), ProjectTarget.objects.count())
    for spec in data.PROJECTS:
        project = Project.objects.get(name=spec["name"])
        roles = {
            c.role: c for c in ProjectContact.objects.filter(project=project, archived_at=None)
        }
        assert set(roles) == {ContactRole.PROJECT_MANAGER, ContactRole.EPIDEMIC_OFFICER}
        assert roles[ContactRole.PROJECT_MANAGER].name == spec["responsible_person"]
        for contact in roles.values():
            contact.full_clean()  # a valid mobile
    target = ProjectTarget.objects.get(project__name="东海大道")
    assert (target.due_date, target.value) == (datetime.date(2020, 3, 31), Decimal("2000.00"))
    load_demo()
    assert (ProjectContact.objects.count(), ProjectTarget.objects.count()) == counts
