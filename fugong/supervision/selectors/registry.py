"""Reads of the registries that others use: the draw (eligible targets, who must recuse),
the inspection form, the dashboard."""

from __future__ import annotations

from django.db.models import Count, Max, Q
from django.utils.translation import gettext as _

from fugong.construction.choices import ProjectStatus
from fugong.construction.models import Project
from fugong.supervision.choices import FindingStatus, InspectionStatus
from fugong.supervision.models import ConflictDeclaration, Inspection, Inspector

# Sites that are inspected: at work, or stopped (a stopped site is re-inspected).
TARGET_STATUSES = (ProjectStatus.RESUMED, ProjectStatus.SUSPENDED)
OPEN_FINDING = (FindingStatus.NOTICE_ISSUED, FindingStatus.REPLIED)


def eligible_targets(*, user=None, district=None, kind: str = "", field: str = ""):
    """The inspection targets (检查对象): projects in `user`'s scope (all when None) that are
    at work or stopped, not archived, in `district` (a Region, any level: its subtree) and
    of `kind`. Annotated with `last_inspected` (in `field` when given) and `open_findings`.
    Ordered by id, so a draw that walks them is reproducible."""
    projects = Project.objects.all() if user is None else Project.objects.visible_to(user)
    projects = projects.filter(archived_at__isnull=True, status__in=TARGET_STATUSES)
    if district is not None:
        projects = projects.filter(region__path__startswith=district.path)
    if kind:
        projects = projects.filter(kind=kind)
    done = Q(inspections__status=InspectionStatus.COMPLETED)
    if field:
        done &= Q(inspections__field=field)
    return projects.annotate(
        last_inspected=Max("inspections__planned_on", filter=done),
        open_findings=Count("findings", filter=Q(findings__status__in=OPEN_FINDING), distinct=True),
    ).order_by("id")


def active_inspectors(field: str = ""):
    qs = Inspector.objects.filter(is_active=True, archived_at__isnull=True, user__is_active=True)
    if field:
        qs = qs.filter(field=field)
    return qs.select_related("user", "organisation").order_by("id")


def recusal_reason(inspector: Inspector, project: Project) -> str | None:
    """Why `inspector` must not inspect `project` (回避), or None: their organisation is a
    party to it, or they declared a conflict with it or with one of its enterprises."""
    parties = {project.builder_id, project.contractor_id, project.supervisor_id} - {None}
    if inspector.organisation_id in parties or (
        inspector.user.organisation_id and inspector.user.organisation_id in parties
    ):
        return _("%(inspector)s belongs to a party of this project.") % {
            "inspector": inspector.display_name
        }
    declared = ConflictDeclaration.objects.filter(
        inspector=inspector, archived_at__isnull=True
    ).filter(Q(project=project) | Q(enterprise_id__in=parties))
    if declared.exists():
        return _("%(inspector)s declared a conflict of interest with this project.") % {
            "inspector": inspector.display_name
        }
    return None


def conflicted_inspector_ids(project: Project) -> set[int]:
    """Ids of the inspectors who must recuse from `project` (one query, for the draw)."""
    parties = {project.builder_id, project.contractor_id, project.supervisor_id} - {None}
    declared = ConflictDeclaration.objects.filter(archived_at__isnull=True).filter(
        Q(project=project) | Q(enterprise_id__in=parties)
    )
    ids = set(declared.values_list("inspector_id", flat=True))
    ids |= set(
        Inspector.objects.filter(
            Q(organisation_id__in=parties) | Q(user__organisation_id__in=parties)
        ).values_list("id", flat=True)
    )
    return ids


def last_inspection(project: Project, field: str = "") -> Inspection | None:
    """The project's latest completed inspection (in `field` when given)."""
    qs = Inspection.objects.filter(project=project, status=InspectionStatus.COMPLETED)
    if field:
        qs = qs.filter(field=field)
    return qs.order_by("-planned_on", "-id").first()
