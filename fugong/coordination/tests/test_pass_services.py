"""Vehicle passes: application checks, the authority's decision, revocation, the public
validity, the PDF (its text carries the plate and project), and bad input changes nothing."""

import datetime
import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from fugong.audit.models import ChangeLog
from fugong.common.errors import Conflict, Forbidden, FugongError, NotFound
from fugong.coordination.choices import PassStatus, PassValidity
from fugong.coordination.models import VehiclePass
from fugong.coordination.pdf import pass_pdf
from fugong.coordination.services import passes as services
from fugong.coordination.tests.helpers import apply_pass, build_coordination_world
from fugong.messaging.models import InAppMessage


@pytest.fixture
def cw(db):
    return build_coordination_world()


def test_apply_approve_revoke(cw, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        vehicle_pass = apply_pass(cw, plate="豫h·d12345")
    assert vehicle_pass.plate_number == "豫HD12345" and vehicle_pass.status == PassStatus.PENDING
    assert vehicle_pass.validity() == PassValidity.NOT_ISSUED
    assert len(vehicle_pass.token) >= 32
    assert InAppMessage.objects.filter(recipient=cw.officer_a, kind="vehiclepass_applied").exists()
    with django_capture_on_commit_callbacks(execute=True):
        vehicle_pass = services.pass_approve(actor=cw.officer_a, vehicle_pass=vehicle_pass)
    assert vehicle_pass.decided_by == cw.officer_a
    assert vehicle_pass.validity() == PassValidity.VALID
    assert InAppMessage.objects.filter(recipient=cw.manager_a, kind="vehiclepass_approved").exists()
    vehicle_pass = services.pass_revoke(
        actor=cw.officer_a, vehicle_pass=vehicle_pass, reason="驾驶员体温异常"
    )
    assert vehicle_pass.validity() == PassValidity.REVOKED
    assert ChangeLog.objects.for_object(vehicle_pass).count() == 3


def test_validity_by_date(cw):
    vehicle_pass = apply_pass(cw, days=(2, 5))
    vehicle_pass = services.pass_approve(actor=cw.officer_a, vehicle_pass=vehicle_pass)
    today = timezone.localdate()
    assert vehicle_pass.validity(today) == PassValidity.NOT_YET_VALID
    assert vehicle_pass.validity(today + datetime.timedelta(days=3)) == PassValidity.VALID
    assert vehicle_pass.validity(today + datetime.timedelta(days=6)) == PassValidity.EXPIRED


@pytest.mark.parametrize(
    ("field", "extra"),
    [
        ("plate_number", {"plate": "豫H1234"}),
        ("plate_number", {"plate": "ABC12345"}),
        ("valid_until", {"days": (5, 2)}),
        ("valid_from", {"days": (-1, 3)}),
        ("valid_until", {"days": (0, 120)}),
        ("driver_phone", {"driver_phone": "12345"}),
        ("driver_name", {"driver_name": " "}),
        ("route", {"route": ""}),
    ],
)
def test_bad_input_changes_nothing(cw, field, extra):
    with pytest.raises(FugongError) as info:
        apply_pass(cw, **extra)
    assert field in info.value.fields
    assert str(info.value.fields[field])
    assert not VehiclePass.objects.exists()


def test_another_enterprises_project_is_refused(cw):
    with pytest.raises(FugongError) as info:
        apply_pass(cw, project=cw.project_b)
    assert "project" in info.value.fields
    assert not VehiclePass.objects.exists()


def test_the_same_vehicle_twice_in_the_same_dates_is_refused(cw):
    apply_pass(cw)
    with pytest.raises(FugongError) as info:
        apply_pass(cw, plate="豫H·12345", days=(3, 4))
    assert "plate_number" in info.value.fields
    assert VehiclePass.objects.count() == 1
    apply_pass(cw, days=(20, 25))  # later dates: a new pass
    assert VehiclePass.objects.count() == 2


def test_who_decides(cw):
    vehicle_pass = apply_pass(cw)
    with pytest.raises(Forbidden):
        services.pass_approve(actor=cw.manager_a, vehicle_pass=vehicle_pass)
    with pytest.raises(NotFound):
        services.pass_approve(actor=cw.officer_b, vehicle_pass=vehicle_pass)
    with pytest.raises(FugongError) as info:
        services.pass_refuse(actor=cw.officer_a, vehicle_pass=vehicle_pass, reason="")
    assert "reason" in info.value.fields
    with pytest.raises(FugongError) as info:
        services.pass_revoke(actor=cw.officer_a, vehicle_pass=vehicle_pass, reason="不再需要通行")
    assert info.value.code == "invalid_transition"
    refused = services.pass_refuse(
        actor=cw.officer_a, vehicle_pass=vehicle_pass, reason="路线经过学校"
    )
    assert refused.status == PassStatus.REFUSED and refused.refuse_reason == "路线经过学校"


def test_two_decisions_from_the_same_read_cannot_both_win(cw):
    vehicle_pass = apply_pass(cw)
    version = vehicle_pass.version
    services.pass_approve(actor=cw.officer_a, vehicle_pass=vehicle_pass, expected_version=version)
    with pytest.raises((Conflict, FugongError)):
        services.pass_refuse(
            actor=cw.admin,
            vehicle_pass=vehicle_pass,
            reason="重复审批测试",
            expected_version=version,
        )
    assert VehiclePass.objects.get(pk=vehicle_pass.pk).status == PassStatus.APPROVED


def test_the_pdf_carries_the_plate_and_project(cw):
    vehicle_pass = services.pass_approve(actor=cw.officer_a, vehicle_pass=apply_pass(cw))
    data = pass_pdf(
        vehicle_pass, check_url="https://example.org/coordination/check/x/", viewer=cw.manager_a
    )
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    compact = text.replace(" ", "").replace("\n", "")
    assert "豫H·12345" in compact
    assert cw.project_a.name in compact
    assert "13939100401" not in compact  # masked for a viewer without full personal data
    assert "139****0401" in compact
