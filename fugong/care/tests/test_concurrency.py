"""Concurrent writes: issues that together exceed the stock leave it at zero, never
below; double submissions of a day's check leave one; two transitions of one errand
cannot both win.

Real threads with their own connections: runs on PostgreSQL (CI's second suite, or
`DATABASE_URL=postgres://… pytest`), or SQLite in a file; skipped on in-memory SQLite.
"""

import threading

import pytest
from django.db import close_old_connections, connection

from fugong.care.models import Errand, HealthCheck, SupplyItem, SupplyMovement
from fugong.care.services import errands as es
from fugong.care.services import quarantine as qs
from fugong.care.services import supplies as ss
from fugong.care.tests.helpers import build_care_world
from fugong.common.errors import FugongError

THREADS = 6


def _parallel(calls):
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, fn):
        try:
            barrier.wait(timeout=10)
            results[i] = fn()
        except Exception as exc:  # noqa: BLE001 - the test inspects what each thread got
            results[i] = exc
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(i, fn)) for i, fn in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


@pytest.fixture
def cw(transactional_db):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("threads need a database file or server (runs on PostgreSQL in CI)")
    return build_care_world()


def test_concurrent_issues_never_take_the_stock_below_zero(cw):
    item = ss.supply_item_create(
        actor=cw.cadre_a, community=cw.world.community_a, category="mask", name="口罩"
    )
    ss.supply_receive(actor=cw.cadre_a, item=item, quantity=10, counterparty="捐赠")
    results = _parallel(
        [
            lambda n=n: ss.supply_issue(
                actor=cw.cadre_a, item=item, quantity=3, counterparty=f"门岗{n}"
            )
            for n in range(THREADS)
        ]
    )
    won = [r for r in results if isinstance(r, SupplyMovement)]
    refused = [r for r in results if isinstance(r, FugongError)]
    assert len(won) == 3 and len(refused) == THREADS - 3, results
    assert all(r.code == "insufficient_stock" for r in refused)
    assert SupplyItem.objects.get().stock == 1
    assert sorted(m.stock_after for m in won) == [1, 4, 7]


def test_concurrent_self_reports_leave_one_check(cw):
    q = qs.quarantine_start(actor=cw.cadre_a, resident=cw.resident_a)
    q, token = qs.quarantine_issue_link(actor=cw.cadre_a, quarantine=q)
    results = _parallel(
        [lambda: qs.health_check_self_report(token=token, temperature="36.5")] * THREADS
    )
    assert HealthCheck.objects.count() == 1
    assert sum(isinstance(r, HealthCheck) for r in results) == 1
    assert all(r.code == "duplicate" for r in results if isinstance(r, FugongError)), results


def test_concurrent_transitions_of_one_errand_one_wins(cw):
    errand = es.errand_request(
        actor=cw.cadre_a, household=cw.elderly_a.household, kind="medicine", items="药"
    )
    calls = [
        lambda: es.errand_deliver(actor=cw.cadre_a, errand=errand, advanced="10", expected_version=1),
        lambda: es.errand_cancel(actor=cw.cadre_a, errand=errand, reason="家属已买", expected_version=1),
    ] * 3  # fmt: skip
    results = _parallel(calls)
    assert sum(isinstance(r, Errand) for r in results) == 1, results
    final = Errand.objects.get()
    assert final.version == 2 and final.status in ("delivered", "cancelled")
    assert final.events.exclude(kind="requested").count() == 1
