"""The project page's supervision card: inspections, open findings and stop-work orders
of the project, as far as the viewer may see them."""

import re

import pytest

from fugong.common.testing import login, make_user
from fugong.supervision.tests.helpers import (
    answer_all,
    build_supervision_world,
    major_finding,
    start,
    stop_work_journey,
)

pytestmark = pytest.mark.django_db


def _page(client, user, project):
    response = login(client, user).get(f"/construction/projects/{project.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_an_officer_sees_the_order_the_findings_and_the_inspections_with_links(client):
    sw = build_supervision_world()
    finding = stop_work_journey(sw)
    page = _page(client, sw.leader, sw.project_a)
    assert 'id="project-supervision"' in page
    order = finding.stop_work_order
    assert f'data-stop-work="{order.pk}"' in page
    assert f"/supervision/stop-work/{order.pk}/" in page
    assert f"/supervision/inspections/?project={sw.project_a.pk}" in page
    assert f"/supervision/inspections/{finding.inspection_id}/" in page
    assert 'data-figure="open-findings">' in page
    assert _open_findings(page) == 1


def test_the_panel_links_lead_to_this_projects_records_only(client):
    sw = build_supervision_world()
    stop_work_journey(sw)
    login(client, sw.leader)
    other = client.get(f"/supervision/findings/?project={sw.project_b.pk}").content.decode()
    mine = client.get(f"/supervision/findings/?project={sw.project_a.pk}").content.decode()
    assert "塔吊基础积水" in mine and "塔吊基础积水" not in other


def test_the_enterprise_sees_its_notice_but_not_a_finding_still_being_recorded(client):
    sw = build_supervision_world()
    inspection = start(sw)
    answer_all(sw, inspection)
    major_finding(sw, inspection, stop_work=False)  # recorded, inspection still open
    recorded = _page(client, sw.site_manager_a, sw.project_a)
    assert 'id="project-supervision"' in recorded
    assert 'data-figure="open-findings">' in recorded
    from fugong.supervision.services.inspections import inspection_complete

    inspection_complete(actor=sw.quality_a, inspection=inspection)  # the notice goes out
    issued = _page(client, sw.site_manager_a, sw.project_a)
    assert _open_findings(recorded) == 0 and _open_findings(issued) == 1


def _open_findings(page: str) -> int:
    return int(re.search(r'data-figure="open-findings">[^<]*<strong>(\d+)</strong>', page)[1])


def test_no_panel_for_a_viewer_without_supervision_permissions(client):
    sw = build_supervision_world()
    stop_work_journey(sw)
    viewer = make_user("viewer", "district_officer", region=sw.district_a)
    viewer.user_permissions.clear()
    from fugong.accounts.models import Role

    role = Role.objects.get(code="district_officer")
    role.permissions.remove(*role.permissions.filter(content_type__app_label="supervision"))
    page = _page(client, viewer, sw.project_a)
    assert 'id="project-supervision"' not in page
