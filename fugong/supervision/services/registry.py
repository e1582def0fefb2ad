"""The inspector registry and declared conflicts of interest (回避)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from fugong.audit.choices import ChangeAction
from fugong.audit.services import record_change
from fugong.common.errors import Forbidden, FugongError, NotFound
from fugong.common.scoping import user_can
from fugong.common.services import archive_object, create_object, fetch_for, update_object
from fugong.construction.models import Project
from fugong.organisations.choices import OrganisationKind
from fugong.supervision.choices import InspectionField
from fugong.supervision.models import ConflictDeclaration, Inspector

INSPECTOR_FIELDS = ("user", "organisation", "field", "certificate_number", "is_active")
DEPARTMENT_KINDS = (OrganisationKind.BUREAU, OrganisationKind.DEPARTMENT)


def _check_inspector(data: dict, instance: Inspector | None = None) -> dict:
    clean = {k: v for k, v in data.items() if k in INSPECTOR_FIELDS}
    clean["certificate_number"] = str(clean.get("certificate_number") or "").strip().upper()
    errors = {}
    organisation = clean.get("organisation")
    if organisation is not None and organisation.kind not in DEPARTMENT_KINDS:
        errors["organisation"] = _("Inspectors belong to the bureau or one of its stations.")
    if clean.get("field") not in InspectionField.values:
        errors["field"] = _("Choose the field the inspector inspects in.")
    if not clean["certificate_number"]:
        errors["certificate_number"] = _("Enter the inspector's certificate number.")
    others = Inspector.objects.filter(archived_at__isnull=True)
    if instance is not None:
        others = others.exclude(pk=instance.pk)
    if (
        clean["certificate_number"]
        and others.filter(certificate_number=clean["certificate_number"]).exists()
    ):
        errors["certificate_number"] = _("Another inspector has this certificate number.")
    user, field = clean.get("user"), clean.get("field")
    if user is not None and others.filter(user=user, field=field).exists():
        errors["user"] = _("This officer is already an inspector in this field.")
    if errors:
        raise FugongError(_("The inspector was not saved."), fields=errors, code="invalid")
    return clean


def inspector_create(*, actor, **data) -> Inspector:
    try:
        with transaction.atomic():
            return create_object(actor=actor, model=Inspector, data=_check_inspector(data))
    except IntegrityError:
        raise FugongError(
            _("This inspector was registered at the same moment; reload the list."),
            code="duplicate",
        ) from None


def inspector_update(*, actor, inspector: Inspector, data: dict, expected_version=None):
    merged = {name: getattr(inspector, name) for name in INSPECTOR_FIELDS}
    merged.update({k: v for k, v in data.items() if k in INSPECTOR_FIELDS})
    return update_object(
        actor=actor,
        instance=inspector,
        data=_check_inspector(merged, inspector),
        expected_version=expected_version,
    )


def inspector_archive(*, actor, inspector: Inspector, message: str = "") -> Inspector:
    return archive_object(actor=actor, instance=inspector, message=message)


def inspector_for(user, field: str) -> Inspector | None:
    """The user's active registry entry in `field`, if they are an inspector there."""
    if user is None or not user.is_authenticated:
        return None
    return Inspector.objects.filter(
        user=user, field=field, is_active=True, archived_at__isnull=True
    ).first()


def conflict_declare(
    *, actor, inspector: Inspector, reason: str, project=None, enterprise=None
) -> ConflictDeclaration:
    """The inspector (or the registry's keeper) declares a conflict with a project or an
    enterprise; the draw and the inspection form never assign them there."""
    if actor is not None and not user_can(actor, ConflictDeclaration, "add"):
        raise Forbidden()
    inspector = fetch_for(actor, Inspector, inspector.pk, "view")
    own = actor is None or inspector.user_id == actor.pk
    if not own and not user_can(actor, Inspector, "change"):
        raise NotFound()
    reason = (reason or "").strip()
    errors = {}
    if (project is None) == (enterprise is None):
        errors["project"] = _("Name either a project or an enterprise.")
    if len(reason) < 5:
        errors["reason"] = _("Say why, in at least 5 characters.")
    visible = Project.objects.all() if actor is None else Project.objects.visible_to(actor)
    if project is not None and not visible.filter(pk=project.pk).exists():
        errors["project"] = _("Choose a project you can see.")
    if enterprise is not None and enterprise.kind != OrganisationKind.ENTERPRISE:
        errors["enterprise"] = _("Choose an enterprise.")
    if errors:
        raise FugongError(_("The conflict was not declared."), fields=errors)
    with transaction.atomic():
        Inspector.objects.select_for_update().filter(pk=inspector.pk).first()
        existing = ConflictDeclaration.objects.filter(
            inspector=inspector, project=project, enterprise=enterprise, archived_at__isnull=True
        ).first()
        if existing is not None:
            return existing
        declaration = ConflictDeclaration(
            inspector=inspector,
            project=project,
            enterprise=enterprise,
            reason=reason[:300],
            declared_by=actor,
        )
        declaration.full_clean()
        declaration.save()
        record_change(actor=actor, instance=declaration, action=ChangeAction.CREATE)
    return declaration


def conflict_withdraw(*, actor, declaration: ConflictDeclaration) -> ConflictDeclaration:
    current = fetch_for(actor, ConflictDeclaration, declaration.pk, "view")
    if (
        actor is not None
        and current.inspector.user_id != actor.pk
        and not user_can(actor, Inspector, "change")
    ):
        raise NotFound()
    # Archived with who and when, never deleted: the record of a recusal is evidence.
    with transaction.atomic():
        return _archive(actor, current)


def _archive(actor, declaration):
    from django.utils import timezone

    from fugong.audit.services import snapshot

    if declaration.archived_at is not None:
        return declaration
    before = snapshot(declaration)
    declaration.archived_at = timezone.now()
    declaration.archived_by = actor
    declaration.save(update_fields=["archived_at", "archived_by", "updated_at"])
    record_change(actor=actor, instance=declaration, action=ChangeAction.ARCHIVE, before=before)
    return declaration
