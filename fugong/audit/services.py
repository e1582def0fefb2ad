"""Writing the change log. Services call `record_change` inside their transaction."""

from __future__ import annotations

import datetime
import decimal
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import models

from fugong.audit.choices import ChangeAction
from fugong.audit.models import ChangeLog
from fugong.common.middleware import current_request_id
from fugong.common.prepared import prepared_insert


def _plain(value):
    if value is None or isinstance(value, bool | int | float | str):
        # PersonalValue is a str whose text is already masked: str() keeps it masked.
        return str(value) if isinstance(value, str) else value
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    return str(value)


def snapshot(instance) -> dict:
    """The instance's concrete field values, JSON-safe, personal data masked."""
    data = {}
    for field in instance._meta.concrete_fields:
        if field.name.endswith("_hash") or field.name == "password":
            continue
        value = getattr(instance, field.attname)
        kind = getattr(field, "personal_kind", None)
        if kind and value:
            from fugong.common.pii.masking import mask

            value = mask(kind, str(getattr(value, "full", value)))
        data[field.name] = _plain(value)
    for field in instance._meta.many_to_many:
        if instance.pk is not None:
            data[field.name] = sorted(getattr(instance, field.name).values_list("pk", flat=True))
    return data


def _resolve(instance, lookup: str | None):
    if not lookup:
        return None
    if lookup == "self":
        return instance
    obj = instance
    for part in lookup.split("__"):
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj


def record_change(
    *,
    actor,
    instance,
    action: str,
    before: dict | None = None,
    after: dict | None = None,
    message: str = "",
    returning: bool = True,
) -> ChangeLog:
    """Append one row: who (None = the system), when, request id, before/after and the diff.
    `returning=False`: the row's key is not read back (see `prepared_insert`)."""
    if after is None and action != ChangeAction.DELETE:
        after = snapshot(instance)
    changed = sorted(
        k
        for k in set(before or {}) | set(after or {})
        if (before or {}).get(k) != (after or {}).get(k)
    )
    scope = getattr(type(instance), "scope", None)
    region = organisation = None
    if scope is not None:
        from fugong.organisations.models import Organisation
        from fugong.regions.models import Region

        found = _resolve(instance, scope.region)
        region = found if isinstance(found, Region) else None
        for lookup in scope.organisations:
            found = _resolve(instance, lookup)
            if isinstance(found, Organisation):
                organisation = found
                break
    entry = ChangeLog(
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_name=(actor.get_full_name() or actor.get_username()) if actor else "system",
        request_id=current_request_id(),
        action=action,
        content_type=ContentType.objects.get_for_model(type(instance)),
        object_id=str(instance.pk),
        object_repr=str(instance)[:200],
        before=before,
        after=after,
        changed_fields=changed,
        message=message[:500],
        region=region,
        organisation=organisation,
    )
    # Compiled once per connection: every service writes one of these per change (its
    # model's save() only refuses updates).
    prepared_insert(entry, bypass_save=True, returning=returning)
    return entry
