"""Projects: spread over each city's districts, each with a builder, a contractor and
(mostly) a supervisor from that city's enterprises, and a responsible person's phone.

The phone is given in clear: `bulk_create` runs `MobileNumberField.pre_save`, which
stores the Fernet token in `responsible_phone` and the keyed hash in
`responsible_phone_hash`, exactly as `save()` does.
"""

from __future__ import annotations

from decimal import Decimal

from fugong.common.generate import names
from fugong.construction.choices import ProjectKind, ProjectStatus
from fugong.construction.models import Project
from fugong.organisations.choices import EnterpriseRole

STATUS_WEIGHTS = {
    ProjectStatus.NOT_STARTED: 0.25,
    ProjectStatus.RESUMED: 0.6,
    ProjectStatus.SUSPENDED: 0.05,
    ProjectStatus.COMPLETED: 0.1,
}


def generate_projects(ctx) -> dict[str, int]:
    rng = ctx.rng
    kinds = list(ProjectKind)
    statuses, weights = list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values())
    projects = []
    for city in ctx.cities:
        districts = ctx.districts_of(city)
        by_role = {role: [] for role in EnterpriseRole}
        for enterprise in ctx.enterprises.get(city.pk, []):
            by_role[enterprise.enterprise_role].append(enterprise)
        for _n in range(ctx.scale.projects):
            district = rng.choice(districts)
            kind = rng.choice(kinds)
            place = rng.choice(names.PLACE_WORDS)
            road = place + rng.choice(names.ROAD_SUFFIXES)
            projects.append(
                Project(
                    name=f"{district.name}{place}{rng.choice(names.PROJECT_THINGS[kind.value])}",
                    kind=kind,
                    is_city_key=rng.random() < 0.1,
                    region=district,
                    address=f"{district.name}{road}与{rng.choice(names.PLACE_WORDS)}路交叉口",
                    builder=rng.choice(by_role[EnterpriseRole.BUILDER]),
                    contractor=rng.choice(by_role[EnterpriseRole.CONTRACTOR]),
                    supervisor=(
                        rng.choice(by_role[EnterpriseRole.SUPERVISOR])
                        if rng.random() < 0.9
                        else None
                    ),
                    contract_value=Decimal(rng.randint(5_000, 5_000_000)) / 100,
                    responsible_person=ctx.person_name(),
                    responsible_phone=ctx.mobile(),
                    status=rng.choices(statuses, weights)[0],
                    is_demo=True,
                )
            )
    ctx.projects = ctx.bulk(Project, projects)
    return {"project": len(projects)}
