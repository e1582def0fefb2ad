import pytest

from fugong.community.models import (
    Deployment,
    DutyLog,
    Feedback,
    Household,
    Resident,
    ResidentGroup,
)


@pytest.mark.django_db
def test_demo_is_idempotent_and_tells_the_seed(monkeypatch):
    from fugong.common.demo import registry
    from fugong.common.demo.loader import load_demo

    # The platform's demo and this app's step only: other apps' steps have their own tests.
    mine = [step for step in registry.steps() if step[0] == "community"]
    monkeypatch.setattr(registry, "steps", lambda: mine)

    load_demo()
    counts = (Deployment.objects.count(), Resident.objects.count(), DutyLog.objects.count())
    assert counts[0] == 39  # 39 cadres (seed), each deployed to their community
    assert Deployment.objects.values("community").distinct().count() == 23
    niu = DutyLog.objects.filter(cadre__username="cadre").order_by("-date").first()
    assert niu.streak_days == 20 and niu.compound.name == "郝庄新村"
    assert Resident.objects.filter(elderly_alone=True).exists()
    assert ResidentGroup.objects.filter(building__parent__name="郝庄新村").count() == 6
    assert Feedback.objects.filter(cadre__username="cadre").exists()
    load_demo()
    assert (Deployment.objects.count(), Resident.objects.count(), DutyLog.objects.count()) == counts


@pytest.mark.django_db
def test_generate_tiny():
    from fugong.common.generate.runner import run

    results = {r.name: r.counts for r in run(scale="tiny", seed=1)}
    assert results["community"]["resident"] == Resident.objects.count() > 0
    assert Household.objects.count() == results["community"]["household"]
    assert Resident.objects.exclude(id_number_hash=None).count() == Resident.objects.count()
    assert Deployment.objects.exists() and DutyLog.objects.exists()
