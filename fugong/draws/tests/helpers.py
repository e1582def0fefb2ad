"""The draws tests' world: supervision's world (two districts, quality and safety stations,
inspectors, checklists) with more sites at work and a third quality inspector."""

from __future__ import annotations

from fugong.common.testing import make_user
from fugong.supervision.tests.helpers import build_supervision_world


def build_draw_world(*, extra_sites: int = 2):
    from fugong.construction.choices import ProjectStatus
    from fugong.construction.models import Project
    from fugong.construction.services.projects import project_create
    from fugong.supervision.services.registry import inspector_create

    sw = build_supervision_world(resume=False)
    sw.sites_a = [sw.project_a]
    sw.sites_b = [sw.project_b]
    for n in range(extra_sites):
        sw.sites_a.append(
            project_create(
                actor=None,
                name=f"解放区工地{n + 1}",
                kind="building",
                region=sw.district_a,
                builder=sw.enterprise_a,
            )
        )
        sw.sites_b.append(
            project_create(
                actor=None,
                name=f"山阳区工地{n + 1}",
                kind="road",
                region=sw.district_b,
                builder=sw.enterprise_b,
            )
        )
    # Test setup only: the sites are at work (filing a commitment each is tested elsewhere).
    Project.objects.filter(pk__in=[p.pk for p in sw.sites_a + sw.sites_b]).update(
        status=ProjectStatus.RESUMED
    )
    sw.quality_c = make_user(
        "quality-c",
        "department_officer",
        region=sw.city,
        member_of=sw.quality_station,
        full_name="张建国",
    )
    sw.inspector_qc = inspector_create(
        actor=None,
        user=sw.quality_c,
        organisation=sw.quality_station,
        field="quality",
        certificate_number="ZJ-0009",
    )
    sw.admin = make_user("bureau-admin-1", "bureau_admin", region=sw.city)
    return sw


def prepare(sw, actor=None, **over):
    from fugong.draws.services import draw_prepare

    data = {
        "title": "质量双随机抽查",
        "region": sw.city,
        "field": "quality",
        "mode": "count",
        "count": 2,
    }
    data.update(over)
    return draw_prepare(actor=sw.leader if actor is None else actor, **data)


def full_draw(sw, actor=None, **over):
    from fugong.draws.services import draw_assign, draw_publish, draw_run

    actor = actor or sw.leader
    draw = prepare(sw, actor, **over)
    draw = draw_publish(actor=actor, draw=draw)
    draw = draw_run(actor=actor, draw=draw)
    return draw_assign(actor=actor, draw=draw)
