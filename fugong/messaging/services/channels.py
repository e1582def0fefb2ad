"""Channels: create, change, switch off, send a test message."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fugong.audit.choices import ChangeAction
from fugong.audit.services import record_change, snapshot
from fugong.common.errors import Forbidden, FugongError
from fugong.common.pii.crypto import encrypt
from fugong.common.scoping import ensure_visible, user_can
from fugong.common.services import fetch_for
from fugong.messaging.adapters import adapter_for
from fugong.messaging.addresses import AddressRefused, check_url
from fugong.messaging.choices import ChannelKind
from fugong.messaging.models import Channel
from fugong.messaging.services.outbox import outbox_enqueue

PHONE_MAX = 200


def owner_place(owner) -> tuple[object | None, object | None]:
    """(region, organisation) where a channel's owner sits: a Region or an Organisation
    is its own place; any other owner (a building group, …) offers `region` and/or
    `organisation` attributes (e.g. a ResidentGroup's building)."""
    from fugong.organisations.models import Organisation
    from fugong.regions.models import Region

    if isinstance(owner, Region):
        return owner, None
    if isinstance(owner, Organisation):
        return None, owner
    return getattr(owner, "region", None), getattr(owner, "organisation", None)


def _check_address(kind: str, address: str, secret: str) -> dict[str, str]:
    errors = {}
    if kind == ChannelKind.SMS:
        phones = [p.strip() for p in address.replace("，", ",").split(",") if p.strip()]
        if not phones or any(not (p.isdigit() and len(p) == 11) for p in phones):
            errors["address"] = _("Enter mobile numbers of 11 digits, separated by commas.")
        return errors
    try:
        check_url(address)
    except AddressRefused as exc:
        errors["address"] = str(exc)
    if kind == ChannelKind.WECOM and "key=" not in address:
        errors.setdefault("address", _("A WeCom robot address carries ?key=…"))
    if kind == ChannelKind.DINGTALK and "access_token=" not in address:
        errors.setdefault("address", _("A DingTalk robot address carries ?access_token=…"))
    if kind == ChannelKind.DINGTALK and secret and not secret.startswith("SEC"):
        errors["secret"] = _("A DingTalk signing secret starts with SEC.")
    return errors


def _hint(kind: str, address: str) -> str:
    if kind == ChannelKind.SMS:
        return ", ".join(p.strip()[:3] + "****" + p.strip()[-4:] for p in address.split(","))[:120]
    from urllib.parse import urlsplit

    parts = urlsplit(address)
    return f"{parts.scheme}://{parts.hostname}{parts.path} …{address[-4:]}"[:120]


def channel_create(
    *,
    actor,
    name: str,
    kind: str,
    address: str,
    owner=None,
    region=None,
    organisation=None,
    secret: str = "",
    rate_per_minute: int | None = None,
) -> Channel:
    """A channel for `owner` (placed where the owner sits) or for a region/organisation."""
    if actor is not None and not user_can(actor, Channel, "add"):
        raise Forbidden()
    if owner is not None:
        region, organisation = owner_place(owner)
    address, secret = (address or "").strip(), (secret or "").strip()
    errors = _check_address(kind, address, secret)
    if kind not in ChannelKind.values:
        errors["kind"] = _("Choose a kind of channel.")
    if not (name or "").strip():
        errors["name"] = _("Give the channel a name.")
    if region is None and organisation is None:
        errors["region"] = _("Choose the region or organisation the channel belongs to.")
    if errors:
        raise FugongError(_("The channel could not be saved."), code="invalid", fields=errors)
    with transaction.atomic():
        channel = Channel(
            name=name.strip()[:100],
            kind=kind,
            region=region,
            organisation=organisation,
            owner_type=ContentType.objects.get_for_model(owner) if owner is not None else None,
            owner_id=owner.pk if owner is not None else None,
            address_encrypted=encrypt(address),
            secret_encrypted=encrypt(secret) if secret else "",
            address_hint=_hint(kind, address),
            rate_per_minute=(
                adapter_for(kind).rate_per_minute if rate_per_minute is None else rate_per_minute
            ),
            created_by=actor,
        )
        channel.full_clean()
        channel.save()
        if actor is not None:
            ensure_visible(actor, channel, "add")
        record_change(actor=actor, instance=channel, action=ChangeAction.CREATE)
    return channel


def channel_update(
    *,
    actor,
    channel_id: int,
    name: str | None = None,
    address: str | None = None,
    secret: str | None = None,
    rate_per_minute: int | None = None,
    is_active: bool | None = None,
    expected_version: int | None = None,
) -> Channel:
    """Change a channel; a blank address or secret keeps the stored one."""
    from django.db.models import F

    from fugong.common.errors import Conflict

    with transaction.atomic():
        channel = fetch_for(actor, Channel, channel_id, "change", lock=True)
        if expected_version is not None and channel.version != expected_version:
            raise Conflict()
        before = snapshot(channel)
        new_address = (address or "").strip() or channel.address
        new_secret = channel.secret if secret in (None, "") else secret.strip()
        errors = _check_address(channel.kind, new_address, new_secret)
        if name is not None and not name.strip():
            errors["name"] = _("Give the channel a name.")
        if errors:
            raise FugongError(_("The channel could not be saved."), code="invalid", fields=errors)
        if name is not None:
            channel.name = name.strip()[:100]
        if address:
            channel.address_encrypted = encrypt(new_address)
            channel.address_hint = _hint(channel.kind, new_address)
        if secret:
            channel.secret_encrypted = encrypt(new_secret)
        if rate_per_minute is not None:
            channel.rate_per_minute = rate_per_minute
        if is_active is not None:
            channel.is_active = is_active
        channel.version = F("version") + 1
        channel.save()
        channel.refresh_from_db()
        record_change(
            actor=actor,
            instance=channel,
            action=ChangeAction.UPDATE,
            before=before,
            after=snapshot(channel),
        )
    return channel


def channel_test(*, actor, channel_id: int) -> int:
    """Queue a test message to the channel (one per minute at most, by key)."""
    with transaction.atomic():
        channel = fetch_for(actor, Channel, channel_id, "change")
        if not channel.is_active:
            raise FugongError(_("The channel is switched off."), code="inactive")
        stamp = timezone.now().strftime("%Y%m%d%H%M")
        return outbox_enqueue(
            channel=channel,
            text=_("Test message from Fugong: this channel works."),
            key=f"channel-test:{channel.pk}:{stamp}",
            source=f"channel:{channel.pk}",
            actor=actor,
        )
