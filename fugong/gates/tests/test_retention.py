import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from fugong.audit.models import ChangeLog
from fugong.gates import hooks
from fugong.gates.models import Passage, RetentionPurge
from fugong.gates.services.passages import passage_record
from fugong.gates.services.retention import purge_expired
from fugong.gates.services.tracing import case_close, case_open
from fugong.gates.tests.factories import build_gate_world


@pytest.fixture
def gw(db):
    return build_gate_world()


def passage(gw, resident, days_ago, minutes=0):
    # Recorded now, dated back: the volunteer may enter a passage's time.
    return passage_record(
        actor=gw.cadre,
        checkpoint_id=gw.gate_a.pk,
        direction="out",
        resident_id=resident.pk,
        at=timezone.now() - datetime.timedelta(days=days_ago, minutes=minutes),
    )


def test_old_passages_are_anonymised_recent_and_held_kept(gw):
    old = passage(gw, gw.zhang, 30)
    old_contact = passage(gw, gw.li, 30, minutes=5)
    recent = passage(gw, gw.li, 2)
    visitor = passage_record(
        actor=gw.cadre,
        checkpoint_id=gw.gate_a.pk,
        direction="out",
        visitor_name="王师傅",
        visitor_phone="13800001111",
        visit_reason="送水",
        visiting="301",
        at=timezone.now() - datetime.timedelta(days=40),
    )
    run = purge_expired(days=28)
    assert run.counts["passages_anonymised"] == 3
    for p in (old, old_contact, visitor):
        row = Passage.objects.get(pk=p.pk)
        assert row.anonymised_at and row.resident_id is None and row.visitor_name == ""
        assert row.visitor_phone is None and row.checkpoint_id == gw.gate_a.pk
    assert Passage.objects.get(pk=recent.pk).resident_id == gw.li.pk
    assert ChangeLog.objects.for_object(run).exists()


def test_open_case_holds_its_records(gw, settings):
    settings.GATES_RETENTION_DAYS = 60
    held = passage(gw, gw.zhang, 30)
    contact = passage(gw, gw.li, 30, minutes=5)
    case = case_open(actor=gw.cadre, resident_id=gw.zhang.pk, minutes=10, days=40, reason="确诊")
    run = purge_expired(days=28)
    assert run.counts["passages_anonymised"] == 0 and run.counts["passages_held"] == 2
    assert Passage.objects.get(pk=held.pk).resident_id == gw.zhang.pk
    case_close(actor=gw.cadre, case=case)
    purge_expired(days=28)
    assert Passage.objects.get(pk=contact.pk).resident_id is None


def test_other_apps_purgers_run_with_the_held_people(gw):
    seen = {}

    def purger(*, cutoff, held_resident_ids):
        seen.update(cutoff=cutoff, held=set(held_resident_ids))
        return 7

    saved = dict(hooks._PURGERS)
    hooks._PURGERS.clear()
    hooks.register_retention_purger("test.checks", purger)
    try:
        passage(gw, gw.zhang, 1)
        case_open(actor=gw.cadre, resident_id=gw.zhang.pk, minutes=10, days=3, reason="密接")
        run = purge_expired(days=28)
    finally:
        hooks._PURGERS.clear()
        hooks._PURGERS.update(saved)
    assert run.counts["test.checks"] == 7
    assert seen["held"] == {gw.zhang.pk}


def test_command(gw, capsys):
    passage(gw, gw.zhang, 40)
    call_command("purge_passages")
    assert "passages_anonymised': 1" in capsys.readouterr().out
    assert RetentionPurge.objects.count() == 1


def test_the_worker_runs_the_purge_daily(gw, settings):
    from fugong.messaging.reminders import registered, run_reminder

    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default"],
        }
    }
    assert "gates.retention_purge" in registered()
    passage(gw, gw.zhang, 40)
    run_reminder("gates.retention_purge")  # what `fugong worker` does at 03:30
    assert RetentionPurge.objects.get().counts["passages_anonymised"] == 1
