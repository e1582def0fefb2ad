"""Steps every coordination transition shares: the conditional write that lets only one of
two concurrent transitions win, the party check, and notifications queued on commit."""

from __future__ import annotations

from django.apps import apps
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from fugong.common.errors import Conflict, FugongError, NotFound

REASON_MIN = 5


def require_text(value, field: str, message: str, *, minimum: int = REASON_MIN) -> str:
    text = (value or "").strip()
    if len(text) < minimum:
        raise FugongError(
            message,
            fields={field: _("At least %(n)d characters.") % {"n": minimum}},
            code=f"{field}_required",
        )
    return text


def transition(instance, *, allowed: tuple, to_status=None, expected_version=None, **changes):
    """Write `changes` only if the row is still in one of the `allowed` states at the
    version read (a conditional UPDATE: works the same with or without row locks), so of
    two concurrent transitions exactly one wins and the other gets Conflict."""
    model = type(instance)
    if instance.status not in allowed:
        raise invalid_transition(instance)
    if expected_version is not None and expected_version != instance.version:
        raise Conflict()
    if to_status is not None:
        changes["status"] = to_status
    updated = model._default_manager.filter(
        pk=instance.pk, status=instance.status, version=instance.version
    ).update(**changes, version=F("version") + 1, updated_at=timezone.now())
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


def party_enterprise(actor, project, permission: str, enterprise=None):
    """The party to `project` (builder, contractor, supervisor) the actor acts for: the one
    their grant for `permission` covers. NotFound when they act for none."""
    parties = [o for o in (project.contractor, project.builder, project.supervisor) if o]
    if enterprise is not None and enterprise.pk not in {p.pk for p in parties}:
        raise FugongError(
            _("The enterprise must be the builder, contractor or supervisor of the project."),
            fields={"enterprise": _("Not a party to this project.")},
            code="not_a_party",
        )
    if actor.is_superuser:
        return enterprise or parties[0]
    grants = [g for g in actor.scope_grants() if permission in g.permissions]
    covered = [
        p
        for p in parties
        if any(g.organisation_path and p.path.startswith(g.organisation_path) for g in grants)
    ]
    if enterprise is not None:
        if enterprise.pk in {p.pk for p in covered}:
            return enterprise
        raise NotFound()
    own = [p for p in covered if p.pk == actor.organisation_id]
    if own or covered:
        return (own or covered)[0]
    raise NotFound()


def acts_for(actor, organisation, permission: str) -> bool:
    """Whether one of the actor's grants for `permission` covers `organisation`."""
    if actor.is_superuser:
        return True
    return any(
        permission in g.permissions
        and g.organisation_path
        and organisation.path.startswith(g.organisation_path)
        for g in actor.scope_grants()
    )


def members(organisation):
    from fugong.accounts.models import User

    if organisation is None:
        return []
    return list(User.objects.filter(is_active=True, organisation=organisation))


def notify_on_commit(**message) -> None:
    """Queue an in-app message (messaging is optional: the app may not be installed)."""
    if not apps.is_installed("fugong.messaging"):
        return

    def send():
        from fugong.messaging.services import notify

        notify(**message)

    transaction.on_commit(send)
