"""The demo data: the seed's compound 郝庄新村 and cadres; loading twice adds nothing."""

import pytest

from fugong.care.demo import load_care_demo
from fugong.care.models import Disinfection, Errand, HealthCheck, Quarantine, SupplyItem
from fugong.care.selectors import care_summary, overdue_checks
from fugong.common.demo.loader import DemoLoader


def _loader():
    from fugong.accounts.models import Role
    from fugong.accounts.services import sync_roles

    sync_roles()
    loader = DemoLoader()
    loader.roles = {role.code: role for role in Role.objects.all()}
    loader.load_regions()
    loader.load_organisations()
    loader.load_people()
    return loader


@pytest.mark.django_db
def test_demo_is_idempotent_and_tells_the_seed():
    loader = _loader()
    load_care_demo(loader)
    counts = [
        m.objects.count() for m in (Quarantine, HealthCheck, Errand, Disinfection, SupplyItem)
    ]
    assert counts[0] == 3 and counts[2] == 4 and counts[3] == 4 and counts[4] == 5
    load_care_demo(loader)
    assert [
        m.objects.count() for m in (Quarantine, HealthCheck, Errand, Disinfection, SupplyItem)
    ] == counts
    niu = loader.users["cadre"]
    assert niu.get_full_name() == "牛应君"
    summary = care_summary(niu)
    assert summary["in_quarantine"] == 3 and summary["errands_open"] == 2
    assert summary["buildings"] == 6 and summary["buildings_flagged"] == 2
    assert [q.resident.name for q in overdue_checks(niu)] == ["郝建国"]
    assert Errand.objects.filter(status="confirmed").get().outstanding == 0
    assert SupplyItem.objects.get(name="帐篷").stock == 1
    # The other community's cadre sees none of it.
    assert care_summary(loader.users["mafucheng"])["in_quarantine"] == 0
