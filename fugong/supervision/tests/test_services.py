"""The inspection journey through the services: inspection, findings, notices, replies,
re-inspection, stop-work orders; every refusal changes nothing."""

import datetime

import pytest
from django.utils import timezone

from fugong.audit.models import ChangeLog
from fugong.common.errors import FugongError, NotFound
from fugong.common.testing import make_user
from fugong.construction.models import Project
from fugong.messaging.models import InAppMessage
from fugong.supervision.models import (
    Finding,
    Inspection,
    RectificationReply,
    StopWorkOrder,
    SupervisionEvent,
)
from fugong.supervision.services.inspections import (
    finding_add,
    inspection_complete,
    inspection_create,
    inspection_record_answers,
)
from fugong.supervision.services.rectification import (
    notices_flag_overdue,
    reply_review,
    reply_submit,
)
from fugong.supervision.services.registry import conflict_declare
from fugong.supervision.tests.helpers import (
    answer_all,
    build_supervision_world,
    in_days,
    major_finding,
    photo,
    start,
    stop_work_journey,
)


@pytest.fixture
def sw(db, django_capture_on_commit_callbacks):
    return build_supervision_world()


def test_an_inspection_needs_its_field_and_enough_inspectors(sw):
    with pytest.raises(FugongError) as exc:
        inspection_create(
            actor=sw.quality_a,
            project=sw.project_a,
            kind="double_random",
            field="quality",
            inspectors=[sw.inspector_qa],
        )
    assert "inspectors" in exc.value.fields
    with pytest.raises(FugongError) as exc:
        inspection_create(
            actor=sw.quality_a,
            project=sw.project_a,
            kind="planned",
            field="safety",
            inspectors=[sw.inspector_sa],
        )
    assert "field" in exc.value.fields  # a quality officer does not inspect safety
    with pytest.raises(FugongError) as exc:
        inspection_create(
            actor=sw.quality_a,
            project=sw.project_a,
            kind="leader_spot_check",
            field="quality",
            inspectors=[sw.inspector_qa],
        )
    assert "kind" in exc.value.fields
    assert not Inspection.objects.exists()
    inspection = start(sw, kind="double_random", inspectors=[sw.inspector_qa, sw.inspector_qb])
    assert inspection.number.startswith("JC") and inspection.inspectors.count() == 2
    assert inspection.checklist.is_active and inspection.checklist.frozen_at is not None


def test_a_declared_conflict_recuses_the_inspector(sw):
    conflict_declare(
        actor=sw.quality_b,
        inspector=sw.inspector_qb,
        project=sw.project_a,
        reason="亲属在该项目任职",
    )
    with pytest.raises(FugongError) as exc:
        start(sw, kind="double_random", inspectors=[sw.inspector_qa, sw.inspector_qb])
    assert "quality-b" in str(exc.value.fields["inspectors"])
    assert not Inspection.objects.exists()


def test_a_leader_orders_a_spot_check_for_inspectors(sw, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        inspection = inspection_create(
            actor=sw.leader,
            project=sw.project_a,
            kind="leader_spot_check",
            field="quality",
            inspectors=[sw.inspector_qa],
        )
    assert InAppMessage.objects.filter(recipient=sw.quality_a, kind="inspection_ordered").exists()
    assert inspection.events.get().kind == "inspection_ordered"


def test_bad_finding_input_is_refused_and_nothing_changes(sw):
    inspection = start(sw)
    cases = [
        {"deadline": datetime.date.today() - datetime.timedelta(days=1)},
        {"deadline": datetime.date.today()},
        {"severity": "general", "stop_work": True},
        {"description": "短"},
        {"required_actions": ""},
        {"photos": [photo("x.exe")]},
    ]
    for over in cases:
        data = {
            "severity": "major",
            "description": "脚手架连墙件缺失",
            "required_actions": "补设连墙件",
            "deadline": in_days(3),
            "photos": [photo()],
        }
        data.update(over)
        with pytest.raises(FugongError) as exc:
            finding_add(actor=sw.quality_a, inspection=inspection, **data)
        assert exc.value.fields, over
    assert not Finding.objects.exists()


def test_another_inspector_cannot_record_someone_elses_inspection(sw):
    inspection = start(sw)
    with pytest.raises(FugongError) as exc:
        major_finding(sw, inspection, user=sw.quality_b)
    assert exc.value.code == "not_an_inspector"


def test_completing_needs_every_item_and_a_finding_for_failures(sw):
    inspection = start(sw)
    with pytest.raises(FugongError) as exc:
        inspection_complete(actor=sw.quality_a, inspection=inspection)
    assert exc.value.code == "checklist_incomplete"
    answer_all(sw, inspection, "fail")
    with pytest.raises(FugongError) as exc:
        inspection_complete(actor=sw.quality_a, inspection=inspection)
    assert exc.value.code == "findings_missing"
    inspection.refresh_from_db()
    assert inspection.status == "open"


def test_a_passed_inspection(sw):
    inspection = start(sw)
    answer_all(sw, inspection)
    inspection = inspection_complete(actor=sw.quality_a, inspection=inspection)
    assert (inspection.status, inspection.result) == ("completed", "passed")
    with pytest.raises(FugongError):
        major_finding(sw, inspection)


def test_the_whole_loop_stop_work_reply_reject_accept_resume(
    sw, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        finding = stop_work_journey(sw)
    project = Project.objects.get(pk=sw.project_a.pk)
    order = StopWorkOrder.objects.get()
    assert project.status == "suspended" and order.status == "in_force"
    assert order.suspended_project and order.number.startswith("TG")
    assert finding.status == "notice_issued" and finding.notice.number.startswith("ZG")
    assert finding.inspection.result == "stop_work"
    told = InAppMessage.objects.filter(recipient=sw.site_manager_a)
    assert {"rectification_notice", "stop_work_order"} <= set(told.values_list("kind", flat=True))

    with django_capture_on_commit_callbacks(execute=True):
        reply_submit(
            actor=sw.site_manager_a, finding=finding, text="已排水并加固", photos=[photo()]
        )
    assert InAppMessage.objects.filter(recipient=sw.quality_a, kind="rectification_reply").exists()
    finding.refresh_from_db()
    assert finding.status == "replied"

    reply_review(
        actor=sw.quality_b,
        finding=finding,
        accepted=False,
        note="检测报告未提交",
        new_deadline=in_days(3),
    )
    finding.refresh_from_db()
    assert finding.status == "notice_issued" and finding.notice.deadline == in_days(3)
    assert Project.objects.get(pk=project.pk).status == "suspended"

    reply_submit(actor=sw.site_manager_a, finding=finding, text="已补交检测报告", photos=[photo()])
    reply = reply_review(actor=sw.quality_b, finding=finding, accepted=True, note="复查合格")
    finding.refresh_from_db()
    order.refresh_from_db()
    assert finding.status == "closed" and reply.outcome == "accepted"
    assert reply.reinspection.kind == "reinspection" and reply.reinspection.result == "passed"
    assert order.status == "lifted" and order.lifting_inspection == reply.reinspection
    assert Project.objects.get(pk=project.pk).status == "resumed"
    kinds = list(SupervisionEvent.objects.filter(finding=finding).values_list("kind", flat=True))
    assert kinds == [
        "finding_recorded",
        "notice_issued",
        "reply_submitted",
        "inspection_completed",  # the re-inspection, recorded as an inspection of its own
        "reply_rejected",
        "reply_submitted",
        "inspection_completed",
        "reply_accepted",
        "finding_closed",
    ]
    assert ChangeLog.objects.filter(object_repr__contains=order.number).exists() or (
        ChangeLog.objects.filter(object_id=str(order.pk)).exists()
    )


def test_a_reply_to_someone_elses_notice_is_refused(sw):
    finding = stop_work_journey(sw)
    with pytest.raises(NotFound):
        reply_submit(actor=sw.site_manager_b, finding=finding, text="已整改完毕", photos=[photo()])
    # A user of another enterprise given a grant on this project's enterprise still must
    # belong to a party of the project.
    outsider = make_user(
        "outsider",
        "enterprise_user",
        organisation=sw.enterprise_a,
        member_of=sw.enterprise_b,
    )
    with pytest.raises(NotFound):
        reply_submit(actor=outsider, finding=finding, text="已整改完毕", photos=[photo()])
    assert not RectificationReply.objects.exists()


def test_a_reply_needs_evidence_and_cannot_be_sent_twice(sw):
    finding = stop_work_journey(sw)
    with pytest.raises(FugongError) as exc:
        reply_submit(actor=sw.site_manager_a, finding=finding, text="已整改", photos=[])
    assert "photos" in exc.value.fields
    reply_submit(actor=sw.site_manager_a, finding=finding, text="已整改完毕", photos=[photo()])
    with pytest.raises(FugongError) as exc:
        reply_submit(
            actor=sw.site_manager_a, finding=finding, text="再次提交整改材料", photos=[photo()]
        )
    assert exc.value.code == "invalid_transition"
    assert RectificationReply.objects.count() == 1


def test_the_stop_work_order_blocks_commitments_and_resuming(sw):
    from fugong.construction.services.projects import project_set_status
    from fugong.construction.tests.commitment_helpers import file_commitment

    stop_work_journey(sw)
    with pytest.raises(FugongError) as exc:
        file_commitment(sw.cw)
    assert exc.value.code == "work_stopped"
    with pytest.raises(FugongError) as exc:
        project_set_status(actor=None, project=sw.project_a, to_status="resumed")
    assert exc.value.code == "work_stopped"
    assert Project.objects.get(pk=sw.project_a.pk).status == "suspended"


def test_only_an_inspector_of_the_field_reinspects(sw):
    finding = stop_work_journey(sw)
    reply_submit(actor=sw.site_manager_a, finding=finding, text="已整改完毕", photos=[photo()])
    with pytest.raises(FugongError) as exc:
        reply_review(actor=sw.safety_a, finding=finding, accepted=True)
    assert exc.value.code == "not_an_inspector"
    with pytest.raises(FugongError):
        reply_review(actor=sw.quality_a, finding=finding, accepted=False, note="")
    with pytest.raises(FugongError):
        reply_review(
            actor=sw.quality_a,
            finding=finding,
            accepted=False,
            note="不合格不合格",
            new_deadline=datetime.date.today(),
        )
    finding.refresh_from_db()
    assert finding.status == "replied"


def test_overdue_notices_are_flagged_once_and_people_told(sw):
    from fugong.messaging.reminders import run_reminder
    from fugong.supervision.selectors.rectification import findings_for

    finding = stop_work_journey(sw)
    later = finding.notice.deadline + datetime.timedelta(days=1)
    assert notices_flag_overdue(today=finding.notice.deadline) == []
    assert not findings_for(sw.site_manager_a).get(pk=finding.pk).is_overdue
    moment = timezone.make_aware(datetime.datetime.combine(later, datetime.time(9)))
    run_reminder("supervision.rectification_overdue", now=moment)
    run_reminder("supervision.rectification_overdue", now=moment)
    told = InAppMessage.objects.filter(kind="rectification_overdue")
    assert set(told.values_list("recipient", flat=True)) == {sw.site_manager_a.pk, sw.quality_a.pk}
    assert told.count() == 2
    assert SupervisionEvent.objects.filter(kind="notice_overdue").count() == 1


def test_answers_refuse_unknown_items_and_outcomes(sw):
    inspection = start(sw)
    with pytest.raises(FugongError):
        inspection_record_answers(
            actor=sw.quality_a, inspection=inspection, answers={999999: "pass"}
        )
    item = inspection.checklist.items.first()
    with pytest.raises(FugongError):
        inspection_record_answers(
            actor=sw.quality_a, inspection=inspection, answers={item.pk: "maybe"}
        )
    assert not inspection.answers.exists()
