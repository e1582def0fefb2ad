"""The pages: the phone-first record page, the rectification loop through forms, the
registries, and the public disclosure with personal data masked."""

import pytest
from django.test import Client, override_settings

from fugong.common.testing import login
from fugong.construction.models import Project
from fugong.supervision.models import Finding, Inspection, InspectionChecklist
from fugong.supervision.tests.helpers import (
    build_supervision_world,
    in_days,
    photo,
    start,
    stop_work_journey,
)


@pytest.fixture
def sw(db):
    return build_supervision_world()


def test_every_page_opens_for_an_inspector(sw):
    finding = stop_work_journey(sw)
    client = login(Client(), sw.quality_a)
    urls = [
        "/supervision/inspections/",
        "/supervision/inspections/new/",
        finding.inspection.get_absolute_url(),
        "/supervision/findings/",
        finding.get_absolute_url(),
        "/supervision/stop-work/",
        finding.stop_work_order.get_absolute_url(),
        "/supervision/targets/",
        f"/supervision/targets/?field=quality&district={sw.district_a.pk}",
        "/supervision/inspectors/",
        sw.inspector_qa.get_absolute_url(),
        finding.photos.first().get_absolute_url(),
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_the_record_page_takes_answers_a_finding_with_photos_and_completes(sw):
    client = login(Client(), sw.quality_a)
    response = client.post(
        "/supervision/inspections/new/",
        {
            "project": sw.project_a.pk,
            "field": "quality",
            "kind": "planned",
            "inspectors": [sw.inspector_qa.pk],
            "planned_on": in_days(0).isoformat(),
        },
    )
    inspection = Inspection.objects.get()
    assert response.status_code == 302 and response["Location"] == inspection.get_absolute_url()
    items = list(inspection.checklist.items.all())
    data = {f"item_{i.pk}": "pass" for i in items}
    data[f"item_{items[0].pk}"] = "fail"
    assert (
        client.post(f"/supervision/inspections/{inspection.pk}/answers/", data).status_code == 302
    )
    bad = client.post(
        f"/supervision/inspections/{inspection.pk}/findings/",
        {
            "severity": "major",
            "description": "脚手架连墙件缺失",
            "required_actions": "补设",
            "deadline": in_days(-1).isoformat(),
            "enterprise": sw.enterprise_a.pk,
        },
    )
    assert bad.status_code == 400 and 'data-error-for="deadline"' in bad.content.decode()
    assert not Finding.objects.exists()
    ok = client.post(
        f"/supervision/inspections/{inspection.pk}/findings/",
        {
            "severity": "major",
            "description": "脚手架连墙件缺失",
            "required_actions": "补设连墙件",
            "deadline": in_days(5).isoformat(),
            "enterprise": sw.enterprise_a.pk,
            "item": items[0].pk,
            "stop_work": "on",
            "photos": [photo(), photo("二.jpg")],
        },
    )
    assert ok.status_code == 302
    assert Finding.objects.get().photos.count() == 2
    done = client.post(f"/supervision/inspections/{inspection.pk}/complete/", {})
    assert done.status_code == 302
    assert Project.objects.get(pk=sw.project_a.pk).status == "suspended"


def test_the_enterprise_replies_and_another_enterprise_gets_404(sw):
    finding = stop_work_journey(sw)
    other = login(Client(), sw.site_manager_b)
    assert other.get(finding.get_absolute_url()).status_code == 404
    response = other.post(f"/supervision/findings/{finding.pk}/reply/", {"text": "已整改完毕"})
    assert response.status_code == 404
    own = login(Client(), sw.site_manager_a)
    page = own.get(finding.get_absolute_url()).content.decode()
    assert 'id="reply-form"' in page
    response = own.post(
        f"/supervision/findings/{finding.pk}/reply/", {"text": "已整改完毕", "photos": [photo()]}
    )
    assert response.status_code == 302
    finding.refresh_from_db()
    assert finding.status == "replied"


def test_a_recorded_finding_is_hidden_from_the_enterprise_until_issued(sw):
    inspection = start(sw)
    from fugong.supervision.tests.helpers import major_finding

    finding = major_finding(sw, inspection)
    own = login(Client(), sw.site_manager_a)
    assert own.get(finding.get_absolute_url()).status_code == 404


def test_the_public_disclosure_masks_personal_data(sw):
    finding = stop_work_journey(sw)
    sw.quality_a.full_name = "秦建华"
    sw.quality_a.save()
    response = Client().get("/supervision/public/")
    assert response.status_code == 200
    html = response.content.decode()
    assert finding.stop_work_order.number in html and "东海大道" in html
    assert "秦**" in html and "秦建华" not in html
    assert "13912345678" not in html


@override_settings(PUBLIC_RATE="2/m")
def test_the_public_disclosure_is_rate_limited(sw):
    client = Client()
    assert [client.get("/supervision/public/").status_code for _ in range(3)] == [200, 200, 429]


def test_a_checklist_edit_of_a_used_version_makes_the_next(sw):
    from fugong.common.testing import make_user

    admin = make_user("admin-1", "bureau_admin", region=sw.city)
    client = login(Client(), admin)
    start(sw)
    used = InspectionChecklist.objects.get(field="quality", is_active=True)
    assert used.is_frozen
    response = client.post(
        f"/supervision/checklists/{used.pk}/edit/",
        {
            "field": "quality",
            "title": "新版质量检查表",
            "items": "a | 材料送检\nb | 钢筋",
            "version": used.version,
        },
    )
    assert response.status_code == 302
    newer = InspectionChecklist.objects.get(field="quality", version_number=used.version_number + 1)
    assert newer.items.count() == 2 and not newer.is_active
    used.refresh_from_db()
    assert used.title != "新版质量检查表"
