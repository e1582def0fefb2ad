"""Accounts and role grants: every write goes through here (views, API, commands)."""

from __future__ import annotations

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fugong.accounts.choices import ScopeKind
from fugong.accounts.models import Role, RoleGrant, User
from fugong.audit.choices import ChangeAction
from fugong.audit.services import record_change, snapshot
from fugong.common.errors import FugongError
from fugong.common.services import create_object, fetch_for, update_object

USER_EDITABLE = (
    "full_name",
    "email",
    "phone",
    "id_number",
    "organisation",
    "is_party_member",
    "is_active",
)


def user_create(*, actor, username: str, password: str | None = None, **data) -> User:
    # make_password(None) gives an unusable password: the user must be given one later.
    data = {"username": username.strip(), "password": make_password(password or None), **data}
    return create_object(actor=actor, model=User, data=data)


def user_update(*, actor, user: User, data: dict, expected_version=None) -> User:
    clean = {k: v for k, v in data.items() if k in USER_EDITABLE}
    return update_object(actor=actor, instance=user, data=clean)


def role_by_code(code: str) -> Role:
    try:
        return Role.objects.get(code=code)
    except Role.DoesNotExist:
        raise FugongError(
            _("Unknown role “%(code)s”.") % {"code": code}, code="unknown_role"
        ) from None


def grant_role(
    *, actor, user: User, role: Role, region=None, organisation=None, valid_until=None, note=""
) -> RoleGrant:
    """Bind `role` to a scope for `user`. The actor's own grants must cover that scope."""
    if (region is None) == (organisation is None):
        raise FugongError(_("Choose a region or an organisation, not both."), code="grant_scope")
    if role.scope_kind == ScopeKind.REGION and region is None:
        raise FugongError(_("This role can only be granted on a region."), code="grant_scope_kind")
    if role.scope_kind == ScopeKind.ORGANISATION and organisation is None:
        raise FugongError(
            _("This role can only be granted on an organisation."), code="grant_scope_kind"
        )
    if actor is not None:
        # Nobody hands out what they do not hold: the scope must be within the actor's own.
        target = region or organisation
        fetch_for(actor, type(target), target.pk, "view")
    try:
        with transaction.atomic():
            grant = create_object(
                actor=actor,
                model=RoleGrant,
                data={
                    "user": user,
                    "role": role,
                    "region": region,
                    "organisation": organisation,
                    "valid_until": valid_until,
                    "granted_by": actor,
                    "note": note,
                },
            )
            record_change(actor=actor, instance=user, action=ChangeAction.GRANT, message=str(grant))
    except IntegrityError:
        raise FugongError(_("This user already holds this role there."), code="duplicate") from None
    except ValidationError as exc:
        codes = [e.code for e in getattr(exc, "error_dict", {}).get("__all__", [])]
        if "duplicate" in codes:
            raise FugongError(
                _("This user already holds this role there."), code="duplicate"
            ) from None
        raise
    return grant


def revoke_grant(*, actor, grant: RoleGrant, note: str = "") -> RoleGrant:
    """Grants are evidence of who could do what: revoked with who/when, never deleted."""
    with transaction.atomic():
        current = fetch_for(actor, RoleGrant, grant.pk, "change", lock=True)
        if current.revoked_at is not None:
            return current
        before = snapshot(current)
        current.revoked_at = timezone.now()
        current.revoked_by = actor
        current.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
        record_change(
            actor=actor, instance=current, action=ChangeAction.REVOKE, before=before, message=note
        )
        record_change(
            actor=actor, instance=current.user, action=ChangeAction.REVOKE, message=str(current)
        )
    return current


def sync_roles(*, reset: bool = False) -> tuple[int, list[str]]:
    """Create the default roles of `roles.default_roles()`; with `reset`, restore their
    permissions. Returns (roles created, permission names that do not exist)."""
    from django.contrib.auth.models import Permission

    from fugong.accounts.roles import default_roles

    created = 0
    missing: list[str] = []
    for code, spec in default_roles().items():
        role, was_created = Role.objects.get_or_create(
            code=code.value,
            defaults={
                "name": str(code.label),
                "description": spec["description"],
                "scope_kind": spec["scope_kind"],
                "requires_two_factor": spec["requires_two_factor"],
            },
        )
        created += was_created
        if was_created or reset:
            perms = []
            for name in spec["permissions"]:
                app_label, codename = name.split(".")
                perm = Permission.objects.filter(
                    content_type__app_label=app_label, codename=codename
                ).first()
                if perm is None:
                    missing.append(name)
                else:
                    perms.append(perm)
            role.permissions.set(perms)
            if reset:
                role.requires_two_factor = spec["requires_two_factor"]
                role.scope_kind = spec["scope_kind"]
                role.save(update_fields=["requires_two_factor", "scope_kind"])
    return created, missing
