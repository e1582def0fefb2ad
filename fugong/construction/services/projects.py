"""Writes to the project registry, its responsible persons and its output-value targets.
Status moves only through transition services."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from fugong.audit.choices import ChangeAction
from fugong.audit.services import record_change, snapshot
from fugong.common.errors import Forbidden, FugongError, NotFound
from fugong.common.scoping import user_can
from fugong.common.services import archive_object, create_object, fetch_for, update_object
from fugong.construction import hooks
from fugong.construction.choices import ContactRole, ProjectEventKind, ProjectStatus
from fugong.construction.models import Project, ProjectContact, ProjectEvent, ProjectTarget

EDITABLE_FIELDS = (
    "name",
    "kind",
    "is_city_key",
    "region",
    "address",
    "builder",
    "contractor",
    "supervisor",
    "contract_value",
    "responsible_person",
    "responsible_phone",
)


def project_create(
    *, actor, event_kind: str = ProjectEventKind.CREATED, message: str = "", **data
) -> Project:
    """Register a project; its timeline starts with `event_kind` (registered, or imported)."""
    clean = {k: v for k, v in data.items() if k in EDITABLE_FIELDS or k == "is_demo"}
    with transaction.atomic():
        project = create_object(actor=actor, model=Project, data=clean, message=message)
        project_event(
            actor=actor,
            project=project,
            kind=event_kind,
            message=message,
            to_status=project.status,
        )
    return project


def project_update(
    *,
    actor,
    project: Project,
    data: dict,
    expected_version=None,
    event_kind: str | None = None,
    message: str = "",
) -> Project:
    """Change registry fields; with `event_kind` (an import) the timeline says so too."""
    clean = {k: v for k, v in data.items() if k in EDITABLE_FIELDS}
    with transaction.atomic():
        project = update_object(
            actor=actor,
            instance=project,
            data=clean,
            expected_version=expected_version,
            message=message,
        )
        if event_kind:
            project_event(actor=actor, project=project, kind=event_kind, message=message)
    return project


# The project's life (seed: 未开工 → 承诺复工 → 停工整改 → 复工 → 竣工). Anything not listed
# is refused: a completed project does not resume, a suspended one is not "completed".
TRANSITIONS = {
    ProjectStatus.NOT_STARTED: {ProjectStatus.RESUMED},
    ProjectStatus.RESUMED: {ProjectStatus.SUSPENDED, ProjectStatus.COMPLETED},
    ProjectStatus.SUSPENDED: {ProjectStatus.RESUMED},
    ProjectStatus.COMPLETED: set(),
}


def project_event(
    *, actor, project: Project, kind: str, message: str = "", from_status="", to_status=""
) -> ProjectEvent:
    return ProjectEvent.objects.create(
        project=project,
        actor=actor if actor is not None and actor.is_authenticated else None,
        kind=kind,
        from_status=from_status,
        to_status=to_status,
        message=message[:500],
    )


def _refuse_if_held(project: Project) -> None:
    """A hold registered by another app (a stop-work order in force) keeps the site stopped."""
    reason = hooks.resume_refusal(project)
    if reason:
        raise FugongError(reason, code="work_stopped")


def project_set_status(
    *,
    actor,
    project: Project,
    to_status: str,
    kind: str = ProjectEventKind.STATUS_CHANGED,
    message: str = "",
) -> Project:
    """Move a project along its life, with a timeline entry and an audit row.

    Called by other services (a filed commitment resumes the project; a revoked one or a
    stop-work order suspends it) inside their transaction; scope was checked by them."""
    with transaction.atomic():
        current = Project.objects.select_for_update().get(pk=project.pk)
        if to_status == ProjectStatus.RESUMED:
            _refuse_if_held(current)
        if to_status not in TRANSITIONS[current.status]:
            raise FugongError(
                _("A project that is “%(current)s” cannot become “%(target)s”.")
                % {
                    "current": current.get_status_display(),
                    "target": ProjectStatus(to_status).label,
                },
                code="invalid_transition",
            )
        before = snapshot(current)
        from_status = current.status
        current.status = to_status
        current.version = F("version") + 1
        current.save(update_fields=["status", "version", "updated_at"])
        current.refresh_from_db()
        record_change(
            actor=actor,
            instance=current,
            action=ChangeAction.UPDATE,
            before=before,
            message=message,
        )
        project_event(
            actor=actor,
            project=current,
            kind=kind,
            message=message,
            from_status=from_status,
            to_status=to_status,
        )
    return current


def project_complete(*, actor, project: Project, message: str = "") -> Project:
    fetch_for(actor, Project, project.pk, "change")
    return project_set_status(
        actor=actor, project=project, to_status=ProjectStatus.COMPLETED, message=message
    )


# --- responsible persons (ProjectContact) ------------------------------------------------------


def _lock_project(actor, project: Project, action: str = "view") -> Project:
    """The project if the actor may see it (else NotFound), its row locked so that two
    writers of its contacts or targets queue instead of both passing the guards.

    One query: the scope filter, the lock (of the project row only: the enterprises are
    joined for the audit row, and a nullable join cannot be locked on PostgreSQL)."""
    qs = Project.objects.all()
    if actor is not None:
        if not user_can(actor, Project, action):
            raise Forbidden()
        qs = Project.objects.visible_to(actor, action)
    qs = qs.select_related("region", "builder", "contractor", "supervisor")
    try:
        return qs.select_for_update(of=("self",)).get(pk=project.pk)
    except Project.DoesNotExist:
        raise NotFound() from None


def project_contact_save(
    *,
    actor,
    project: Project,
    role: str,
    name: str,
    phone: str | None = None,
    contact: ProjectContact | None = None,
    expected_version: int | None = None,
) -> ProjectContact:
    """Name the responsible person for `role` (new `contact=None`), or change `contact`.

    One person per role and project: a second project manager is refused with
    `duplicate_role` (archive the first, or edit it)."""
    with transaction.atomic():
        current = _lock_project(actor, project)
        if contact is not None and contact.project_id != current.pk:
            raise NotFound()
        taken = ProjectContact.objects.filter(project=current, role=role, archived_at__isnull=True)
        if contact is not None:
            taken = taken.exclude(pk=contact.pk)
        if taken.exists():
            label = ContactRole(role).label if role in ContactRole.values else role
            message = _("This project already has a responsible person as “%(role)s”.") % {
                "role": label
            }
            raise FugongError(message, code="duplicate_role", fields={"role": message})
        data = {"role": role, "name": (name or "").strip(), "phone": phone or None}
        if contact is None:
            return create_object(
                actor=actor, model=ProjectContact, data={**data, "project": current}
            )
        return update_object(
            actor=actor, instance=contact, data=data, expected_version=expected_version
        )


def project_contact_archive(*, actor, contact: ProjectContact, message: str = "") -> ProjectContact:
    """A responsible person steps down: archived (who, when), never deleted."""
    return archive_object(actor=actor, instance=contact, message=message)


# --- output-value targets (ProjectTarget) ------------------------------------------------------


def project_target_add(
    *,
    actor,
    project: Project,
    due_date: datetime.date,
    value: Decimal,
    note: str = "",
) -> ProjectTarget:
    """So much cumulative output value (10,000 yuan) by a date; one target per date."""
    with transaction.atomic():
        current = _lock_project(actor, project)
        if value is None or Decimal(value) <= 0:
            message = _("A target must be more than zero.")
            raise FugongError(message, code="invalid_value", fields={"value": message})
        if ProjectTarget.objects.filter(
            project=current, due_date=due_date, archived_at__isnull=True
        ).exists():
            message = _("This project already has a target for %(date)s.") % {
                "date": due_date.isoformat()
            }
            raise FugongError(message, code="duplicate_target", fields={"due_date": message})
        return create_object(
            actor=actor,
            model=ProjectTarget,
            data={"project": current, "due_date": due_date, "value": value, "note": note or ""},
        )


def project_target_archive(*, actor, target: ProjectTarget, message: str = "") -> ProjectTarget:
    """Withdraw a target: archived (who, when), never deleted."""
    return archive_object(actor=actor, instance=target, message=message)
