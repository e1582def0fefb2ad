"""Filing, routing, reading, verifying and revoking commitments; concerns from the public."""

import datetime

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from fugong.audit.models import ChangeLog
from fugong.common.errors import Forbidden, FugongError, NotFound
from fugong.common.testing import make_user
from fugong.construction.models import (
    Commitment,
    CommitmentAnswer,
    CommitmentEvent,
    Concern,
    CreditRecord,
    Project,
    ProjectEvent,
    RoutingRule,
)
from fugong.construction.services.commitments import (
    commitment_mark_read,
    commitment_revoke,
    commitment_verify,
)
from fugong.construction.services.concerns import concern_handle, concern_report
from fugong.construction.services.projects import project_create, project_update
from fugong.construction.tests.commitment_helpers import (
    build_commitment_world,
    file_commitment,
    good_answers,
    pdf_upload,
)


@pytest.fixture
def cw(db):
    return build_commitment_world()


@pytest.fixture
def officer(cw):
    return make_user("officer", "district_officer", region=cw.district_a, member_of=cw.department_a)


def _item(cw, code):
    return cw.template.items.get(code=code)


def _nothing_changed(cw):
    assert not Commitment.objects.exists()
    assert not CommitmentAnswer.objects.exists()
    assert Project.objects.get(pk=cw.project_a.pk).status == "not_started"
    cw.template.refresh_from_db()
    assert cw.template.frozen_at is None


# --- filing -----------------------------------------------------------------------------


def test_filing_puts_the_commitment_in_force_and_resumes_the_project(
    cw, officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        commitment = file_commitment(cw)
    assert commitment.status == "in_force"
    assert commitment.enterprise == cw.enterprise_a
    assert commitment.filed_by == cw.site_manager_a
    # Not a city key project: the district's department, by the default rule.
    assert commitment.authority == cw.department_a
    assert commitment.routed_by.name == "其他项目报属地区住建部门"
    assert commitment.answers.count() == cw.template.items.count()
    assert commitment.responsible_phone.full == "13939100301"

    project = Project.objects.get(pk=cw.project_a.pk)
    assert project.status == "resumed"
    event = ProjectEvent.objects.filter(project=project, kind="commitment_filed").get()
    assert (event.from_status, event.to_status) == ("not_started", "resumed")
    assert [e.kind for e in commitment.events.all()] == ["filed", "routed"]

    cw.template.refresh_from_db()
    assert cw.template.frozen_at is not None
    log = ChangeLog.objects.for_object(commitment).get(action="create")
    assert log.actor == cw.site_manager_a
    assert log.after["answers"]["mask-days"] == "10"
    assert "13939100301" not in str(log.after)  # the phone is masked in the log
    assert ChangeLog.objects.for_object(project).filter(action="update").exists()

    if apps.is_installed("fugong.messaging"):
        from fugong.messaging.models import InAppMessage

        message = InAppMessage.objects.get(recipient=officer)
        assert message.kind == "commitment_filed" and "东海大道" in message.title
        assert message.link == commitment.get_absolute_url()
        assert not InAppMessage.objects.filter(recipient=cw.site_manager_a).exists()


def test_a_city_key_project_commits_to_the_city_department(cw):
    project_update(actor=None, project=cw.project_a, data={"is_city_key": True})
    commitment = file_commitment(cw)
    assert commitment.authority == cw.city_department
    assert commitment.routed_by.priority == 10


def test_a_custom_rule_with_a_higher_priority_wins(cw):
    from fugong.construction.services.checklists import routing_rule_create

    routing_rule_create(
        actor=None,
        priority=5,
        name="桥梁报建设管理科",
        match_kind="bridge",
        target="city_department",
        department=cw.city_department,
    )
    bridge = file_commitment(cw, project=cw.project_b)  # 群英河桥, a bridge
    assert bridge.authority == cw.city_department and bridge.routed_by.name == "桥梁报建设管理科"
    road = file_commitment(cw)  # 东海大道, a road: the rule does not match
    assert road.authority == cw.department_a


def test_an_inactive_rule_is_skipped_and_no_rule_at_all_is_refused(cw):
    RoutingRule.objects.update(is_active=False)
    with pytest.raises(FugongError) as exc:
        file_commitment(cw)
    assert exc.value.code == "no_route"
    _nothing_changed(cw)


def test_a_district_without_a_housing_department_is_refused_clearly(cw):
    from fugong.regions.services import region_create

    district = region_create(
        actor=None, parent=cw.city, level="district", code="410804", name="马村区"
    )
    project = project_create(
        actor=None, name="马村项目", kind="road", region=district, builder=cw.enterprise_a
    )
    with pytest.raises(FugongError) as exc:
        file_commitment(cw, project=project, user=cw.site_manager_a)
    assert exc.value.code == "no_authority" and "马村区" in str(exc.value.message)
    assert not Commitment.objects.exists()


@pytest.mark.parametrize(
    ("code", "value", "expected"),
    [
        ("isolation-room", False, "设置临时隔离观察室"),
        ("isolation-room", "no", "设置临时隔离观察室"),
        ("closed-site", None, "施工现场实行封闭管理"),
        ("mask-days", "6", "at least 7"),
        ("mask-days", "-1", "negative"),
        ("mask-days", "abc", "number"),
        ("dormitory", "7", "at most 6"),
        ("disinfection-plan", "  ", "每日消杀计划"),
        ("emergency-plan", None, "疫情应急预案"),
    ],
)
def test_a_failing_answer_is_refused_naming_the_item(cw, code, value, expected):
    item = _item(cw, code)
    answers = good_answers(cw.template, **{code: value})
    with translation.override("en"), pytest.raises(FugongError) as exc:
        file_commitment(cw, answers=answers)
    assert set(exc.value.fields) == {f"item_{item.pk}"}
    message = str(exc.value.fields[f"item_{item.pk}"])
    assert item.text in message and expected in message
    _nothing_changed(cw)


def test_every_failing_item_is_reported_at_once(cw):
    answers = good_answers(cw.template, **{"closed-site": False, "dormitory": "10"})
    with pytest.raises(FugongError) as exc:
        file_commitment(cw, answers=answers, signed_name="", statement_accepted=False)
    keys = set(exc.value.fields)
    assert {f"item_{_item(cw, 'closed-site').pk}", f"item_{_item(cw, 'dormitory').pk}"} <= keys
    assert {"signed_name", "statement_accepted"} <= keys
    _nothing_changed(cw)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("signed_name", ""),
        ("responsible_person", " "),
        ("responsible_phone", "12345"),
        ("statement_accepted", False),
        ("signed_on", timezone.localdate() + datetime.timedelta(days=1)),
        ("signed_on", None),
    ],
)
def test_a_missing_or_bad_signature_is_refused(cw, field, value):
    with pytest.raises(FugongError) as exc:
        file_commitment(cw, **{field: value})
    assert list(exc.value.fields) == [field]
    _nothing_changed(cw)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("预案.exe", b"MZ\x90\x00"),
        ("预案.pdf", b"MZ\x90\x00 not a pdf"),
        ("预案.png", b"%PDF-1.4 a pdf called png"),
    ],
)
def test_an_attachment_that_is_not_a_pdf_jpg_or_png_is_refused(cw, name, content):
    item = _item(cw, "emergency-plan")
    upload = SimpleUploadedFile(name, content)
    with pytest.raises(FugongError) as exc:
        file_commitment(cw, answers=good_answers(cw.template, **{"emergency-plan": upload}))
    assert f"item_{item.pk}" in exc.value.fields
    _nothing_changed(cw)


def test_an_attachment_over_10_mb_is_refused(cw):
    upload = pdf_upload()
    upload.size = 10 * 1024 * 1024 + 1
    with translation.override("en"), pytest.raises(FugongError) as exc:
        file_commitment(cw, answers=good_answers(cw.template, **{"emergency-plan": upload}))
    assert "10 MB" in str(next(iter(exc.value.fields.values())))
    with pytest.raises(FugongError) as exc:
        file_commitment(cw, scan=upload)
    assert list(exc.value.fields) == ["scan"]
    _nothing_changed(cw)


def test_answers_for_items_of_another_checklist_are_refused(cw):
    answers = {**good_answers(cw.template), 999999: True}
    with pytest.raises(FugongError) as exc:
        file_commitment(cw, answers=answers)
    assert "answers" in exc.value.fields


def test_another_enterprises_project_does_not_exist_for_the_filer(cw):
    with pytest.raises(NotFound):
        file_commitment(cw, project=cw.project_b, user=cw.site_manager_a)
    assert not Commitment.objects.exists()


def test_an_authority_cannot_commit_for_a_site(cw, officer):
    with pytest.raises(Forbidden):
        file_commitment(cw, user=officer)


def test_the_committing_enterprise_must_be_a_party_the_filer_belongs_to(cw):
    from fugong.construction.services.commitments import commitment_file
    from fugong.construction.tests.commitment_helpers import signature

    def file(enterprise):
        return commitment_file(
            actor=cw.site_manager_a,
            project=cw.project_a,
            template=cw.template,
            enterprise=enterprise,
            answers=good_answers(cw.template),
            **signature(),
        )

    with pytest.raises(FugongError) as exc:
        file(cw.enterprise_b)  # not a party of 东海大道
    assert exc.value.code == "not_a_party"
    assert file(cw.enterprise_a).enterprise == cw.enterprise_a


def test_a_completed_project_takes_no_commitment(cw):
    from fugong.construction.services.projects import project_set_status

    first = file_commitment(cw)
    project_set_status(actor=None, project=first.project, to_status="completed")
    with pytest.raises(FugongError) as exc:
        file_commitment(cw)
    assert exc.value.code == "project_closed"


def test_a_checklist_no_longer_offered_is_refused(cw):
    from fugong.construction.services.checklists import checklist_activate, checklist_new_version

    old = cw.template
    checklist_activate(actor=None, template=checklist_new_version(actor=None, template=old))
    with pytest.raises(FugongError) as exc:
        file_commitment(cw)  # with the old version
    assert exc.value.code == "stale_template"
    assert not Commitment.objects.exists()


def test_a_new_commitment_supersedes_the_one_in_force(cw):
    first = file_commitment(cw)
    second = file_commitment(cw, responsible_person="李四")
    first.refresh_from_db()
    assert first.status == "superseded" and second.status == "in_force"
    assert first.events.filter(kind="superseded").exists()
    assert Commitment.objects.filter(status="in_force").count() == 1
    # Already resumed: a timeline entry, no status change.
    events = ProjectEvent.objects.filter(project=cw.project_a, kind="commitment_filed")
    assert [(e.from_status, e.to_status) for e in events] == [("", ""), ("not_started", "resumed")]


def test_a_filing_built_on_what_is_no_longer_in_force_is_a_duplicate(cw):
    first = file_commitment(cw, supersedes=None)
    with pytest.raises(FugongError) as exc:
        file_commitment(cw, supersedes=None)  # the same form, submitted twice
    assert exc.value.code == "duplicate"
    assert file_commitment(cw, supersedes=first.pk).status == "in_force"


# --- the authority ----------------------------------------------------------------------


def test_opening_marks_read_once_for_the_authority_only(cw, officer):
    commitment = file_commitment(cw)
    commitment_mark_read(actor=cw.site_manager_a, commitment=commitment)
    commitment.refresh_from_db()
    assert commitment.read_at is None
    commitment_mark_read(actor=officer, commitment=commitment)
    commitment_mark_read(actor=officer, commitment=commitment)
    commitment.refresh_from_db()
    assert commitment.read_at is not None
    assert commitment.events.filter(kind="read").count() == 1


def test_verify_moves_in_force_to_verified_once(cw, officer):
    commitment = file_commitment(cw)
    verified = commitment_verify(actor=officer, commitment=commitment, note="现场一致")
    assert verified.status == "verified" and verified.verified_by == officer
    assert verified.events.filter(kind="verified", message="现场一致").exists()
    assert ProjectEvent.objects.filter(project=cw.project_a, kind="commitment_verified").exists()
    assert ChangeLog.objects.for_object(verified).filter(actor=officer).exists()
    with pytest.raises(FugongError) as exc:
        commitment_verify(actor=officer, commitment=commitment)
    assert exc.value.code == "invalid_transition"


def test_only_an_authority_in_scope_verifies(cw):
    commitment = file_commitment(cw)
    with pytest.raises(Forbidden):
        commitment_verify(actor=cw.site_manager_a, commitment=commitment)
    other = make_user("other-officer", "district_officer", region=cw.district_b)
    with pytest.raises(NotFound):
        commitment_verify(actor=other, commitment=commitment)
    commitment.refresh_from_db()
    assert commitment.status == "in_force"


def test_revoke_needs_a_reason_and_changes_nothing_without_one(cw, officer):
    commitment = file_commitment(cw)
    with pytest.raises(FugongError) as exc:
        commitment_revoke(actor=officer, commitment=commitment, reason=" 假 ")
    assert exc.value.code == "reason_required" and "reason" in exc.value.fields
    commitment.refresh_from_db()
    assert commitment.status == "in_force" and not CreditRecord.objects.exists()


def test_revoke_suspends_the_project_and_keeps_a_credit_record(
    cw, officer, django_capture_on_commit_callbacks
):
    commitment = file_commitment(cw)
    commitment_verify(actor=officer, commitment=commitment)
    reason = "宿舍每间住10人，与承诺不符"
    with django_capture_on_commit_callbacks(execute=True):
        revoked = commitment_revoke(actor=officer, commitment=commitment, reason=reason)
    assert revoked.status == "revoked" and revoked.revoked_by == officer
    assert revoked.revoke_reason == reason
    credit = CreditRecord.objects.get()
    assert credit.enterprise == cw.enterprise_a and credit.commitment == revoked
    assert ChangeLog.objects.for_object(credit).get().action == "create"
    assert revoked.events.filter(kind="revoked", message=reason).exists()
    project = Project.objects.get(pk=cw.project_a.pk)
    assert project.status == "suspended"
    event = ProjectEvent.objects.get(project=project, kind="commitment_revoked")
    assert (event.from_status, event.to_status) == ("resumed", "suspended")
    assert reason in event.message
    for wrong in (commitment_verify, commitment_revoke):
        with pytest.raises(FugongError) as exc:
            wrong(
                actor=officer,
                commitment=revoked,
                **({"reason": reason} if wrong is commitment_revoke else {}),
            )
        assert exc.value.code == "invalid_transition"
    if apps.is_installed("fugong.messaging"):
        from fugong.messaging.models import InAppMessage

        assert InAppMessage.objects.filter(
            recipient=cw.site_manager_a, kind="commitment_revoked"
        ).exists()


def test_a_truthful_commitment_after_a_revocation_resumes_the_project(cw, officer):
    commitment = file_commitment(cw)
    commitment_revoke(actor=officer, commitment=commitment, reason="虚假承诺：未设隔离室")
    file_commitment(cw)
    assert Project.objects.get(pk=cw.project_a.pk).status == "resumed"


# --- concerns ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "contact", "field"),
    [("没人", None, "text"), ("x" * 1001, None, "text"), ("工地大门无人值守", "123", "contact")],
)
def test_a_bad_concern_is_refused_and_stores_nothing(cw, text, contact, field):
    with pytest.raises(FugongError) as exc:
        concern_report(project=cw.project_a, text=text, contact=contact)
    assert field in exc.value.fields
    assert not Concern.objects.exists()
    assert not ProjectEvent.objects.filter(kind="concern_reported").exists()


def test_a_concern_reaches_the_authority_and_is_handled_once(
    cw, officer, django_capture_on_commit_callbacks
):
    file_commitment(cw)
    with django_capture_on_commit_callbacks(execute=True):
        concern = concern_report(
            project=cw.project_a, text="工地大门晚上无人值守", contact="139 1234 0000"
        )
    assert concern.status == "new" and concern.contact.full == "13912340000"
    assert ProjectEvent.objects.filter(project=cw.project_a, kind="concern_reported").exists()
    if apps.is_installed("fugong.messaging"):
        from fugong.messaging.models import InAppMessage

        assert InAppMessage.objects.filter(recipient=officer, kind="concern_reported").exists()
    with pytest.raises(FugongError):
        concern_handle(actor=officer, concern=concern, response="")
    handled = concern_handle(actor=officer, concern=concern, response="已督促整改，增派值守人员")
    assert handled.status == "handled" and handled.handled_by == officer
    with pytest.raises(FugongError) as exc:
        concern_handle(actor=officer, concern=concern, response="再次处理")
    assert exc.value.code == "invalid_transition"
    with pytest.raises(Forbidden):
        concern_handle(actor=cw.site_manager_a, concern=concern, response="企业自己处理")


def test_commitment_events_are_scoped_like_their_commitment(cw):
    file_commitment(cw)
    assert CommitmentEvent.objects.visible_to(cw.site_manager_a).count() == 2
    assert CommitmentEvent.objects.visible_to(cw.site_manager_b).count() == 0
