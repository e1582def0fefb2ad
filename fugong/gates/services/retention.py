"""Retention (到期清除): passages older than the period (`GATES_RETENTION_DAYS`, 28 by
default) lose everything that names a person; the gate, time, direction and reading stay
for the counts. Other apps' personal records (care's health checks) are purged through
`hooks.register_retention_purger`. Records held by an open contact-tracing case are never
touched. Every run is recorded with its counts (RetentionPurge and the change log)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from fugong.audit.choices import ChangeAction
from fugong.audit.services import record_change
from fugong.gates import hooks
from fugong.gates.choices import CaseStatus
from fugong.gates.models import ContactTracingCase, Passage, RetentionPurge
from fugong.gates.services.tracing import retention_days

BATCH = 5000


def held_passages():
    """Passage ids held by an open case."""
    return ContactTracingCase.passages.through.objects.filter(
        contacttracingcase__status=CaseStatus.OPEN
    )


def held_resident_ids() -> set[int]:
    """People under an open case: its subject and every resident among the passages held."""
    held = set(
        ContactTracingCase.objects.filter(
            status=CaseStatus.OPEN, subject_resident__isnull=False
        ).values_list("subject_resident_id", flat=True)
    )
    held |= set(
        Passage.objects.filter(
            pk__in=held_passages().values("passage_id"), resident__isnull=False
        ).values_list("resident_id", flat=True)
    )
    return held


def purge_expired(*, actor=None, now=None, days: int | None = None) -> RetentionPurge:
    """Anonymise expired passages in batches (short transactions), then run the other
    apps' purgers; record the counts."""
    now = now or timezone.now()
    days = days if days is not None else retention_days()
    cutoff = now - datetime.timedelta(days=days)
    held = held_passages().filter(passage_id=OuterRef("pk"))
    expired = Passage.objects.filter(at__lt=cutoff, anonymised_at__isnull=True).exclude(
        Exists(held)
    )
    kept = (
        Passage.objects.filter(at__lt=cutoff, anonymised_at__isnull=True)
        .filter(Exists(held))
        .count()
    )
    anonymised = 0
    while True:
        ids = list(expired.order_by("pk").values_list("pk", flat=True)[:BATCH])
        if not ids:
            break
        with transaction.atomic():
            anonymised += Passage.objects.filter(pk__in=ids)._anonymise(
                resident=None,
                visitor_name="",
                visitor_phone=None,
                visitor_phone_hash=None,
                visit_reason="",
                visiting="",
                request_key=None,
                anonymised_at=now,
            )
    counts = {"passages_anonymised": anonymised, "passages_held": kept}
    purgers = hooks.retention_purgers()
    if purgers:
        residents = held_resident_ids()
        for name, purger in sorted(purgers.items()):
            counts[name] = purger(cutoff=cutoff, held_resident_ids=residents)
    with transaction.atomic():
        run = RetentionPurge.objects.create(cutoff=cutoff, counts=counts, run_by=actor)
        record_change(
            actor=actor,
            instance=run,
            action=ChangeAction.DELETE,
            after={"cutoff": cutoff.isoformat(), **counts},
            message="retention purge",
        )
    return run
