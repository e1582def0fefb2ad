"""The demo: the tent gate at 郝庄新村 (no property management) and the gate of 康馨小区,
passages of the surveyed residents with one fever; loading twice adds nothing."""

import io

import pytest
from django.core.management import call_command

from fugong.gates.models import Checkpoint, Passage


@pytest.fixture(autouse=True)
def demo_settings(settings, monkeypatch):
    settings.DEBUG = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from fugong.common.demo import registry

    steps = registry.steps
    wanted = {"community", "gates"}
    monkeypatch.setattr(registry, "steps", lambda: [(n, f) for n, f in steps() if n in wanted])


@pytest.mark.django_db
def test_the_demo_loads_once():
    call_command("load_demo", stdout=io.StringIO())
    tent = Checkpoint.objects.get(name="郝庄新村帐篷卡点")
    assert tent.kind == "tent" and not tent.compound.has_property_management
    assert Checkpoint.objects.filter(compound__name="康馨小区").exists()
    passages = Passage.objects.filter(checkpoint=tent)
    assert passages.filter(fever=True).count() == 1
    assert passages.exclude(visitor_name="").count() == 1
    counts = (Checkpoint.objects.count(), Passage.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert (Checkpoint.objects.count(), Passage.objects.count()) == counts
