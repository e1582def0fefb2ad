"""Writes to the project registry. Status moves only through transition services."""

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from fugong.audit.choices import ChangeAction
from fugong.audit.services import record_change, snapshot
from fugong.common.errors import FugongError
from fugong.common.services import create_object, fetch_for, update_object
from fugong.construction.choices import ProjectEventKind, ProjectStatus
from fugong.construction.models import Project, ProjectEvent

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


def project_create(*, actor, **data) -> Project:
    clean = {k: v for k, v in data.items() if k in EDITABLE_FIELDS or k == "is_demo"}
    with transaction.atomic():
        project = create_object(actor=actor, model=Project, data=clean)
        project_event(
            actor=actor, project=project, kind=ProjectEventKind.CREATED, to_status=project.status
        )
    return project


def project_update(*, actor, project: Project, data: dict, expected_version=None) -> Project:
    clean = {k: v for k, v in data.items() if k in EDITABLE_FIELDS}
    return update_object(
        actor=actor, instance=project, data=clean, expected_version=expected_version
    )


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
