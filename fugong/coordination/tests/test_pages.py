"""The pages: raise a ticket, act on it, apply for a pass, decide, print, check by QR;
bad input is shown on the form and nothing changes; exports follow the filters."""

import datetime
import io

import pytest
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from fugong.common.testing import login, xlsx_rows
from fugong.coordination.choices import PassStatus, TicketCategory, TicketStatus
from fugong.coordination.models import Ticket, TicketRoute, VehiclePass
from fugong.coordination.tests.helpers import apply_pass, build_coordination_world, raise_ticket


@pytest.fixture
def cw(db):
    return build_coordination_world()


def test_raise_a_ticket_from_the_form(cw):
    client = login(Client(), cw.manager_a)
    page = client.get("/coordination/tickets/new/")
    assert page.status_code == 200
    html = page.content.decode()
    assert cw.project_a.name in html and cw.project_b.name not in html
    key = page.context["form"]["submission_key"].initial
    data = {
        "project": cw.project_a.pk,
        "category": TicketCategory.MATERIALS,
        "title": "商砼供应不足",
        "description": "每日缺口约100方",
        "submission_key": key,
    }
    response = client.post("/coordination/tickets/new/", data)
    ticket = Ticket.objects.get()
    assert response.status_code == 302 and response["Location"] == ticket.get_absolute_url()
    # The same form sent again: refused, still one ticket.
    again = client.post("/coordination/tickets/new/", data)
    assert again.status_code == 200 and Ticket.objects.count() == 1
    assert "已经提交" in again.content.decode() or "already submitted" in again.content.decode()


def test_a_ticket_for_another_enterprises_project_is_refused_on_the_form(cw):
    client = login(Client(), cw.manager_a)
    response = client.post(
        "/coordination/tickets/new/",
        {"project": cw.project_b.pk, "category": "workers", "title": "别人的项目"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["project"]
    assert not Ticket.objects.exists()


def test_the_officer_resolves_and_the_enterprise_rates(cw):
    ticket = raise_ticket(cw)
    officer = login(Client(), cw.officer_a)
    page = officer.get(ticket.get_absolute_url()).content.decode()
    assert 'id="start-submit"' in page
    officer.post(f"/coordination/tickets/{ticket.pk}/start/", {"version": ticket.version})
    ticket.refresh_from_db()
    response = officer.post(
        f"/coordination/tickets/{ticket.pk}/resolve/", {"resolution": "", "version": ticket.version}
    )
    assert (
        response.status_code == 400 and 'data-error-for="resolution"' in response.content.decode()
    )
    officer.post(
        f"/coordination/tickets/{ticket.pk}/resolve/",
        {"resolution": "已协调街道出具证明", "version": ticket.version},
    )
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.RESOLVED
    manager = login(Client(), cw.manager_a)
    bad = manager.post(
        f"/coordination/tickets/{ticket.pk}/confirm/", {"rating": "9", "version": ticket.version}
    )
    assert bad.status_code == 400
    assert Ticket.objects.get(pk=ticket.pk).status == TicketStatus.RESOLVED
    manager.post(
        f"/coordination/tickets/{ticket.pk}/confirm/",
        {"rating": "5", "rating_comment": "很及时", "version": ticket.version},
    )
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.CONFIRMED and ticket.rating == 5


def test_a_stale_form_is_refused(cw):
    ticket = raise_ticket(cw)
    officer = login(Client(), cw.officer_a)
    version = ticket.version
    officer.post(
        f"/coordination/tickets/{ticket.pk}/assign/",
        {"assignee": cw.officer_a.pk, "version": version},
    )
    response = officer.post(f"/coordination/tickets/{ticket.pk}/start/", {"version": version})
    assert response.status_code == 400
    assert "该记录已被他人修改" in response.content.decode()
    assert Ticket.objects.get(pk=ticket.pk).status == TicketStatus.OPEN


def test_overdue_badge_filter_and_export(cw):
    late = raise_ticket(cw, title="逾期的事项")
    Ticket.objects.filter(pk=late.pk).update(due_at=timezone.now() - datetime.timedelta(hours=2))
    raise_ticket(cw, title="按期的事项")
    client = login(Client(), cw.officer_a)
    html = client.get("/coordination/tickets/").content.decode()
    assert 'id="overdue-badge"' in html and 'data-overdue="1"' in html
    filtered = client.get("/coordination/tickets/", {"overdue": "true"}).content.decode()
    assert "逾期的事项" in filtered and "按期的事项" not in filtered
    export = client.get("/coordination/tickets/", {"overdue": "true", "export": "xlsx"})
    cells = {str(c) for row in xlsx_rows(export.content) for c in row}
    assert "逾期的事项" in cells and "按期的事项" not in cells


def test_apply_for_a_pass_with_a_malformed_plate(cw):
    client = login(Client(), cw.manager_a)
    today = timezone.localdate()
    data = {
        "project": cw.project_a.pk,
        "plate_number": "豫H12O45",
        "driver_name": "王立新",
        "driver_phone": "13939100401",
        "route": "商砼站—工地",
        "purpose": "运输商砼",
        "valid_from": today.isoformat(),
        "valid_until": (today - datetime.timedelta(days=1)).isoformat(),
    }
    response = client.post("/coordination/passes/new/", data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "plate_number" in errors and "valid_until" in errors
    assert not VehiclePass.objects.exists()
    data.update(
        plate_number="豫H12045", valid_until=(today + datetime.timedelta(days=3)).isoformat()
    )
    response = client.post("/coordination/passes/new/", data)
    assert response.status_code == 302
    assert VehiclePass.objects.get().plate_number == "豫H12045"


def test_decide_print_check_and_revoke(cw):
    vehicle_pass = apply_pass(cw)
    public = Client()
    check_url = f"/coordination/check/{vehicle_pass.token}/"
    assert 'data-validity="not_issued"' in public.get(check_url).content.decode()
    officer = login(Client(), cw.officer_a)
    assert officer.get(f"/coordination/passes/{vehicle_pass.pk}/pass.pdf").status_code == 302
    officer.post(
        f"/coordination/passes/{vehicle_pass.pk}/approve/", {"version": vehicle_pass.version}
    )
    vehicle_pass.refresh_from_db()
    assert vehicle_pass.status == PassStatus.APPROVED
    pdf = login(Client(), cw.manager_a).get(f"/coordination/passes/{vehicle_pass.pk}/pass.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages).replace(
        " ", ""
    )
    assert "豫H·12345" in text and cw.project_a.name in text
    page = public.get(check_url).content.decode()
    assert 'data-validity="valid"' in page and "豫H·12345" in page and cw.project_a.name in page
    for secret in ("王立新", "13939100401", "139****0401", "恒达商砼站", cw.enterprise_a.name):
        assert secret not in page
    bad = officer.post(f"/coordination/passes/{vehicle_pass.pk}/revoke/", {"revoke-reason": ""})
    assert bad.status_code == 400
    officer.post(
        f"/coordination/passes/{vehicle_pass.pk}/revoke/", {"revoke-reason": "驾驶员未按路线行驶"}
    )
    assert 'data-validity="revoked"' in public.get(check_url).content.decode()
    assert public.get("/coordination/check/not-a-token/").status_code == 404


def test_the_routing_table_page(cw):
    admin = login(Client(), cw.admin)
    assert admin.get("/coordination/routes/").status_code == 200
    route = TicketRoute.objects.get(category=TicketCategory.MATERIALS)
    response = admin.post(
        f"/coordination/routes/{route.pk}/edit/",
        {
            "target": "city_department",
            "department": "",
            "deadline_value": 24,
            "deadline_unit": "hours",
            "is_active": "on",
            "version": route.version,
        },
    )
    assert response.status_code == 200 and "department" in response.context["form"].errors
    response = admin.post(
        f"/coordination/routes/{route.pk}/edit/",
        {
            "target": "city_department",
            "department": cw.city_department.pk,
            "deadline_value": 24,
            "deadline_unit": "hours",
            "is_active": "on",
            "version": route.version,
        },
    )
    assert response.status_code == 302
    assert TicketRoute.objects.get(pk=route.pk).deadline_value == 24
    # Enterprises read where their problems go; only the bureau admin edits it.
    manager = login(Client(), cw.manager_a)
    assert manager.get("/coordination/routes/").status_code == 200
    assert manager.get(f"/coordination/routes/{route.pk}/edit/").status_code == 403


def test_pass_a_ticket_on_from_its_page(cw):
    ticket = raise_ticket(cw, category=TicketCategory.MATERIALS, title="区里的事项")
    officer = login(Client(), cw.city_officer)
    assert 'id="transfer-form"' in officer.get(ticket.get_absolute_url()).content.decode()
    bad = officer.post(
        f"/coordination/tickets/{ticket.pk}/transfer/",
        {
            "transfer-department": cw.department_a.pk,
            "transfer-reason": "",
            "version": ticket.version,
        },
    )
    assert bad.status_code == 400 and 'data-error-for="reason"' in bad.content.decode()
    done = officer.post(
        f"/coordination/tickets/{ticket.pk}/transfer/",
        {
            "transfer-department": cw.department_a.pk,
            "transfer-reason": "属区里办理的事项",
            "version": ticket.version,
        },
    )
    assert done.status_code == 302 and done["Location"] == "/coordination/tickets/routed/"
    assert Ticket.objects.get(pk=ticket.pk).department == cw.department_a
    assert officer.get(ticket.get_absolute_url()).status_code == 404


def test_an_approved_pass_shows_its_qr_code(cw):
    from fugong.coordination.services.passes import pass_approve

    vehicle_pass = pass_approve(actor=cw.officer_a, vehicle_pass=apply_pass(cw))
    html = login(Client(), cw.manager_a).get(vehicle_pass.get_absolute_url()).content.decode()
    assert 'id="pass-qr"' in html and "data:image/svg+xml" in html
    assert "139****0401" in html and "13939100401" not in html


def test_the_check_page_is_rate_limited(cw, settings):
    settings.PUBLIC_RATE = "2/m"
    token = apply_pass(cw).token
    codes = [
        Client().get(f"/coordination/check/{token}/", REMOTE_ADDR="10.9.9.9").status_code
        for _ in range(3)
    ]
    assert codes == [200, 200, 429]


def test_both_languages(cw, settings):
    ticket = raise_ticket(cw)
    client = login(Client(), cw.officer_a)
    assert "开始办理" in client.get(ticket.get_absolute_url()).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(ticket.get_absolute_url()).content.decode()
    assert "Start working on it" in html and "Workers" in html


def test_our_tickets_and_the_query_count(cw, django_assert_max_num_queries):
    for n in range(3):
        raise_ticket(cw, title=f"甲方事项{n}")
    raise_ticket(cw, project=cw.project_b, actor=cw.manager_b, title="乙方事项")
    client = login(Client(), cw.manager_a)
    client.get("/coordination/tickets/ours/")
    with django_assert_max_num_queries(8):
        html = client.get("/coordination/tickets/ours/").content.decode()
    assert all(f"甲方事项{n}" in html for n in range(3)) and "乙方事项" not in html
