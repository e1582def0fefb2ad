"""The reminder registry: due rules run once per key, on their schedule."""

import datetime

import pytest
from django.utils import timezone

from fugong.common.testing import build_world, make_user
from fugong.messaging import reminders
from fugong.messaging.models import InAppMessage, OutboxMessage, ReminderRun
from fugong.messaging.reminders import (
    Reminding,
    daily_at,
    every,
    register_reminder,
    run_due_reminders,
)
from fugong.messaging.services.channels import channel_create


@pytest.fixture
def rule(db):
    world = build_world()
    cadre = make_user("cadre", "cadre", region=world.community_b)
    group = channel_create(
        actor=None, name="值班群", kind="sms", address="13912345678", region=world.community_b
    )
    calls = []

    def overdue_checks(now):
        calls.append(now)
        yield Reminding(
            recipients=[cadre],
            title="居家隔离健康监测逾期",
            body="请今日完成",
            key=f"health-check-overdue:1:{now.date()}",
            group="overdue",
            channels=[group],
        )

    register_reminder(
        "test.health_check_overdue", collect=overdue_checks, schedule=every(minutes=30)
    )
    yield cadre, calls
    reminders._RULES.pop("test.health_check_overdue", None)


def test_a_due_rule_runs_and_repeats_nothing(rule):
    cadre, calls = rule
    now = timezone.now()
    run_due_reminders(now=now)  # first sight: scheduled, not yet due
    assert calls == []
    later = now + datetime.timedelta(minutes=31)
    results = run_due_reminders(now=later)
    assert results["test.health_check_overdue"] == {"overdue": 1}
    assert InAppMessage.objects.get(recipient=cadre).title == "居家隔离健康监测逾期"
    assert OutboxMessage.objects.count() == 1
    again = later + datetime.timedelta(minutes=31)
    assert run_due_reminders(now=again)["test.health_check_overdue"] == {"overdue": 0}  # same key
    assert InAppMessage.objects.count() == 1 and OutboxMessage.objects.count() == 1
    run = ReminderRun.objects.get(name="test.health_check_overdue")
    assert run.last_run_at == again and run.next_run_at > again


def test_a_failing_rule_is_recorded_and_the_others_still_run(rule, db):
    def broken(now):
        raise RuntimeError("query failed")

    register_reminder("test.broken", collect=broken, schedule=every(minutes=1))
    try:
        now = timezone.now()
        run_due_reminders(now=now)
        results = run_due_reminders(now=now + datetime.timedelta(minutes=40))
        assert "test.health_check_overdue" in results
        assert "RuntimeError" in ReminderRun.objects.get(name="test.broken").last_error
    finally:
        reminders._RULES.pop("test.broken", None)


def test_daily_at_is_the_next_local_time():
    schedule = daily_at(datetime.time(16, 0))
    now = timezone.make_aware(datetime.datetime(2020, 2, 10, 10, 0))
    assert timezone.localtime(schedule(None, now)).hour == 16
    evening = timezone.make_aware(datetime.datetime(2020, 2, 10, 17, 0))
    assert timezone.localtime(schedule(None, evening)).day == 11


def test_construction_registers_the_missing_report_reminder():
    assert "construction.daily_report_missing" in reminders.registered()
