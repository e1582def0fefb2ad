"""Queueing outgoing messages and the admin's hand on failed ones.

`outbox_enqueue` must run inside the transaction of what caused the message (a notice
published, a reminder due): the message exists exactly when its cause does, and the
worker (`fugong worker`) delivers it after the commit.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fugong.audit.choices import ChangeAction
from fugong.audit.services import record_change, snapshot
from fugong.common.errors import FugongError
from fugong.common.services import fetch_for
from fugong.messaging.adapters import adapter_for, split_text
from fugong.messaging.choices import OutboxStatus
from fugong.messaging.models import OutboxMessage

RESEND = "messaging.resend_outboxmessage"


def outbox_enqueue(*, channel, text: str, key: str, source: str = "", actor=None) -> int:
    """Queue `text` for `channel` once per `key` (split into parts at the platform's
    limit, each with the key `key#i`); returns how many rows were new."""
    if not channel.is_active:
        return 0
    parts = split_text(text, adapter_for(channel.kind).limit_bytes)
    keys = [key if len(parts) == 1 else f"{key}#{i}" for i in range(1, len(parts) + 1)]
    with transaction.atomic():
        existing = set(OutboxMessage.objects.filter(key__in=keys).values_list("key", flat=True))
        new = [
            OutboxMessage(
                key=k,
                channel=channel,
                text=part,
                part=i,
                parts=len(parts),
                source=source[:80],
                created_by=actor,
            )
            for i, (k, part) in enumerate(zip(keys, parts, strict=True), 1)
            if k not in existing
        ]
        # A concurrent enqueue with the same key may win: the unique key keeps one.
        OutboxMessage.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def outbox_resend(*, actor, message_id: int) -> OutboxMessage:
    """Put a failed, uncertain or cancelled message back in the queue (attempts reset)."""
    with transaction.atomic():
        message = fetch_for(actor, OutboxMessage, message_id, RESEND, lock=True)
        if message.status not in {
            OutboxStatus.DEAD,
            OutboxStatus.UNCERTAIN,
            OutboxStatus.CANCELLED,
        }:
            raise FugongError(
                _("Only failed, uncertain or cancelled messages can be sent again."),
                code="not_resendable",
            )
        before = snapshot(message)
        message.status = OutboxStatus.PENDING
        message.attempts = 0
        message.next_attempt_at = timezone.now()
        message.lease_token = ""
        message.lease_until = None
        message.save(
            update_fields=[
                "status",
                "attempts",
                "next_attempt_at",
                "lease_token",
                "lease_until",
                "updated_at",
            ]
        )
        record_change(
            actor=actor,
            instance=message,
            action=ChangeAction.UPDATE,
            before=before,
            message="resend",
        )
    return message


def outbox_close(*, actor, message_id: int, delivered: bool) -> OutboxMessage:
    """An admin settles an uncertain message after checking the group: it arrived
    (sent) or it did not and is not wanted any more (cancelled)."""
    with transaction.atomic():
        message = fetch_for(actor, OutboxMessage, message_id, RESEND, lock=True)
        if message.status != OutboxStatus.UNCERTAIN:
            raise FugongError(
                _("Only a message whose delivery is uncertain can be settled."),
                code="not_uncertain",
            )
        before = snapshot(message)
        message.status = OutboxStatus.SENT if delivered else OutboxStatus.CANCELLED
        if delivered:
            message.sent_at = timezone.now()
        message.save(update_fields=["status", "sent_at", "updated_at"])
        record_change(
            actor=actor,
            instance=message,
            action=ChangeAction.UPDATE,
            before=before,
            message="confirmed delivered" if delivered else "closed",
        )
    return message


def outbox_cancel_pending(*, source: str) -> int:
    """Cancel what has not left yet for a cause that was taken back (a withdrawn notice)."""
    return OutboxMessage.objects.filter(
        source=source, status__in=[OutboxStatus.PENDING, OutboxStatus.CLAIMED]
    ).update(status=OutboxStatus.CANCELLED, updated_at=timezone.now())
