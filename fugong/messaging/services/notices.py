"""Notices: draft, attach, publish (receipts, inbox, group channels), withdraw, read,
acknowledge. Each transition guards the state, writes the audit row, and queues what
leaves (outbox rows, inbox messages) in the same transaction."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from fugong.accounts.choices import RoleCode
from fugong.audit.choices import ChangeAction
from fugong.audit.services import record_change, snapshot
from fugong.common.errors import Conflict, Forbidden, FugongError, NotFound
from fugong.common.scoping import user_can
from fugong.common.services import fetch_for
from fugong.messaging.choices import NoticeKind, NoticeStatus
from fugong.messaging.models import Channel, InAppMessage, Notice, NoticeAttachment, ReadReceipt
from fugong.messaging.sanitise import plain_text, sanitise
from fugong.messaging.selectors import (
    ADD_NOTICE,
    BROADCAST_NOTICE,
    PUBLISH_NOTICE,
    audience_users,
)
from fugong.messaging.services.inbox import notify
from fugong.messaging.services.outbox import outbox_cancel_pending, outbox_enqueue
from fugong.messaging.uploads import ATTACHMENTS_PER_NOTICE, attachment_check

TITLE_MAX = 200
BODY_MAX = 100_000


def _within_scope(actor, regions, organisations, region) -> dict[str, str]:
    """Errors for an issuing region or audience outside the sender's jurisdiction."""
    from fugong.organisations.models import Organisation
    from fugong.regions.models import Region

    if actor is None:
        return {}
    errors = {}
    region_ids = {r.pk for r in regions} | ({region.pk} if region else set())
    visible = set(
        Region.objects.visible_to(actor, ADD_NOTICE)
        .filter(pk__in=region_ids)
        .values_list("pk", flat=True)
    )
    if region is not None and region.pk not in visible:
        errors["region"] = _("You may only issue notices within your jurisdiction.")
    if any(r.pk not in visible for r in regions):
        errors["audience_regions"] = _("The audience must lie within your jurisdiction.")
    org_ids = {o.pk for o in organisations}
    if (
        org_ids
        and set(
            Organisation.objects.visible_to(actor, ADD_NOTICE)
            .filter(pk__in=org_ids)
            .values_list("pk", flat=True)
        )
        != org_ids
    ):
        errors["audience_organisations"] = _("The audience must lie within your jurisdiction.")
    return errors


def _clean(data: dict) -> tuple[dict, dict]:
    """Validated field values and errors (rich text sanitised, script refused)."""
    errors = {}
    clean = dict(data)
    if "title" in data:
        clean["title"] = (data["title"] or "").strip()
        if not clean["title"]:
            errors["title"] = _("Give the notice a title.")
        elif len(clean["title"]) > TITLE_MAX:
            errors["title"] = _("At most %(n)s characters.") % {"n": TITLE_MAX}
    if "body" in data:
        if len(data["body"] or "") > BODY_MAX:
            errors["body"] = _("The text is too long.")
        html, problems = sanitise(data["body"] or "")
        if problems:
            errors["body"] = _(
                "The text contains code that is not allowed (%(what)s). Remove it and save again."
            ) % {"what": ", ".join(sorted(set(problems)))[:120]}
        elif not plain_text(html):
            errors["body"] = _("Write the text of the notice.")
        clean["body"] = html
    if "kind" in data and data["kind"] not in NoticeKind.values:
        errors["kind"] = _("Choose a kind of notice.")
    if "audience_roles" in data:
        roles = list(data["audience_roles"] or [])
        if any(r not in RoleCode.values for r in roles):
            errors["audience_roles"] = _("Unknown role.")
        clean["audience_roles"] = roles
    if clean.get("kind") == NoticeKind.URGENT:
        clean["requires_ack"] = True  # urgent notices are always acknowledged
    return clean, errors


def notice_create(
    *,
    actor,
    kind: str,
    title: str,
    body: str,
    region,
    organisation=None,
    audience_roles=(),
    audience_regions=(),
    audience_organisations=(),
    requires_ack: bool = False,
    is_public: bool = False,
) -> Notice:
    if actor is not None and not user_can(actor, Notice, "add"):
        raise Forbidden()
    clean, errors = _clean(
        {
            "kind": kind,
            "title": title,
            "body": body,
            "audience_roles": audience_roles,
            "requires_ack": requires_ack,
        }
    )
    errors.update(_within_scope(actor, audience_regions, audience_organisations, region))
    if errors:
        raise FugongError(_("The notice could not be saved."), code="invalid", fields=errors)
    with transaction.atomic():
        notice = Notice.objects.create(
            kind=clean["kind"],
            title=clean["title"],
            body=clean["body"],
            region=region,
            organisation=organisation,
            author=actor,
            requires_ack=clean["requires_ack"],
            is_public=is_public,
            audience_roles=clean["audience_roles"],
        )
        notice.audience_regions.set(audience_regions)
        notice.audience_organisations.set(audience_organisations)
        record_change(actor=actor, instance=notice, action=ChangeAction.CREATE)
    return notice


def notice_update(
    *, actor, notice_id: int, data: dict, m2m: dict | None = None, expected_version=None
) -> Notice:
    """Edit a draft (a published notice is withdrawn and issued anew, never rewritten)."""
    with transaction.atomic():
        notice = fetch_for(actor, Notice, notice_id, "change", lock=True)
        if expected_version is not None and notice.version != expected_version:
            raise Conflict()
        if notice.status != NoticeStatus.DRAFT:
            raise FugongError(
                _("Only a draft can be edited; withdraw the notice and issue a new one."),
                code="not_draft",
            )
        clean, errors = _clean({"kind": data.get("kind", notice.kind), **data})
        m2m = m2m or {}
        errors.update(
            _within_scope(
                actor,
                m2m.get("audience_regions", []),
                m2m.get("audience_organisations", []),
                clean.get("region", notice.region),
            )
        )
        if errors:
            raise FugongError(_("The notice could not be saved."), code="invalid", fields=errors)
        before = snapshot(notice)
        for name, value in clean.items():
            setattr(notice, name, value)
        notice.version = F("version") + 1
        notice.save()
        for name, values in m2m.items():
            getattr(notice, name).set(values)
        notice.refresh_from_db()
        record_change(
            actor=actor,
            instance=notice,
            action=ChangeAction.UPDATE,
            before=before,
            after=snapshot(notice),
        )
    return notice


def notice_attach(*, actor, notice_id: int, file) -> NoticeAttachment:
    error, content_type = attachment_check(file)
    with transaction.atomic():
        notice = fetch_for(actor, Notice, notice_id, "change", lock=True)
        if notice.status != NoticeStatus.DRAFT:
            raise FugongError(_("Attachments can only be added to a draft."), code="not_draft")
        if error:
            raise FugongError(error, code="invalid_file", fields={"file": error})
        if notice.attachments.count() >= ATTACHMENTS_PER_NOTICE:
            raise FugongError(
                _("At most %(n)s attachments.") % {"n": ATTACHMENTS_PER_NOTICE},
                code="too_many_files",
                fields={"file": _("At most %(n)s attachments.") % {"n": ATTACHMENTS_PER_NOTICE}},
            )
        name = (getattr(file, "name", "") or "file").rsplit("/", 1)[-1][:200]
        attachment = NoticeAttachment(
            notice=notice,
            name=name,
            content_type=content_type,
            size=file.size,
            uploaded_by=actor,
        )
        attachment.file.save(name, file, save=False)
        attachment.save()
        record_change(actor=actor, instance=attachment, action=ChangeAction.CREATE)
    return attachment


def notice_detach(*, actor, attachment_id: int) -> None:
    with transaction.atomic():
        attachment = fetch_for(actor, NoticeAttachment, attachment_id, "messaging.change_notice")
        if attachment.notice.status != NoticeStatus.DRAFT:
            raise FugongError(_("Attachments can only be removed from a draft."), code="not_draft")
        record_change(
            actor=actor,
            instance=attachment,
            action=ChangeAction.DELETE,
            before=snapshot(attachment),
        )
        attachment.file.delete(save=False)
        attachment.delete()


def notice_publish(*, actor, notice_id: int, channels=()) -> Notice:
    """Publish a draft: a receipt and an inbox message for every person in the audience,
    and an outbox message for each chosen group channel — all in one transaction."""
    if actor is not None and not user_can(actor, Notice, PUBLISH_NOTICE):
        raise Forbidden()
    with transaction.atomic():
        notice = fetch_for(actor, Notice, notice_id, PUBLISH_NOTICE, lock=True)
        if notice.status != NoticeStatus.DRAFT:
            raise FugongError(_("This notice has already been published."), code="not_draft")
        errors = _within_scope(
            actor,
            list(notice.audience_regions.all()),
            list(notice.audience_organisations.all()),
            notice.region,
        )
        if errors:
            raise FugongError(
                _("The notice could not be published."), code="invalid", fields=errors
            )
        before = snapshot(notice)
        now = timezone.now()
        users = list(audience_users(notice))
        ReadReceipt.objects.bulk_create(
            [ReadReceipt(notice=notice, user=u) for u in users], ignore_conflicts=True
        )
        notice.status = NoticeStatus.PUBLISHED
        notice.published_at = now
        notice.published_by = actor
        notice.recipient_count = len(users)
        notice.version = F("version") + 1
        notice.save()
        notice.refresh_from_db()
        notify(
            recipients=users,
            kind=f"notice_{notice.kind}",
            title=f"{notice.get_kind_display()}：{notice.title}",
            body=plain_text(notice.body)[:300],
            link=notice.get_read_url(),
            key=f"notice:{notice.pk}",
        )
        record_change(
            actor=actor,
            instance=notice,
            action=ChangeAction.UPDATE,
            before=before,
            after=snapshot(notice),
            message="publish",
        )
        if channels:
            _broadcast(actor, notice, channels)
    return notice


def broadcast_text(notice: Notice) -> str:
    from django.conf import settings

    lines = [f"【{notice.get_kind_display()}】{notice.title}", "", plain_text(notice.body)]
    base = getattr(settings, "PUBLIC_BASE_URL", "")
    if notice.is_public and base:
        lines += ["", base.rstrip("/") + reverse("messaging_public:detail", args=[notice.pk])]
    return "\n".join(lines)


def _broadcast(actor, notice: Notice, channels) -> int:
    ids = [c.pk for c in channels]
    allowed = Channel.objects.filter(pk__in=ids, is_active=True)
    if actor is not None:
        allowed = Channel.objects.visible_to(actor, BROADCAST_NOTICE).filter(
            pk__in=ids, is_active=True
        )
    allowed = list(allowed)
    if len(allowed) != len(set(ids)):
        raise FugongError(
            _("Some of the chosen groups are not yours to send to, or are switched off."),
            code="channel_out_of_scope",
            fields={"channels": _("Choose only active groups within your jurisdiction.")},
        )
    text = broadcast_text(notice)
    queued = 0
    for channel in allowed:
        queued += outbox_enqueue(
            channel=channel,
            text=text,
            key=f"notice:{notice.pk}:channel:{channel.pk}",
            source=f"notice:{notice.pk}",
            actor=actor,
        )
    record_change(
        actor=actor,
        instance=notice,
        action=ChangeAction.UPDATE,
        after={"broadcast_to": sorted(ids)},
        message="broadcast",
    )
    return queued


def notice_broadcast(*, actor, notice_id: int, channels) -> int:
    """Send a published notice to chosen group channels (once per channel)."""
    if actor is not None and not user_can(actor, Notice, BROADCAST_NOTICE):
        raise Forbidden()
    with transaction.atomic():
        notice = Notice.objects.select_for_update().filter(pk=notice_id).first()
        if notice is None or (
            actor is not None
            and not Notice.objects.visible_to(actor, "view").filter(pk=notice_id).exists()
            and not ReadReceipt.objects.filter(notice_id=notice_id, user=actor).exists()
        ):
            raise NotFound()
        if notice.status != NoticeStatus.PUBLISHED:
            raise FugongError(
                _("Only a published notice can be sent to groups."), code="not_published"
            )
        if not channels:
            raise FugongError(
                _("Choose at least one group."),
                code="invalid",
                fields={"channels": _("Choose at least one group.")},
            )
        return _broadcast(actor, notice, channels)


def notice_withdraw(*, actor, notice_id: int, reason: str) -> Notice:
    reason = (reason or "").strip()
    if actor is not None and not user_can(actor, Notice, PUBLISH_NOTICE):
        raise Forbidden()
    with transaction.atomic():
        notice = fetch_for(actor, Notice, notice_id, PUBLISH_NOTICE, lock=True)
        if notice.status != NoticeStatus.PUBLISHED:
            raise FugongError(_("Only a published notice can be withdrawn."), code="not_published")
        if len(reason) < 2:
            raise FugongError(
                _("Say why the notice is withdrawn."),
                code="invalid",
                fields={"reason": _("Say why the notice is withdrawn.")},
            )
        before = snapshot(notice)
        notice.status = NoticeStatus.WITHDRAWN
        notice.withdrawn_at = timezone.now()
        notice.withdrawn_by = actor
        notice.withdraw_reason = reason[:300]
        notice.version = F("version") + 1
        notice.save()
        notice.refresh_from_db()
        cancelled = outbox_cancel_pending(source=f"notice:{notice.pk}")
        record_change(
            actor=actor,
            instance=notice,
            action=ChangeAction.UPDATE,
            before=before,
            after=snapshot(notice),
            message=f"withdraw; {cancelled} queued group messages cancelled",
        )
    return notice


def _receipt(user, notice_id: int) -> ReadReceipt:
    receipt = (
        ReadReceipt.objects.for_user(user)
        .select_for_update()
        .select_related("notice")
        .filter(notice_id=notice_id)
        .exclude(notice__status=NoticeStatus.DRAFT)
        .first()
    )
    if receipt is None:
        raise NotFound()
    return receipt


def notice_mark_read(*, user, notice_id: int) -> ReadReceipt:
    """The recipient opened the notice: receipt and inbox message read (once)."""
    with transaction.atomic():
        receipt = _receipt(user, notice_id)
        if receipt.read_at is None:
            receipt.read_at = timezone.now()
            receipt.save(update_fields=["read_at"])
            InAppMessage.objects.filter(
                recipient=user, key=f"notice:{notice_id}", read_at__isnull=True
            ).update(read_at=receipt.read_at)
    return receipt


def notice_acknowledge(*, user, notice_id: int) -> ReadReceipt:
    """The recipient confirms having taken note (已阅知悉) of a notice that asks for it."""
    with transaction.atomic():
        receipt = _receipt(user, notice_id)
        notice = receipt.notice
        if not notice.requires_ack:
            raise FugongError(_("This notice does not ask for acknowledgement."), code="no_ack")
        if notice.status != NoticeStatus.PUBLISHED:
            raise FugongError(_("This notice has been withdrawn."), code="withdrawn")
        if receipt.acknowledged_at is None:
            now = timezone.now()
            receipt.acknowledged_at = now
            receipt.read_at = receipt.read_at or now
            receipt.save(update_fields=["acknowledged_at", "read_at"])
            InAppMessage.objects.filter(
                recipient=user, key=f"notice:{notice_id}", read_at__isnull=True
            ).update(read_at=now)
            record_change(
                actor=user, instance=receipt, action=ChangeAction.UPDATE, message="acknowledged"
            )
    return receipt
