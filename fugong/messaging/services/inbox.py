"""Sending messages. Domain apps call `notify` (usually from transaction.on_commit)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from fugong.messaging.models import InAppMessage


def notify(
    *, recipients: Iterable, kind: str, title: str, body: str = "", link: str = "", key: str
) -> int:
    """Put a message in each recipient's inbox once per `key`; returns how many were new."""
    users = {u.pk: u for u in recipients if u is not None and u.is_active}
    if not users:
        return 0
    with transaction.atomic():
        existing = set(
            InAppMessage.objects.filter(recipient_id__in=users, key=key).values_list(
                "recipient_id", flat=True
            )
        )
        new = [
            InAppMessage(
                recipient_id=pk,
                kind=kind,
                title=str(title)[:200],
                body=str(body),
                link=link[:300],
                key=key[:120],
            )
            for pk in users
            if pk not in existing
        ]
        # A concurrent notify with the same key may insert first: the constraint keeps one.
        InAppMessage.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def message_mark_read(*, user, message_id: int) -> InAppMessage:
    message = InAppMessage.objects.for_user(user).get(pk=message_id)
    if message.read_at is None:
        message.read_at = timezone.now()
        message.save(update_fields=["read_at"])
    return message


def messages_mark_all_read(*, user) -> int:
    return InAppMessage.objects.for_user(user).unread().update(read_at=timezone.now())
