"""Concurrent transitions of one finding: exactly one wins, the other is refused with a
clear error and changes nothing. Threads need a database several connections share:
PostgreSQL (CI), or SQLite in a file; skipped on the in-memory SQLite test database.
Without threads, a transition from a stale copy is refused the same way (always runs)."""

import pytest
from django.db import connection

from fugong.common.errors import FugongError
from fugong.common.tests.test_concurrency import _parallel
from fugong.construction.models import Project
from fugong.supervision.models import RectificationReply, StopWorkOrder
from fugong.supervision.services.rectification import reply_review, reply_submit
from fugong.supervision.tests.helpers import build_supervision_world, photo, stop_work_journey


@pytest.fixture
def shared_sw(transactional_db):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("threads need a database file or server (runs on PostgreSQL in CI)")
    return build_supervision_world()


def _one_wins(results, kind):
    won = [r for r in results if isinstance(r, kind)]
    refused = [r for r in results if isinstance(r, FugongError)]
    assert len(won) == 1 and len(refused) == len(results) - 1, results
    return won[0], refused


def test_two_replies_at_once_leave_one(shared_sw):
    sw = shared_sw
    finding = stop_work_journey(sw)
    results = _parallel(
        lambda: reply_submit(
            actor=sw.site_manager_a, finding=finding, text="第一次提交整改", photos=[photo()]
        ),
        lambda: reply_submit(
            actor=sw.site_manager_a, finding=finding, text="第二次提交整改", photos=[photo()]
        ),
    )
    _one_wins(results, RectificationReply)
    assert RectificationReply.objects.count() == 1


def test_accept_and_reject_at_once_one_wins(shared_sw):
    sw = shared_sw
    finding = stop_work_journey(sw)
    reply_submit(actor=sw.site_manager_a, finding=finding, text="已整改完毕", photos=[photo()])
    results = _parallel(
        lambda: reply_review(actor=sw.quality_a, finding=finding, accepted=True, note="复查合格"),
        lambda: reply_review(
            actor=sw.quality_b, finding=finding, accepted=False, note="检测报告未提交"
        ),
    )
    reply, _refused = _one_wins(results, RectificationReply)
    finding.refresh_from_db()
    order = StopWorkOrder.objects.get()
    if reply.outcome == "accepted":
        assert finding.status == "closed" and order.status == "lifted"
        assert Project.objects.get(pk=sw.project_a.pk).status == "resumed"
    else:
        assert finding.status == "notice_issued" and order.status == "in_force"


def test_a_stale_copy_cannot_transition_twice(db):
    sw = build_supervision_world()
    finding = stop_work_journey(sw)
    reply_submit(actor=sw.site_manager_a, finding=finding, text="已整改完毕", photos=[photo()])
    stale = type(finding).objects.get(pk=finding.pk)
    reply_review(actor=sw.quality_a, finding=finding, accepted=True, note="复查合格")
    with pytest.raises(FugongError) as exc:
        reply_review(actor=sw.quality_b, finding=stale, accepted=False, note="检测报告未提交")
    assert exc.value.code == "invalid_transition"
    finding.refresh_from_db()
    assert finding.status == "closed"
    assert RectificationReply.objects.get().outcome == "accepted"
