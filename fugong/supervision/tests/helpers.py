"""The supervision tests' world: the commitment world (authorities, enterprise users, a
resumed project) plus the quality and safety stations, inspectors and checklists."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from fugong.common.testing import build_world, make_user
from fugong.construction.tests.commitment_helpers import (
    CommitmentWorld,
    extend_world,
    file_commitment,
)
from fugong.supervision.demo import DEMO_JPEG, ensure_checklists

# An 8×8 JPEG (a real image, so that the pages' thumbnails decode in the browser).
JPEG_BYTES = DEMO_JPEG


@dataclass
class SupervisionWorld:
    cw: CommitmentWorld
    quality_station: object
    safety_station: object
    quality_a: object  # user
    quality_b: object  # user
    safety_a: object  # user
    inspector_qa: object
    inspector_qb: object
    inspector_sa: object
    leader: object

    def __getattr__(self, name):
        return getattr(self.cw, name)


def build_supervision_world(*, resume: bool = True) -> SupervisionWorld:
    return extend_supervision(build_world(), resume=resume)


def extend_supervision(world, *, resume: bool = True) -> SupervisionWorld:
    """Add the stations, three inspectors (two quality, one safety) with city-wide officer
    grants, a leader, the checklists; with `resume`, project A works under a commitment."""
    from fugong.organisations.services import organisation_create
    from fugong.supervision.services.registry import inspector_create

    cw = extend_world(world)
    quality = organisation_create(
        actor=None,
        parent=cw.bureau,
        kind="department",
        name="质监站",
        region=cw.city,
        field="quality",
    )
    safety = organisation_create(
        actor=None,
        parent=cw.bureau,
        kind="department",
        name="安监站",
        region=cw.city,
        field="safety",
    )
    users = {}
    for username, station in (("quality-a", quality), ("quality-b", quality), ("safety-a", safety)):
        users[username] = make_user(
            username,
            "department_officer",
            region=cw.city,
            member_of=station,
            full_name=username,
        )
    inspectors = {}
    for n, (username, field, station) in enumerate(
        (
            ("quality-a", "quality", quality),
            ("quality-b", "quality", quality),
            ("safety-a", "safety", safety),
        ),
        start=1,
    ):
        inspectors[username] = inspector_create(
            actor=None,
            user=users[username],
            organisation=station,
            field=field,
            certificate_number=f"ZJ-{n:04d}",
        )
    leader = make_user("leader-1", "leader", region=cw.city)
    ensure_checklists()
    if resume:
        file_commitment(cw)
        cw.project_a.refresh_from_db()
    return SupervisionWorld(
        cw,
        quality,
        safety,
        users["quality-a"],
        users["quality-b"],
        users["safety-a"],
        inspectors["quality-a"],
        inspectors["quality-b"],
        inspectors["safety-a"],
        leader,
    )


def photo(name: str = "现场.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, JPEG_BYTES, content_type="image/jpeg")


def in_days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def answer_all(sw, inspection, outcome: str = "pass"):
    from fugong.supervision.services.inspections import inspection_record_answers

    actor = inspection.inspectors.first().user
    return inspection_record_answers(
        actor=actor,
        inspection=inspection,
        answers={item.pk: outcome for item in inspection.checklist.items.all()},
    )


def start(sw, *, kind="planned", user=None, inspectors=None, project=None):
    from fugong.supervision.services.inspections import inspection_create

    user = user or sw.quality_a
    return inspection_create(
        actor=user,
        project=project or sw.project_a,
        kind=kind,
        field="quality",
        inspectors=inspectors or [sw.inspector_qa],
    )


def major_finding(sw, inspection, *, stop_work=True, user=None):
    from fugong.supervision.services.inspections import finding_add

    return finding_add(
        actor=user or sw.quality_a,
        inspection=inspection,
        severity="major",
        description="塔吊基础积水，附着装置松动",
        required_actions="排水加固，提交检测报告",
        deadline=in_days(7),
        photos=[photo()],
        stop_work=stop_work,
    )


def stop_work_journey(sw, project=None):
    """A completed inspection with a major finding that stopped work; returns the finding."""
    from fugong.supervision.services.inspections import inspection_complete

    inspection = start(sw, project=project)
    answer_all(sw, inspection)
    finding = major_finding(sw, inspection)
    inspection_complete(actor=sw.quality_a, inspection=inspection)
    finding.refresh_from_db()
    return finding
