"""Demo data of the project registry beyond the projects themselves: the responsible
persons of every demo project and the seed's output-value target, through the services as
the system (actor=None). Idempotent: a contact is added only when its role is vacant, a
target only when none is set for its date.

Seed: 东海大道 had done about 5 million yuan (500 万元) since resuming on 25 February and
expected 20 million (2,000 万元) by the end of March. The 500 万元 come from its daily
reports (the daily-report demo); the target is here.

Invented: every epidemic officer (防疫专员) below, and every phone number. The project
managers are the projects' responsible persons of `common/demo/data.py` (only 吴闯 of
东海大道 is named in the report).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from fugong.common.demo import data
from fugong.construction.choices import ContactRole
from fugong.construction.models import Project, ProjectContact, ProjectTarget
from fugong.construction.services.projects import project_contact_save, project_target_add

# Project name -> (epidemic officer, mobile). Invented.
EPIDEMIC_OFFICERS = {
    "东海大道": ("冯国强", "13939100401"),
    "新河商务中心": ("田秀英", "13939100402"),
    "中原路": ("何立伟", "13939100403"),
    "普济河新月铁路至新河段": ("曾庆华", "13939100404"),
    "李河跨人民路和丰收路桥梁": ("蒋春梅", "13939100405"),
    "解放路15号": ("彭建军", "13939100406"),
    "群英河桥": ("吕晓红", "13939100407"),
    "瓮涧河桥": ("苏文华", "13939100408"),
    "金沙社区": ("卢志刚", "13939100409"),
    "和悦小区": ("丁海燕", "13939100410"),
    "和祥小区": ("魏永强", "13939100411"),
}

# (project, due date, cumulative value in 万元, note). Seed.
TARGETS = [
    ("东海大道", datetime.date(2020, 3, 31), Decimal("2000.00"), "3月底完成产值2000万元"),
]


def load_projects_demo(loader) -> None:
    projects = {
        p.name: p for p in Project.objects.filter(name__in=[s["name"] for s in data.PROJECTS])
    }
    for spec in data.PROJECTS:
        project = projects.get(spec["name"])
        if project is None:
            continue
        people = [
            (ContactRole.PROJECT_MANAGER, spec["responsible_person"], spec["responsible_phone"]),
        ]
        if spec["name"] in EPIDEMIC_OFFICERS:
            name, phone = EPIDEMIC_OFFICERS[spec["name"]]
            people.append((ContactRole.EPIDEMIC_OFFICER, name, phone))
        for role, name, phone in people:
            exists = ProjectContact.objects.filter(
                project=project, role=role, archived_at__isnull=True
            ).exists()
            if not exists:
                project_contact_save(actor=None, project=project, role=role, name=name, phone=phone)
            loader.tally("project contacts", not exists)
    for name, due_date, value, note in TARGETS:
        project = projects.get(name)
        if project is None:
            continue
        exists = ProjectTarget.objects.filter(
            project=project, due_date=due_date, archived_at__isnull=True
        ).exists()
        if not exists:
            project_target_add(
                actor=None, project=project, due_date=due_date, value=value, note=note
            )
        loader.tally("output-value targets", not exists)
