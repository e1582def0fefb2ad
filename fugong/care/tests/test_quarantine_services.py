"""Quarantine: start, planned end, extend/shorten on the timeline, daily checks (one per
day, impossible temperatures refused), the personal link, overdue flags, release."""

import datetime

import pytest
from django.utils import timezone

from fugong.audit.models import ChangeLog
from fugong.care.choices import QuarantineEventKind, QuarantineStatus
from fugong.care.models import HealthCheck, Quarantine
from fugong.care.selectors import (
    care_summary,
    is_under_quarantine,
    overdue_checks,
    people_in_quarantine,
)
from fugong.care.services import quarantine as qs
from fugong.care.tests.helpers import build_care_world, deploy
from fugong.common.errors import Conflict, Forbidden, FugongError, NotFound
from fugong.messaging.models import InAppMessage


@pytest.fixture
def cw(db):
    return build_care_world()


def _start(cw, days_ago=0, **kw):
    return qs.quarantine_start(
        actor=cw.cadre_a,
        resident=cw.resident_a,
        starts_on=timezone.localdate() - datetime.timedelta(days=days_ago),
        **kw,
    )


def test_start_defaults_to_fourteen_days_and_is_audited(cw):
    q = _start(cw)
    assert q.planned_end_on - q.starts_on == datetime.timedelta(days=13)
    assert q.planned_days == 14 and q.community == cw.world.community_a
    assert [e.kind for e in q.events.all()] == [QuarantineEventKind.STARTED]
    assert ChangeLog.objects.for_object(q).filter(action="create").exists()
    assert is_under_quarantine(cw.resident_a)


def test_the_default_length_is_configurable(cw, settings):
    settings.CARE_QUARANTINE_DAYS = 7
    assert _start(cw).planned_days == 7


def test_one_active_quarantine_per_resident(cw):
    _start(cw)
    with pytest.raises(FugongError) as exc:
        _start(cw)
    assert exc.value.code == "duplicate"
    assert Quarantine.objects.count() == 1


def test_start_outside_the_community_is_not_found_and_without_grant_forbidden(cw):
    with pytest.raises(NotFound):
        qs.quarantine_start(actor=cw.cadre_b, resident=cw.resident_a)
    from fugong.common.testing import make_user

    with pytest.raises(Forbidden):
        qs.quarantine_start(actor=make_user("nobody"), resident=cw.resident_a)
    assert not Quarantine.objects.exists()


def test_centralised_quarantine_needs_a_place_and_future_starts_are_refused(cw):
    with pytest.raises(FugongError) as exc:
        qs.quarantine_start(actor=cw.cadre_a, resident=cw.resident_a, kind="central")
    assert "place" in exc.value.fields
    with pytest.raises(FugongError) as exc:
        qs.quarantine_start(
            actor=cw.cadre_a,
            resident=cw.resident_a,
            starts_on=timezone.localdate() + datetime.timedelta(days=1),
        )
    assert "starts_on" in exc.value.fields


def test_extend_and_shorten_with_reason_on_the_timeline(cw):
    q = _start(cw)
    end = q.planned_end_on
    with pytest.raises(FugongError):
        qs.quarantine_change_end(actor=cw.cadre_a, quarantine=q, planned_end_on=end, reason="")
    q = qs.quarantine_change_end(
        actor=cw.cadre_a, quarantine=q, planned_end_on=end + datetime.timedelta(days=7),
        reason="密接者核酸未出",
    )  # fmt: skip
    q = qs.quarantine_change_end(
        actor=cw.cadre_a, quarantine=q, planned_end_on=end - datetime.timedelta(days=2),
        reason="医生评估",
    )  # fmt: skip
    kinds = [(e.kind, e.end_before, e.end_after, e.message) for e in q.events.all()][1:]
    assert kinds == [
        ("extended", end, end + datetime.timedelta(days=7), "密接者核酸未出"),
        (
            "shortened",
            end + datetime.timedelta(days=7),
            end - datetime.timedelta(days=2),
            "医生评估",
        ),
    ]
    with pytest.raises(FugongError) as exc:
        qs.quarantine_change_end(
            actor=cw.cadre_a, quarantine=q,
            planned_end_on=q.starts_on - datetime.timedelta(days=1), reason="错误日期",
        )  # fmt: skip
    assert exc.value.code == "dates"


def test_a_stale_version_is_a_conflict(cw):
    q = _start(cw)
    stale = q.version
    qs.quarantine_change_end(
        actor=cw.cadre_a, quarantine=q, planned_end_on=q.planned_end_on + datetime.timedelta(1),
        reason="延长一天",
    )  # fmt: skip
    with pytest.raises(Conflict):
        qs.quarantine_change_end(
            actor=cw.cadre_a, quarantine=q, planned_end_on=q.planned_end_on,
            reason="再改", expected_version=stale,
        )  # fmt: skip


def test_impossible_temperatures_are_refused_and_change_nothing(cw):
    q = _start(cw)
    for bad in ["33.9", "43.1", "abc", "", "nan", "3650", "-37", "Infinity"]:
        with pytest.raises(FugongError) as exc:
            qs.health_check_record(actor=cw.cadre_a, quarantine=q, temperature=bad)
        assert "temperature" in exc.value.fields
    assert not HealthCheck.objects.exists()


def test_one_check_per_day(cw):
    q = _start(cw)
    check = qs.health_check_record(actor=cw.cadre_a, quarantine=q, temperature="36.6")
    # Audited without the reading, which must not outlive the purge in the change log.
    entry = ChangeLog.objects.for_object(check).get()
    assert entry.actor == cw.cadre_a and "36.6" not in str(entry.after)
    with pytest.raises(FugongError) as exc:
        qs.health_check_record(actor=cw.cadre_a, quarantine=q, temperature="36.7")
    assert exc.value.code == "duplicate"
    assert HealthCheck.objects.filter(quarantine=q).count() == 1


def test_checks_for_days_to_come_or_before_the_start_are_refused(cw):
    q = _start(cw, days_ago=1)
    for day in (timezone.localdate() + datetime.timedelta(1), q.starts_on - datetime.timedelta(1)):
        with pytest.raises(FugongError):
            qs.health_check_record(actor=cw.cadre_a, quarantine=q, temperature="36.5", date=day)


def test_fever_alerts_the_deployed_cadres(cw, django_capture_on_commit_callbacks):
    deploy(cw, cw.cadre_a, cw.world.community_a)
    q = _start(cw)
    with django_capture_on_commit_callbacks(execute=True):
        qs.health_check_record(
            actor=cw.cadre_a, quarantine=q, temperature="38.2", symptoms=["cough"]
        )
    message = InAppMessage.objects.get(recipient=cw.cadre_a)
    assert "郝建国" in message.title and "38.2" in message.title


def test_overdue_until_checked_then_cleared_by_the_self_report(cw):
    q = _start(cw, days_ago=2)
    assert list(overdue_checks(cw.cadre_a)) == [q]
    assert list(overdue_checks(cw.cadre_b)) == []
    q, token = qs.quarantine_issue_link(actor=cw.cadre_a, quarantine=q)
    check = qs.health_check_self_report(token=token, temperature="36.4", symptoms=[])
    assert check.source == "self" and check.recorded_by is None
    assert list(overdue_checks(cw.cadre_a)) == []


def test_before_the_due_time_yesterdays_check_is_what_is_due(cw, settings):
    q = _start(cw, days_ago=1)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    qs.health_check_record(actor=cw.cadre_a, quarantine=q, temperature="36.5", date=yesterday)
    morning = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time(7)))
    evening = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate(), datetime.time(20))
    )
    assert list(overdue_checks(cw.cadre_a, now=morning)) == []
    assert list(overdue_checks(cw.cadre_a, now=evening)) == [q]


def test_the_link_is_unguessable_revocable_and_dies_on_release(cw):
    q = _start(cw)
    q, token = qs.quarantine_issue_link(actor=cw.cadre_a, quarantine=q)
    assert len(token) >= 32 and token not in q.token_hash
    assert qs.quarantine_for_token(token) == q
    assert qs.quarantine_for_token(token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    q, second = qs.quarantine_issue_link(actor=cw.cadre_a, quarantine=q)
    assert qs.quarantine_for_token(token) is None  # a new link replaces the old one
    q = qs.quarantine_revoke_link(actor=cw.cadre_a, quarantine=q)
    with pytest.raises(NotFound):
        qs.health_check_self_report(token=second, temperature="36.5")
    q, third = qs.quarantine_issue_link(actor=cw.cadre_a, quarantine=q)
    q = qs.quarantine_release(actor=cw.cadre_a, quarantine=q, note="提前解除：医生评估")
    assert qs.quarantine_for_token(third) is None


def test_release_records_who_and_when_and_early_release_needs_a_note(cw):
    q = _start(cw)
    with pytest.raises(FugongError) as exc:
        qs.quarantine_release(actor=cw.cadre_a, quarantine=q)
    assert "note" in exc.value.fields
    q = _start_ended(cw)
    q = qs.quarantine_release(actor=cw.cadre_a, quarantine=q)
    assert q.status == QuarantineStatus.RELEASED and q.released_by == cw.cadre_a
    assert q.released_at is not None
    assert not is_under_quarantine(cw.elderly_a)
    with pytest.raises(FugongError) as exc:
        qs.quarantine_release(actor=cw.cadre_a, quarantine=q)
    assert exc.value.code == "invalid_transition"


def _start_ended(cw):
    today = timezone.localdate()
    return qs.quarantine_start(
        actor=cw.cadre_a,
        resident=cw.elderly_a,
        starts_on=today - datetime.timedelta(days=14),
        planned_end_on=today - datetime.timedelta(days=1),
    )


def test_summary_is_scoped(cw):
    q = _start(cw, days_ago=1)
    assert care_summary(cw.cadre_a)["in_quarantine"] == 1
    assert care_summary(cw.cadre_a)["overdue_checks"] == 1
    qs.health_check_record(actor=cw.cadre_a, quarantine=q, temperature="37.8")
    assert care_summary(cw.cadre_a)["fevers_today"] == 1
    assert care_summary(cw.cadre_a, region=cw.world.community_b)["fevers_today"] == 0
    assert care_summary(cw.cadre_b)["in_quarantine"] == 0
    assert people_in_quarantine(cw.admin).count() == 1


def test_purge_deletes_old_checks_audits_and_spares_held_people(cw):
    q = _start(cw, days_ago=40)
    other = qs.quarantine_start(
        actor=cw.cadre_b, resident=cw.resident_b,
        starts_on=timezone.localdate() - datetime.timedelta(days=40),
    )  # fmt: skip
    for quarantine, actor in ((q, cw.cadre_a), (other, cw.cadre_b)):
        for back in (35, 30, 2):
            qs.health_check_record(
                actor=actor, quarantine=quarantine, temperature="36.5",
                date=timezone.localdate() - datetime.timedelta(days=back),
            )  # fmt: skip
    cutoff = timezone.localdate() - datetime.timedelta(days=28)
    assert qs.purge_health_checks(cutoff, keep_residents={cw.resident_b.pk}) == 2
    assert HealthCheck.objects.filter(quarantine=q).count() == 1
    assert HealthCheck.objects.filter(quarantine=other).count() == 3
    assert ChangeLog.objects.for_object(q).filter(message__contains="2").exists()


def test_the_gates_hooks_are_joined(cw):
    from fugong.care.gate_hooks import quarantine_out_reason
    from fugong.gates import hooks

    assert quarantine_out_reason in hooks._OUT_ALERTS
    assert "care.health_checks" in hooks.retention_purgers()
    assert hooks.out_alert_reason(cw.resident_a.pk) is None
    _start(cw)
    from django.utils import translation

    with translation.override("en"):
        assert "under home quarantine until" in hooks.out_alert_reason(cw.resident_a.pk)


def test_the_overdue_reminder_tells_the_deployed_cadres_once_a_day(cw):
    from fugong.messaging.reminders import registered, run_reminder

    assert "care.health_check_overdue" in registered()
    deploy(cw, cw.cadre_a, cw.world.community_a)
    q = _start(cw, days_ago=2)
    run_reminder("care.health_check_overdue")
    run_reminder("care.health_check_overdue")
    message = InAppMessage.objects.get(recipient=cw.cadre_a)
    assert "郝建国" in message.title and message.link == q.get_absolute_url()
    assert not InAppMessage.objects.filter(recipient=cw.cadre_b).exists()
