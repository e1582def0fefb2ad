"""The supplies ledger (防疫物资出入库) and the disinfection log (消杀), one function per write.

Stock never goes negative: an issue is one conditional UPDATE (`stock >= quantity`), so
of two concurrent issues that together exceed the stock, one is refused; the database
check constraint stands behind it.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from fugong.audit.choices import ChangeAction
from fugong.audit.services import record_change
from fugong.care.choices import MovementKind, SupplyCategory
from fugong.care.models import Disinfection, SupplyItem, SupplyMovement
from fugong.care.services.base import check_region, community_of, fetch_locked, notify_on_commit
from fugong.common.errors import FugongError
from fugong.common.services import create_object, update_object
from fugong.regions.choices import RegionLevel
from fugong.regions.models import Region

QUANTITY_MAX = 10_000_000
CLOCK_SKEW = datetime.timedelta(minutes=10)


# --- supply items ----------------------------------------------------------------------------


def _duplicate_name() -> FugongError:
    message = _("The community already keeps an item of this name.")
    return FugongError(message, code="duplicate", fields={"name": message})


def supply_item_create(
    *, actor, community: Region, category: str, name: str, unit: str = "个",
    low_threshold: int = 0,
) -> SupplyItem:  # fmt: skip
    if community.level != RegionLevel.COMMUNITY:
        message = _("Choose a community.")
        raise FugongError(message, fields={"community": message})
    if category not in SupplyCategory.values:
        message = _("Choose a category.")
        raise FugongError(message, fields={"category": message})
    check_region(actor, community, SupplyItem, "add")
    name = (name or "").strip()
    if not name:
        message = _("Name the item.")
        raise FugongError(message, fields={"name": message})
    try:
        with transaction.atomic():
            return create_object(
                actor=actor,
                model=SupplyItem,
                data={
                    "community": community,
                    "category": category,
                    "name": name[:60],
                    "unit": (unit or "个").strip()[:10],
                    "low_threshold": int(low_threshold or 0),
                },
            )
    except IntegrityError:
        raise _duplicate_name() from None
    except ValidationError as exc:
        if "duplicate" in [e.code for e in exc.error_dict.get("__all__", [])]:
            raise _duplicate_name() from None
        raise


def supply_item_update(*, actor, item: SupplyItem, data: dict, expected_version=None):
    """Name, unit and the low-stock threshold; the stock moves only through the ledger."""
    clean = {k: v for k, v in data.items() if k in ("name", "unit", "low_threshold", "category")}
    return update_object(actor=actor, instance=item, data=clean, expected_version=expected_version)


def _quantity(value) -> int:
    message = _("Enter a whole number of at least 1.")
    try:
        quantity = int(str(value).strip())
    except (TypeError, ValueError):
        raise FugongError(message, fields={"quantity": message}, code="quantity") from None
    if not 1 <= quantity <= QUANTITY_MAX:
        raise FugongError(message, fields={"quantity": message}, code="quantity")
    return quantity


def _counterparty(value, message) -> str:
    text = (value or "").strip()
    if not text:
        raise FugongError(message, fields={"counterparty": message}, code="counterparty")
    return text[:100]


def _move(*, actor, item, kind, quantity, counterparty, note) -> SupplyMovement:
    with transaction.atomic():
        current = fetch_locked(actor, SupplyItem, item, "issue")
        if kind == MovementKind.RECEIVED:
            updated = SupplyItem.objects.filter(pk=current.pk).update(
                stock=F("stock") + quantity, version=F("version") + 1, updated_at=timezone.now()
            )
        else:
            updated = SupplyItem.objects.filter(pk=current.pk, stock__gte=quantity).update(
                stock=F("stock") - quantity, version=F("version") + 1, updated_at=timezone.now()
            )
        current.refresh_from_db()
        if updated != 1:
            message = _("Only %(n)d %(unit)s left in stock.") % {
                "n": current.stock,
                "unit": current.unit,
            }
            raise FugongError(message, fields={"quantity": message}, code="insufficient_stock")
        movement = SupplyMovement.objects.create(
            item=current,
            kind=kind,
            quantity=quantity,
            counterparty=counterparty,
            note=(note or "").strip()[:300],
            stock_after=current.stock,
            recorded_by=actor,
        )
        record_change(actor=actor, instance=movement, action=ChangeAction.CREATE)
        if kind == MovementKind.ISSUED and current.is_low:
            from fugong.community.selectors import community_cadres_for_system

            notify_on_commit(
                recipients=list(community_cadres_for_system(current.community)),
                kind="care_low_stock",
                title=_("Low stock: %(item)s, %(n)d %(unit)s left")
                % {"item": current.name, "n": current.stock, "unit": current.unit},
                link=current.get_absolute_url(),
                key=f"care-low-stock-{current.pk}-{current.version}",
            )
    return movement


def supply_receive(*, actor, item, quantity, counterparty: str, note: str = "") -> SupplyMovement:
    """Supplies received (donated by `counterparty`, or bought, or sent by the bureau)."""
    return _move(
        actor=actor,
        item=item,
        kind=MovementKind.RECEIVED,
        quantity=_quantity(quantity),
        counterparty=_counterparty(counterparty, _("Say who donated or sent it.")),
        note=note,
    )


def supply_issue(*, actor, item, quantity, counterparty: str, note: str = "") -> SupplyMovement:
    """Supplies issued to someone (a gate post, a volunteer, a household)."""
    return _move(
        actor=actor,
        item=item,
        kind=MovementKind.ISSUED,
        quantity=_quantity(quantity),
        counterparty=_counterparty(counterparty, _("Say whom it was issued to.")),
        note=note,
    )


# --- disinfection ------------------------------------------------------------------------------


def disinfection_record(
    *, actor, region: Region, areas: str, agent: str, done_at: datetime.datetime | None = None,
    performed_by: str = "", note: str = "", photo=None,
) -> Disinfection:  # fmt: skip
    """Log a disinfection of a building or a whole compound."""
    errors = {}
    if region is None or region.level not in (RegionLevel.BUILDING, RegionLevel.COMPOUND):
        errors["region"] = _("Choose a building or a compound.")
    areas = (areas or "").strip()
    if not areas:
        errors["areas"] = _("Say which areas were disinfected.")
    agent = (agent or "").strip()
    if not agent:
        errors["agent"] = _("Say which disinfectant was used.")
    done_at = done_at or timezone.now()
    if done_at > timezone.now() + CLOCK_SKEW:
        errors["done_at"] = _("A disinfection is logged once it is done, not before.")
    performed_by = (performed_by or "").strip()
    if not performed_by:
        performed_by = (actor.get_full_name() or actor.get_username()) if actor else ""
    if not performed_by:
        errors["performed_by"] = _("Say who did it.")
    if errors:
        raise FugongError(_("The disinfection was not logged."), fields=errors)
    check_region(actor, region, Disinfection, "add")
    cleaned_photo = None
    if photo:
        from fugong.community.services.photos import clean_photo

        cleaned_photo = clean_photo(photo)
    with transaction.atomic():
        record = Disinfection(
            region=region,
            community=community_of(region),
            areas=areas[:300],
            agent=agent[:100],
            done_at=done_at,
            performed_by=performed_by[:100],
            note=(note or "").strip()[:300],
            recorded_by=actor,
        )
        if cleaned_photo is not None:
            record.photo.save(cleaned_photo.name, cleaned_photo, save=False)
        record.save()
        record_change(actor=actor, instance=record, action=ChangeAction.CREATE)
    return record
