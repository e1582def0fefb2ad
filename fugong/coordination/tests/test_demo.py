"""The demo: the routing table, the seed's 商砼 supply ticket on 东海大道, a solved and
rated workers' ticket on 解放路15号, passes in each state; loading twice adds nothing."""

import io

import pytest
from django.core.management import call_command

from fugong.coordination.choices import PassStatus, TicketCategory, TicketStatus
from fugong.coordination.models import Ticket, TicketEvent, TicketRoute, VehiclePass


@pytest.fixture(autouse=True)
def demo_settings(settings, monkeypatch):
    settings.DEBUG = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The platform, work resumption (whose site manager of 怀川建设 we use) and ours: the
    # other apps' demo steps are theirs to test.
    from fugong.common.demo import registry

    steps = registry.steps
    wanted = {"projects-extra", "commitments", "coordination"}
    monkeypatch.setattr(registry, "steps", lambda: [(n, f) for n, f in steps() if n in wanted])


def _counts():
    return {m.__name__: m.objects.count() for m in (TicketRoute, Ticket, TicketEvent, VehiclePass)}


@pytest.mark.django_db
def test_the_demo_loads_once():
    call_command("load_demo", stdout=io.StringIO())
    assert TicketRoute.objects.count() == len(TicketCategory)
    concrete = Ticket.objects.get(category=TicketCategory.MATERIALS)
    assert concrete.project.name == "东海大道" and "商砼" in concrete.title
    assert concrete.department.name == "建设管理科"
    workers = Ticket.objects.get(category=TicketCategory.WORKERS)
    assert workers.project.name == "解放路15号"
    assert workers.status == TicketStatus.CONFIRMED and workers.rating == 5
    assert set(VehiclePass.objects.values_list("status", flat=True)) == {
        PassStatus.APPROVED,
        PassStatus.PENDING,
        PassStatus.REVOKED,
    }
    before = _counts()
    call_command("load_demo", stdout=io.StringIO())
    assert _counts() == before
