"""Steps the care services share: the scope check on a region, the conditional write
that lets only one of two concurrent transitions win, money and text parsing,
notifications queued on commit."""

from __future__ import annotations

import re
from decimal import Decimal

from django.apps import apps
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from fugong.common.errors import Conflict, Forbidden, FugongError, NotFound
from fugong.common.scoping import user_can
from fugong.regions.choices import RegionLevel
from fugong.regions.models import Region

MONEY_MAX = Decimal("99999999.99")
MONEY_PATTERN = re.compile(r"\d{1,9}(\.\d{1,2})?")


def community_of(region: Region) -> Region:
    """The community a building or compound belongs to (walks up the tree)."""
    node = region
    while node is not None and node.level != RegionLevel.COMMUNITY:
        node = node.parent
    if node is None:
        raise FugongError(_("This place belongs to no community."), code="no_community")
    return node


def check_region(actor, region: Region, model, action: str) -> None:
    """The actor holds `action` on `model` for `region` (403 without it anywhere, 404 when
    the region lies outside their grants). The system (actor None) may do anything."""
    if actor is None:
        return
    if not user_can(actor, model, action):
        raise Forbidden()
    perm = f"{model._meta.app_label}.{action}_{model._meta.model_name}"
    if not Region.objects.visible_to(actor, perm).filter(pk=region.pk).exists():
        raise NotFound()


def fetch_locked(actor, model, pk, action: str):
    """The row, locked, if the actor may `action` it (403 / 404 otherwise)."""
    qs = model._default_manager.all()
    if actor is not None:
        if not user_can(actor, model, action):
            raise Forbidden()
        qs = model._default_manager.visible_to(actor, action)
    try:
        # Lock the row itself, not the regions and people the scope filter joins.
        return qs.select_for_update(of=("self",)).get(pk=getattr(pk, "pk", pk))
    except (model.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def transition(instance, *, allowed: tuple, expected_version=None, **changes):
    """Write `changes` only if the row is still in one of the `allowed` states at the
    version read (a conditional UPDATE), so of two concurrent transitions one wins and the
    other gets Conflict."""
    if instance.status not in allowed:
        raise invalid_transition(instance)
    if expected_version is not None and int(expected_version) != instance.version:
        raise Conflict()
    updated = (
        type(instance)
        ._default_manager.filter(pk=instance.pk, status=instance.status, version=instance.version)
        .update(**changes, version=F("version") + 1, updated_at=timezone.now())
    )
    if updated != 1:
        raise Conflict()
    instance.refresh_from_db()
    return instance


def invalid_transition(instance) -> FugongError:
    return FugongError(
        _("This cannot be done while it is “%(status)s”.")
        % {"status": instance.get_status_display()},
        code="invalid_transition",
    )


def require_text(value, field: str, message, *, minimum: int = 2, maximum: int = 300) -> str:
    text = (value or "").strip()
    if len(text) < minimum:
        raise FugongError(
            message,
            fields={field: _("At least %(n)d characters.") % {"n": minimum}},
            code=f"{field}_required",
        )
    if len(text) > maximum:
        raise FugongError(
            message,
            fields={field: _("At most %(n)d characters.") % {"n": maximum}},
            code="too_long",
        )
    return text


def parse_money(value, field: str) -> Decimal:
    """An amount of yuan: digits with at most two decimals, from 0 to MONEY_MAX."""
    message = _("Enter an amount of yuan of at least 0 with at most two decimals.")
    text = str(value if value is not None else "").strip() or "0"
    if not MONEY_PATTERN.fullmatch(text):
        raise FugongError(message, fields={field: message}, code="money")
    amount = Decimal(text)
    if amount > MONEY_MAX:
        raise FugongError(message, fields={field: message}, code="money")
    return amount.quantize(Decimal("0.01"))


def notify_on_commit(**message) -> None:
    """Queue an in-app message (messaging may be absent in a slim install)."""
    if not apps.is_installed("fugong.messaging"):
        return

    def send():
        from fugong.messaging.services import notify

        notify(**message)

    transaction.on_commit(send)
