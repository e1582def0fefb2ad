"""Writes of the dashboard: the groups that receive the bulletin, and sending it.

`bulletin_send` queues the day's bulletin once per recipient and day in the messaging
outbox (`outbox_enqueue`, idempotent by key), in one transaction with its audit row; the
messaging worker delivers it after the commit. Sending twice sends nothing new.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from fugong.audit.choices import ChangeAction
from fugong.audit.services import record_change, snapshot
from fugong.common.errors import Forbidden, FugongError
from fugong.common.scoping import ensure_visible, user_can
from fugong.common.services import fetch_for
from fugong.dashboard.apps import SEND_BULLETIN
from fugong.dashboard.models import BulletinRecipient

SOURCE = "dashboard.bulletin"


def recipient_add(*, actor, channel_id: int, note: str = "") -> BulletinRecipient:
    """Make a channel the actor can see receive the bulletin (re-activates a former one)."""
    from fugong.messaging.models import Channel

    if not user_can(actor, BulletinRecipient, "add"):
        raise Forbidden()
    with transaction.atomic():
        channel = fetch_for(actor, Channel, channel_id, "view")
        existing = BulletinRecipient.objects.select_for_update().filter(channel=channel).first()
        if existing is not None:
            if existing.is_active:
                raise FugongError(
                    _("This channel already receives the bulletin."),
                    code="duplicate",
                    fields={"channel": _("This channel already receives the bulletin.")},
                )
            before = snapshot(existing)
            existing.is_active = True
            existing.note = note[:200]
            existing.version += 1
            existing.save(update_fields=["is_active", "note", "version", "updated_at"])
            record_change(actor=actor, instance=existing, action=ChangeAction.UPDATE, before=before)
            return existing
        try:
            with transaction.atomic():
                recipient = BulletinRecipient.objects.create(
                    channel=channel, note=note[:200], created_by=actor
                )
        except IntegrityError:  # a concurrent add of the same channel won
            raise FugongError(
                _("This channel already receives the bulletin."),
                code="duplicate",
                fields={"channel": _("This channel already receives the bulletin.")},
            ) from None
        ensure_visible(actor, recipient, "add")
        record_change(actor=actor, instance=recipient, action=ChangeAction.CREATE)
    return recipient


def recipient_deactivate(*, actor, recipient_id: int) -> BulletinRecipient:
    with transaction.atomic():
        recipient = fetch_for(actor, BulletinRecipient, recipient_id, "change", lock=True)
        if not recipient.is_active:
            return recipient
        before = snapshot(recipient)
        recipient.is_active = False
        recipient.version += 1
        recipient.save(update_fields=["is_active", "version", "updated_at"])
        record_change(actor=actor, instance=recipient, action=ChangeAction.UPDATE, before=before)
    return recipient


def bulletin_send(*, actor, bulletin, area_key: str = "") -> int:
    """Queue `bulletin` (built for the actor's viewpoint) for every active recipient the
    actor may see; returns how many messages were new (0 when already sent that day)."""
    from fugong.dashboard.bulletin import bulletin_text
    from fugong.messaging.services.outbox import outbox_enqueue

    if not (actor and actor.has_perm(SEND_BULLETIN)):
        raise Forbidden()
    recipients = list(
        BulletinRecipient.objects.visible_to(actor, "view")
        .filter(is_active=True, channel__is_active=True)
        .select_related("channel")
        .order_by("id")
    )
    if not recipients:
        raise FugongError(
            _("No group is configured to receive the bulletin."), code="no_recipients"
        )
    text = bulletin_text(bulletin)
    new = 0
    with transaction.atomic():
        for recipient in recipients:
            key = f"{SOURCE}:{bulletin.date.isoformat()}:{area_key or 'all'}:{recipient.pk}"
            added = outbox_enqueue(
                channel=recipient.channel, text=text, key=key, source=SOURCE, actor=actor
            )
            if added:
                new += added
                record_change(
                    actor=actor,
                    instance=recipient,
                    action=ChangeAction.UPDATE,
                    before=snapshot(recipient),
                    message=_("Daily bulletin of %(date)s queued.")
                    % {"date": bulletin.date.isoformat()},
                )
    return new
