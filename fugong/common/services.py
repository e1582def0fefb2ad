"""Generic write steps that every domain service composes.

Each one runs in a transaction: fetch within the actor's scope (404 otherwise), guard,
change, re-check the scope after the write, append the audit row. `actor=None` is the
system itself (commands, tasks, demo loading): it is audited as "system" and not scoped.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from fugong.audit.choices import ChangeAction
from fugong.audit.services import record_change, snapshot
from fugong.common.errors import Conflict, Forbidden, NotFound
from fugong.common.models import EvidenceModel, ScopedModel
from fugong.common.scoping import ensure_visible, user_can


def fetch_for(actor, model, pk, action: str = "change", *, lock: bool = False):
    """The object if it exists and is within the actor's scope for `action`; else NotFound."""
    qs = model._default_manager.all()
    if actor is not None:
        if not user_can(actor, model, action):
            raise Forbidden()
        qs = model._default_manager.visible_to(actor, action)
    if lock:
        qs = qs.select_for_update(of=("self",))
    try:
        return qs.get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def create_object(*, actor, model, data: dict, m2m: dict | None = None, message: str = ""):
    if actor is not None and not user_can(actor, model, "add"):
        raise Forbidden()
    with transaction.atomic():
        instance = model(**data)
        instance.full_clean()
        instance.save()
        for name, values in (m2m or {}).items():
            getattr(instance, name).set(values)
        if actor is not None:
            ensure_visible(actor, instance, "add")
        record_change(actor=actor, instance=instance, action=ChangeAction.CREATE, message=message)
    return instance


def update_object(
    *,
    actor,
    instance,
    data: dict,
    m2m: dict | None = None,
    expected_version: int | None = None,
    message: str = "",
):
    """Apply `data`; refuse with Conflict when the record moved on since the form was read."""
    model = type(instance)
    with transaction.atomic():
        current = fetch_for(actor, model, instance.pk, "change", lock=True)
        versioned = isinstance(current, ScopedModel)
        if versioned and expected_version is not None and current.version != expected_version:
            raise Conflict()
        before = snapshot(current)
        for name, value in data.items():
            setattr(current, name, value)
        current.full_clean()
        fields = list(data.keys())
        # Encrypted personal fields keep a look-up hash beside them; save it with them.
        fields += [
            f.hash_name
            for name in data
            if (f := model._meta.get_field(name)) and hasattr(f, "hash_name")
        ]
        if versioned:
            fields += ["version", "updated_at"]
            current.version = F("version") + 1
        current.save(update_fields=fields)
        current.refresh_from_db()
        for name, values in (m2m or {}).items():
            getattr(current, name).set(values)
        after = snapshot(current)
        if actor is not None:
            ensure_visible(actor, current, "change")
        if before != after:
            record_change(
                actor=actor,
                instance=current,
                action=ChangeAction.UPDATE,
                before=before,
                after=after,
                message=message,
            )
    return current


def archive_object(*, actor, instance, message: str = ""):
    """Evidence is archived (who, when), never deleted; other records are deleted, audited."""
    model = type(instance)
    with transaction.atomic():
        current = fetch_for(actor, model, instance.pk, "delete", lock=True)
        before = snapshot(current)
        if isinstance(current, EvidenceModel):
            if current.archived_at is None:
                current.archived_at = timezone.now()
                current.archived_by = actor
                current.save(update_fields=["archived_at", "archived_by", "updated_at"])
                record_change(
                    actor=actor,
                    instance=current,
                    action=ChangeAction.ARCHIVE,
                    before=before,
                    message=message,
                )
            return current
        record_change(
            actor=actor,
            instance=current,
            action=ChangeAction.DELETE,
            before=before,
            message=message,
        )
        current.delete()
        return None
