"""Who may be drawn for which site (回避): an inspector of the draw's field, active, and
not recused. Recused from a site are inspectors whose organisation (or whose own employer)
is its builder, contractor or supervisor, who declared a conflict with the site or with one
of those enterprises, and those of the site's last inspection in the field (no one checks
the same site twice in a row). The rule itself is a pure function, so that it can be
tested on any data; `eligible_by_project` gathers the facts in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class InspectorFacts:
    id: int
    organisations: frozenset[int]  # the station, and the officer's own employer
    conflict_projects: frozenset[int]
    conflict_enterprises: frozenset[int]


@dataclass(frozen=True)
class SiteFacts:
    id: int
    parties: frozenset[int]
    last_inspectors: frozenset[int]


def recused(inspector: InspectorFacts, site: SiteFacts) -> bool:
    return bool(
        inspector.organisations & site.parties
        or site.id in inspector.conflict_projects
        or inspector.conflict_enterprises & site.parties
        or inspector.id in site.last_inspectors
    )


def eligible(inspectors: list[InspectorFacts], site: SiteFacts) -> list[int]:
    """Ids of the inspectors who may be drawn for `site`, in registry order."""
    return [i.id for i in inspectors if not recused(i, site)]


def gather(projects, field: str) -> tuple[list, list[InspectorFacts], dict[int, SiteFacts]]:
    """The field's active inspectors (rows and facts) and the facts of each project."""
    from fugong.supervision.models import ConflictDeclaration, Inspection
    from fugong.supervision.selectors.registry import active_inspectors

    rows = list(active_inspectors(field))
    ids = [p.pk for p in projects]
    conflicts: dict[int, tuple[set, set]] = {i.pk: (set(), set()) for i in rows}
    for inspector_id, project_id, enterprise_id in ConflictDeclaration.objects.filter(
        archived_at__isnull=True, inspector_id__in=list(conflicts)
    ).values_list("inspector_id", "project_id", "enterprise_id"):
        if project_id:
            conflicts[inspector_id][0].add(project_id)
        if enterprise_id:
            conflicts[inspector_id][1].add(enterprise_id)
    facts = [
        InspectorFacts(
            i.pk,
            frozenset({i.organisation_id, i.user.organisation_id} - {None}),
            frozenset(conflicts[i.pk][0]),
            frozenset(conflicts[i.pk][1]),
        )
        for i in rows
    ]
    last: dict[int, int] = {}
    for inspection_id, project_id in (
        Inspection.objects.filter(project_id__in=ids, field=field, archived_at__isnull=True)
        .order_by("project_id", "-planned_on", "-id")
        .values_list("id", "project_id")
    ):
        last.setdefault(project_id, inspection_id)
    last_inspectors: dict[int, set[int]] = {}
    for inspection_id, inspector_id in Inspection.inspectors.through.objects.filter(
        inspection_id__in=list(last.values())
    ).values_list("inspection_id", "inspector_id"):
        last_inspectors.setdefault(inspection_id, set()).add(inspector_id)
    sites = {
        p.pk: SiteFacts(
            p.pk,
            frozenset({p.builder_id, p.contractor_id, p.supervisor_id} - {None}),
            frozenset(last_inspectors.get(last.get(p.pk), ())),
        )
        for p in projects
    }
    return rows, facts, sites


def eligible_by_project(projects, field: str) -> tuple[dict[int, object], dict[int, list[int]]]:
    """The field's inspectors by id, and the eligible inspector ids of each project."""
    rows, facts, sites = gather(projects, field)
    return {i.pk: i for i in rows}, {pid: eligible(facts, site) for pid, site in sites.items()}
