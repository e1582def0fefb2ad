"""Projects: spread over each city's districts, each with a builder, a contractor and
(mostly) a supervisor from that city's enterprises, and a responsible person's phone.
Each project has its responsible person as project manager contact; a site that has
started also has an epidemic officer and an output-value target due at the end of next
month (a share of its contract value), so the daily summary has targets to compare with.

The phone is given in clear: `bulk_create` runs `MobileNumberField.pre_save`, which
stores the Fernet token in `responsible_phone` and the keyed hash in
`responsible_phone_hash`, exactly as `save()` does.
"""

from __future__ import annotations

import calendar
import datetime
import random
from decimal import Decimal

from django.utils import timezone

from fugong.common.generate import names
from fugong.construction.choices import ContactRole, ProjectKind, ProjectStatus
from fugong.construction.models import Project, ProjectContact, ProjectTarget
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
    contacts, targets = _contacts_and_targets(ctx, projects)
    return {"project": len(projects), "contact": contacts, "target": targets}


def _end_of_next_month(today: datetime.date) -> datetime.date:
    year, month = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _contacts_and_targets(ctx, projects) -> tuple[int, int]:
    # A generator of its own (one draw from the shared one), so the later steps' data does
    # not depend on how many contacts and targets are made here.
    rng = random.Random(ctx.rng.getrandbits(64))
    due = _end_of_next_month(timezone.localdate())
    contacts, targets = [], []
    for project in projects:
        contacts.append(
            ProjectContact(
                project=project,
                role=ContactRole.PROJECT_MANAGER,
                name=project.responsible_person,
                phone=project.responsible_phone,
            )
        )
        if project.status == ProjectStatus.NOT_STARTED:
            continue
        given = "".join(rng.choices(names.GIVEN_CHARS, k=2))
        contacts.append(
            ProjectContact(
                project=project,
                role=ContactRole.EPIDEMIC_OFFICER,
                name=rng.choice(names.SURNAMES) + given,
                phone=f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}",
            )
        )
        share = Decimal(rng.randint(5, 40)) / 100
        targets.append(
            ProjectTarget(
                project=project,
                due_date=due,
                value=max(
                    Decimal("1.00"), (project.contract_value * share).quantize(Decimal("0.01"))
                ),
            )
        )
    ctx.bulk(ProjectContact, contacts)
    ctx.bulk(ProjectTarget, targets)
    return len(contacts), len(targets)
