"""Errands: requested by a cadre or through the link, assigned, delivered with money
advanced, confirmed by the household, repaid (never beyond what was advanced); each
transition guarded; concurrent transitions cannot both win."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from fugong.audit.models import ChangeLog
from fugong.care.choices import ErrandStatus
from fugong.care.models import Errand
from fugong.care.selectors import care_summary, errand_money
from fugong.care.services import errands as es
from fugong.care.services import quarantine as qs
from fugong.care.tests.helpers import build_care_world
from fugong.common.errors import Conflict, FugongError, NotFound


@pytest.fixture
def cw(db):
    return build_care_world()


def _request(cw, resident=None, **kw):
    resident = resident or cw.elderly_a
    return es.errand_request(
        actor=cw.cadre_a, household=resident.household, kind=kw.pop("kind", "medicine"),
        items=kw.pop("items", "降压药两盒"), **kw,
    )  # fmt: skip


def test_the_whole_journey_with_money(cw):
    errand = _request(cw)
    assert errand.status == ErrandStatus.REQUESTED and errand.community == cw.world.community_a
    errand = es.errand_assign(actor=cw.cadre_a, errand=errand, assignee=cw.cadre_a)
    errand = es.errand_deliver(actor=cw.cadre_a, errand=errand, advanced="58.5")
    assert errand.status == ErrandStatus.DELIVERED and errand.advanced == Decimal("58.50")
    assert errand.outstanding == Decimal("58.50")
    errand = es.errand_repay(actor=cw.cadre_a, errand=errand, amount="50")
    assert errand.outstanding == Decimal("8.50")
    with pytest.raises(FugongError) as exc:
        es.errand_repay(actor=cw.cadre_a, errand=errand, amount="9")
    assert exc.value.code == "overpaid"
    errand = es.errand_repay(actor=cw.cadre_a, errand=errand, amount="8.50")
    assert errand.outstanding == 0
    assert [e.kind for e in errand.events.all()] == [
        "requested", "assigned", "delivered", "repaid", "repaid"
    ]  # fmt: skip
    assert ChangeLog.objects.for_object(errand).count() == 5
    assert errand_money(cw.cadre_a)["advanced"] == Decimal("58.50")
    assert care_summary(cw.cadre_a)["errands_done"] == 1


def test_bad_amounts_are_refused_and_change_nothing(cw):
    errand = _request(cw)
    for bad in ["-1", "1.234", "abc", "1e3", "NaN", "100000000"]:
        with pytest.raises(FugongError) as exc:
            es.errand_deliver(actor=cw.cadre_a, errand=errand, advanced=bad)
        assert "advanced" in exc.value.fields
    errand.refresh_from_db()
    assert errand.status == ErrandStatus.REQUESTED and errand.version == 1


def test_only_for_quarantined_or_vulnerable_households(cw):
    with pytest.raises(FugongError) as exc:
        _request(cw, resident=cw.plain_a)
    assert exc.value.code == "not_eligible"
    qs.quarantine_start(actor=cw.cadre_a, resident=cw.plain_a)
    assert _request(cw, resident=cw.plain_a).pk


def test_guards(cw):
    errand = _request(cw)
    with pytest.raises(FugongError) as exc:
        es.errand_repay(actor=cw.cadre_a, errand=errand, amount="1")
    assert exc.value.code == "invalid_transition"
    errand = es.errand_cancel(actor=cw.cadre_a, errand=errand, reason="家属已送到")
    for call in (
        lambda: es.errand_deliver(actor=cw.cadre_a, errand=errand),
        lambda: es.errand_assign(actor=cw.cadre_a, errand=errand, assignee=cw.cadre_a),
    ):
        with pytest.raises(FugongError) as exc:
            call()
        assert exc.value.code == "invalid_transition"


def test_assignee_must_cover_the_household(cw):
    errand = _request(cw)
    with pytest.raises(FugongError) as exc:
        es.errand_assign(actor=cw.cadre_a, errand=errand, assignee=cw.cadre_b)
    assert "assignee" in exc.value.fields


def test_out_of_scope_is_not_found(cw):
    errand = _request(cw)
    with pytest.raises(NotFound):
        es.errand_deliver(actor=cw.cadre_b, errand=errand)
    with pytest.raises(NotFound):
        es.errand_request(
            actor=cw.cadre_b, household=cw.elderly_a.household, kind="groceries", items="菜"
        )


def test_a_stale_form_loses(cw):
    errand = _request(cw)
    stale = errand.version
    es.errand_assign(actor=cw.cadre_a, errand=errand, assignee=cw.cadre_a)
    with pytest.raises(Conflict):
        es.errand_deliver(actor=cw.cadre_a, errand=errand, expected_version=stale)


def test_double_submitted_form_requests_once(cw):
    first = _request(cw, submission_key="k-1")
    second = _request(cw, submission_key="k-1")
    assert first.pk == second.pk and Errand.objects.count() == 1


def test_through_the_link_request_and_confirm(cw):
    q = qs.quarantine_start(
        actor=cw.cadre_a, resident=cw.resident_a,
        starts_on=timezone.localdate() - datetime.timedelta(days=1),
    )  # fmt: skip
    q, token = qs.quarantine_issue_link(actor=cw.cadre_a, quarantine=q)
    errand = es.errand_request_via_link(token=token, kind="groceries", items="白菜、鸡蛋")
    assert errand.requested_by is None and errand.quarantine == q
    with pytest.raises(FugongError):  # not delivered yet
        es.errand_confirm_via_link(token=token, errand_id=errand.pk)
    errand = es.errand_deliver(actor=cw.cadre_a, errand=errand, advanced="30")
    other = _request(cw)  # another household's errand cannot be confirmed by this link
    es.errand_deliver(actor=cw.cadre_a, errand=other)
    with pytest.raises(NotFound):
        es.errand_confirm_via_link(token=token, errand_id=other.pk)
    errand = es.errand_confirm_via_link(token=token, errand_id=errand.pk)
    assert errand.status == ErrandStatus.CONFIRMED and errand.confirmed_at
    with pytest.raises(NotFound):
        es.errand_request_via_link(token="x" * 32, kind="groceries", items="菜")
