"""Delivering the outbox: what `fugong worker` runs between its other tasks.

One message goes through these steps, each its own short transaction:

1. **claim** — due PENDING rows become CLAIMED with this worker's lease token and a lease
   end (`OUTBOX_LEASE_SECONDS`). Nothing has been sent; a lease that runs out puts the
   row back to PENDING (reconcile).
2. **rate limit** — if the channel already had its `rate_per_minute` calls in the last
   minute, the row goes back to PENDING at the time a slot frees (no attempt counted).
3. **sending** — the row becomes SENDING and the attempt is written *before* the call.
4. **call** the platform through the channel's adapter.
5. **record** the answer: SENT; PENDING again after an exponential backoff
   (`OUTBOX_BACKOFF_SECONDS` × 2ⁿ, capped at an hour, with jitter) until
   `OUTBOX_MAX_ATTEMPTS`, then DEAD; DEAD when refused for good; UNCERTAIN when the
   request may have arrived without an answer. If the database is away at this step the
   worker keeps the answer and retries writing it until the lease runs out.

**Reconcile**: a SENDING row whose lease ran out belongs to a worker that died (or lost
its database) during the call. For channels whose receivers de-duplicate by key (the
JSON webhook) it is queued again; for robots, which do not, it becomes UNCERTAIN and is
listed for admins with the dead letters — sending it again blindly could post it twice.
"""

from __future__ import annotations

import datetime
import logging
import random
import time
import uuid

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection, transaction
from django.db.models import Q
from django.utils import timezone

from fugong.messaging.adapters import Outcome, adapter_for
from fugong.messaging.choices import AttemptOutcome, OutboxStatus
from fugong.messaging.models import DeliveryAttempt, OutboxMessage

logger = logging.getLogger("fugong.messaging.outbox")


def _setting(name: str, default):
    return getattr(settings, name, default)


def lease_seconds() -> float:
    return float(_setting("OUTBOX_LEASE_SECONDS", 120))


def backoff(attempts: int) -> float:
    """Seconds before attempt `attempts + 1`: base × 2^(n−1), at most an hour, ±20 %."""
    base = float(_setting("OUTBOX_BACKOFF_SECONDS", 30))
    delay = min(3600.0, base * (2 ** max(0, attempts - 1)))
    return delay * random.uniform(0.8, 1.2)


def reconcile(now=None) -> dict[str, int]:
    """Release what dead workers held (see the module docstring)."""
    now = now or timezone.now()
    expired = Q(lease_until__lt=now)
    released = OutboxMessage.objects.filter(expired, status=OutboxStatus.CLAIMED).update(
        status=OutboxStatus.PENDING, lease_token="", lease_until=None, updated_at=now
    )
    requeued = uncertain = 0
    stuck = list(
        OutboxMessage.objects.filter(expired, status=OutboxStatus.SENDING).select_related("channel")
    )
    for message in stuck:
        idempotent = adapter_for(message.channel.kind).idempotent
        status = OutboxStatus.PENDING if idempotent else OutboxStatus.UNCERTAIN
        changed = OutboxMessage.objects.filter(
            pk=message.pk, status=OutboxStatus.SENDING, lease_token=message.lease_token
        ).update(
            status=status,
            lease_token="",
            lease_until=None,
            next_attempt_at=now,
            last_error="The worker stopped during the call; the answer is unknown.",
            updated_at=now,
        )
        if changed:
            DeliveryAttempt.objects.filter(message=message, finished_at__isnull=True).update(
                finished_at=now,
                outcome=AttemptOutcome.RETRY if idempotent else AttemptOutcome.UNCERTAIN,
                error="worker stopped during the call",
            )
        requeued += changed if idempotent else 0
        uncertain += 0 if idempotent else changed
    return {"released": released, "requeued": requeued, "uncertain": uncertain}


def claim(worker: str, *, limit: int = 20, now=None) -> list[int]:
    now = now or timezone.now()
    until = now + datetime.timedelta(seconds=lease_seconds())
    with transaction.atomic():
        due = OutboxMessage.objects.filter(
            status=OutboxStatus.PENDING, next_attempt_at__lte=now, channel__is_active=True
        ).order_by("next_attempt_at", "id")
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True, of=("self",))
        ids = list(due.values_list("id", flat=True)[:limit])
        if ids:
            OutboxMessage.objects.filter(id__in=ids, status=OutboxStatus.PENDING).update(
                status=OutboxStatus.CLAIMED, lease_token=worker, lease_until=until, updated_at=now
            )
    return ids


def _mine(message_id: int, worker: str, status: str):
    return OutboxMessage.objects.filter(pk=message_id, status=status, lease_token=worker)


def _rate_slot(message: OutboxMessage, now) -> datetime.datetime | None:
    """None when the channel may be called now, else when its next slot frees: a minute
    after the call that is `rate_per_minute`-th newest within the last minute."""
    limit = message.channel.rate_per_minute
    if not limit:
        return None  # 0: no limit of ours (a receiver on the bureau's own network)
    window = now - datetime.timedelta(minutes=1)
    oldest = list(
        DeliveryAttempt.objects.filter(channel_id=message.channel_id, started_at__gt=window)
        .order_by("-started_at")
        .values_list("started_at", flat=True)[limit - 1 : limit]
    )
    if not oldest:
        return None
    return oldest[0] + datetime.timedelta(minutes=1, milliseconds=10)


def deliver_one(message_id: int, worker: str, *, now_func=timezone.now) -> str:
    """Steps 2–5 for one claimed message; returns its new status (or "" if not ours)."""
    message = (
        OutboxMessage.objects.select_related("channel")
        .filter(pk=message_id, status=OutboxStatus.CLAIMED, lease_token=worker)
        .first()
    )
    if message is None:
        return ""
    now = now_func()
    with transaction.atomic():
        slot = _rate_slot(message, now)
        if slot is not None:
            _mine(message_id, worker, OutboxStatus.CLAIMED).update(
                status=OutboxStatus.PENDING,
                lease_token="",
                lease_until=None,
                next_attempt_at=slot,
                updated_at=now,
            )
            return OutboxStatus.PENDING
        if not _mine(message_id, worker, OutboxStatus.CLAIMED).update(
            status=OutboxStatus.SENDING,
            lease_until=now + datetime.timedelta(seconds=lease_seconds()),
            updated_at=now,
        ):
            return ""
        attempt = DeliveryAttempt.objects.create(
            message=message, channel=message.channel, started_at=now, worker=worker
        )
    try:
        result = adapter_for(message.channel.kind).send(message.channel, message)
    except Exception as exc:  # noqa: BLE001 - a bug in an adapter must not stop the worker
        logger.exception("outbox adapter failed for %s", message.key)
        result = Outcome(AttemptOutcome.UNCERTAIN, error=f"{type(exc).__name__}: {exc}"[:500])
    return _record(message, attempt, result, worker, now_func)


def _record(message, attempt, result: Outcome, worker: str, now_func) -> str:
    deadline = time.monotonic() + lease_seconds() * 0.8
    while True:
        try:
            return _write_result(message, attempt, result, worker, now_func())
        except DatabaseError:
            # The database is away (restart, failover): keep the answer and try again;
            # if the lease runs out first, reconcile treats the row as uncertain.
            if time.monotonic() > deadline:
                logger.error("could not record the answer for %s", message.key)
                return OutboxStatus.SENDING
            close_old_connections()
            time.sleep(0.5)


def _write_result(message, attempt, result: Outcome, worker: str, now) -> str:
    attempts = message.attempts + 1
    fields = {
        "attempts": attempts,
        "last_response": result.response,
        "last_error": result.error,
        "lease_token": "",
        "lease_until": None,
        "updated_at": now,
    }
    if result.outcome == AttemptOutcome.SENT:
        fields.update(status=OutboxStatus.SENT, sent_at=now)
    elif result.outcome == AttemptOutcome.RETRY:
        if attempts >= int(_setting("OUTBOX_MAX_ATTEMPTS", 8)):
            fields["status"] = OutboxStatus.DEAD
        else:
            wait = max(backoff(attempts), result.retry_after or 0)
            fields.update(
                status=OutboxStatus.PENDING,
                next_attempt_at=now + datetime.timedelta(seconds=wait),
            )
    elif result.outcome == AttemptOutcome.UNCERTAIN:
        fields["status"] = OutboxStatus.UNCERTAIN
    else:
        fields["status"] = OutboxStatus.DEAD
    with transaction.atomic():
        _mine(message.pk, worker, OutboxStatus.SENDING).update(**fields)
        DeliveryAttempt.objects.filter(pk=attempt.pk).update(
            finished_at=now,
            outcome=result.outcome,
            http_status=result.http_status,
            response=result.response,
            error=result.error,
        )
    if fields["status"] in {OutboxStatus.DEAD, OutboxStatus.UNCERTAIN}:
        logger.warning("outbox %s: %s (%s)", message.key, fields["status"], result.error)
    return fields["status"]


def deliver_batch(*, worker: str | None = None, limit: int = 20, now_func=timezone.now) -> int:
    """Reconcile, claim up to `limit` due messages and deliver them; returns how many
    were claimed (0: nothing to do)."""
    worker = worker or uuid.uuid4().hex
    reconcile(now_func())
    ids = claim(worker, limit=limit, now=now_func())
    for message_id in ids:
        deliver_one(message_id, worker, now_func=now_func)
    return len(ids)


def deliver_all(*, now_func=timezone.now, max_rounds: int = 1000) -> int:
    """Deliver until nothing is due (tests, `fugong worker --batch`)."""
    total = 0
    for _round in range(max_rounds):
        n = deliver_batch(now_func=now_func)
        if not n:
            break
        total += n
    return total
