"""The commitment tests' world: `build_world()` plus the authorities, the default checklist
and routing rules, an enterprise user per project, and a valid set of answers."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from fugong.common.testing import World, build_world, make_user
from fugong.construction.demo_commitments import (
    DISINFECTION_PLAN,
    ensure_default_rules,
    ensure_default_template,
)
from fugong.construction.models import ChecklistTemplate

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class CommitmentWorld:
    world: World
    city_department: object
    department_a: object
    department_b: object
    template: ChecklistTemplate
    site_manager_a: object
    site_manager_b: object

    def __getattr__(self, name):
        return getattr(self.world, name)


def build_commitment_world() -> CommitmentWorld:
    return extend_world(build_world())


def extend_world(world: World) -> CommitmentWorld:
    """Add the authorities, the offered checklist, the default rules and a site manager of
    each enterprise to `world`."""
    from fugong.organisations.services import organisation_create

    city_department = organisation_create(
        actor=None,
        parent=world.bureau,
        kind="department",
        name="建设管理科",
        region=world.city,
        field="construction",
    )
    department_a = organisation_create(
        actor=None, kind="district_department", name="解放区住建局", region=world.district_a
    )
    department_b = organisation_create(
        actor=None, kind="district_department", name="山阳区住建局", region=world.district_b
    )
    template, _created = ensure_default_template()
    ensure_default_rules(city_department)
    manager_a = make_user(
        "manager-a",
        "enterprise_user",
        organisation=world.enterprise_a,
        member_of=world.enterprise_a,
    )
    manager_b = make_user(
        "manager-b",
        "enterprise_user",
        organisation=world.enterprise_b,
        member_of=world.enterprise_b,
    )
    return CommitmentWorld(
        world, city_department, department_a, department_b, template, manager_a, manager_b
    )


def pdf_upload(name: str = "预案.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def good_answers(template: ChecklistTemplate, **by_code) -> dict:
    """Answers that meet every item; `by_code` overrides some (item code → value)."""
    values = {
        "mask-days": "10",
        "disinfectant-days": "7",
        "dormitory": "6",
        "disinfection-plan": DISINFECTION_PLAN,
        "epidemic-officer": "李建军",
    }
    answers = {}
    for item in template.items.all():
        if item.code in by_code:
            answers[item.pk] = by_code[item.code]
        elif item.kind == "yes_no":
            answers[item.pk] = True
        elif item.kind == "attachment":
            answers[item.pk] = pdf_upload()
        else:
            answers[item.pk] = values.get(item.code, "有")
    return answers


def signature(**over) -> dict:
    data = {
        "responsible_person": "吴闯",
        "responsible_phone": "13939100301",
        "signed_name": "吴闯",
        "signed_on": timezone.localdate(),
        "statement_accepted": True,
    }
    data.update(over)
    return data


def file_commitment(cw: CommitmentWorld, project=None, user=None, answers=None, **over):
    from fugong.construction.services.commitments import commitment_file

    project = project or cw.project_a
    user = user or (cw.site_manager_a if project.pk == cw.project_a.pk else cw.site_manager_b)
    return commitment_file(
        actor=user,
        project=project,
        template=cw.template,
        answers=answers if answers is not None else good_answers(cw.template),
        **signature(**over),
    )


def yesterday() -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=1)
