"""Services of the project registry: responsible persons, output-value targets, the
output summary, and the status transitions."""

import datetime
from decimal import Decimal

import pytest

from fugong.audit.models import ChangeLog
from fugong.common.errors import FugongError, NotFound
from fugong.common.testing import build_world, make_user
from fugong.construction.choices import ContactRole, ProjectEventKind, ProjectStatus
from fugong.construction.models import DailyReport, ProjectContact, ProjectEvent, ProjectTarget
from fugong.construction.selectors.projects import project_output_summary
from fugong.construction.services.projects import (
    project_complete,
    project_contact_archive,
    project_contact_save,
    project_set_status,
    project_target_add,
    project_target_archive,
)


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def officer(world):
    return make_user("officer", "district_officer", region=world.district_a)


# --- responsible persons ---------------------------------------------------------------------


def test_a_contact_is_saved_audited_and_one_per_role(world, officer):
    contact = project_contact_save(
        actor=officer,
        project=world.project_a,
        role=ContactRole.PROJECT_MANAGER,
        name=" 吴闯 ",
        phone="139 3910 0301",
    )
    assert contact.name == "吴闯" and contact.phone.full == "13939100301"
    assert ChangeLog.objects.for_object(contact).get().actor == officer
    with pytest.raises(FugongError) as refused:
        project_contact_save(
            actor=officer, project=world.project_a, role=ContactRole.PROJECT_MANAGER, name="另一人"
        )
    assert refused.value.code == "duplicate_role" and "role" in refused.value.fields
    # Another role is fine; so is the same role on another project.
    project_contact_save(
        actor=officer, project=world.project_a, role=ContactRole.EPIDEMIC_OFFICER, name="冯国强"
    )
    assert ProjectContact.objects.filter(project=world.project_a).count() == 2


def test_editing_a_contact_keeps_one_per_role(world, officer):
    manager = project_contact_save(
        actor=officer, project=world.project_a, role=ContactRole.PROJECT_MANAGER, name="吴闯"
    )
    officer_contact = project_contact_save(
        actor=officer, project=world.project_a, role=ContactRole.EPIDEMIC_OFFICER, name="冯国强"
    )
    changed = project_contact_save(
        actor=officer,
        project=world.project_a,
        role=ContactRole.PROJECT_MANAGER,
        name="吴闯",
        phone="13939100301",
        contact=manager,
        expected_version=manager.version,
    )
    assert changed.phone.full == "13939100301" and changed.version == manager.version + 1
    with pytest.raises(FugongError) as refused:
        project_contact_save(
            actor=officer,
            project=world.project_a,
            role=ContactRole.PROJECT_MANAGER,
            name="冯国强",
            contact=officer_contact,
        )
    assert refused.value.code == "duplicate_role"


def test_an_archived_contact_frees_its_role(world):
    admin = make_user("admin", "bureau_admin", region=world.city)
    manager = project_contact_save(
        actor=admin, project=world.project_a, role=ContactRole.PROJECT_MANAGER, name="吴闯"
    )
    project_contact_archive(actor=admin, contact=manager)
    manager.refresh_from_db()
    assert manager.archived_at is not None and manager.archived_by == admin
    assert ChangeLog.objects.for_object(manager).filter(action="archive").exists()
    project_contact_save(
        actor=admin, project=world.project_a, role=ContactRole.PROJECT_MANAGER, name="新经理"
    )


def test_another_districts_project_does_not_exist_for_contacts_and_targets(world, officer):
    with pytest.raises(NotFound):
        project_contact_save(
            actor=officer, project=world.project_b, role=ContactRole.PROJECT_MANAGER, name="某人"
        )
    with pytest.raises(NotFound):
        project_target_add(
            actor=officer,
            project=world.project_b,
            due_date=datetime.date(2020, 3, 31),
            value=Decimal("10"),
        )
    assert not ProjectContact.objects.exists() and not ProjectTarget.objects.exists()


def test_an_enterprise_user_names_contacts_of_their_project_but_cannot_archive(world):
    from fugong.common.errors import Forbidden

    user = make_user("ent", "enterprise_user", organisation=world.enterprise_a)
    contact = project_contact_save(
        actor=user, project=world.project_a, role=ContactRole.SAFETY_OFFICER, name="安全员甲"
    )
    with pytest.raises(Forbidden):
        project_contact_archive(actor=user, contact=contact)
    with pytest.raises(NotFound):
        project_contact_save(
            actor=user, project=world.project_b, role=ContactRole.SAFETY_OFFICER, name="乙"
        )


def test_a_bad_phone_is_refused(world, officer):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        project_contact_save(
            actor=officer,
            project=world.project_a,
            role=ContactRole.PROJECT_MANAGER,
            name="吴闯",
            phone="12345",
        )
    assert "phone" in refused.value.message_dict
    assert not ProjectContact.objects.exists()


# --- targets ---------------------------------------------------------------------------------


def test_targets_one_per_date_positive_and_withdrawn_by_archiving(world, officer):
    due = datetime.date(2020, 3, 31)
    target = project_target_add(
        actor=officer, project=world.project_a, due_date=due, value=Decimal("2000")
    )
    assert ChangeLog.objects.for_object(target).get().actor == officer
    with pytest.raises(FugongError) as duplicate:
        project_target_add(actor=officer, project=world.project_a, due_date=due, value=Decimal("1"))
    assert duplicate.value.code == "duplicate_target"
    with pytest.raises(FugongError) as zero:
        project_target_add(
            actor=officer,
            project=world.project_a,
            due_date=datetime.date(2020, 4, 30),
            value=Decimal("0"),
        )
    assert zero.value.code == "invalid_value"
    project_target_archive(actor=officer, target=target)
    target.refresh_from_db()
    assert target.archived_at is not None
    project_target_add(actor=officer, project=world.project_a, due_date=due, value=Decimal("2500"))


# --- output summary --------------------------------------------------------------------------


def _report(project, day, value, user):
    return DailyReport.objects.create(
        project=project, date=day, output_value=Decimal(value), submitted_by=user
    )


def test_the_output_summary_of_the_seed(world, officer):
    """东海大道: about 500 万元 from 25 February; 2,000 万元 expected by 31 March."""
    start = datetime.date(2020, 2, 25)
    for offset in range(10):
        _report(world.project_a, start + datetime.timedelta(days=offset), "50.00", officer)
    _report(world.project_b, start, "999.00", officer)  # another project's output
    project_target_add(
        actor=None,
        project=world.project_a,
        due_date=datetime.date(2020, 3, 31),
        value=Decimal("2000"),
    )
    summary = project_output_summary(world.project_a, as_of=datetime.date(2020, 3, 6))
    assert summary["cumulative"] == Decimal("500.00")
    assert summary["last_report_date"] == datetime.date(2020, 3, 5)
    (target,) = summary["targets"]
    assert target["due_date"] == datetime.date(2020, 3, 31)
    assert target["value"] == Decimal("2000.00")
    assert target["share"] == Decimal("0.2500") and target["percent"] == 25
    assert target["reached"] is False and target["overdue"] is False
    assert target["remaining"] == Decimal("1500.00")


def test_a_missed_target_stays_missed_and_archived_reports_do_not_count(world, officer):
    project = world.project_a
    _report(project, datetime.date(2020, 3, 1), "100", officer)
    _report(project, datetime.date(2020, 3, 20), "200", officer)
    late = _report(project, datetime.date(2020, 4, 10), "5000", officer)
    project_target_add(
        actor=None, project=project, due_date=datetime.date(2020, 3, 15), value=Decimal("150")
    )
    project_target_add(
        actor=None, project=project, due_date=datetime.date(2020, 4, 30), value=Decimal("300")
    )
    summary = project_output_summary(project, as_of=datetime.date(2020, 4, 20))
    assert summary["cumulative"] == Decimal("5300")
    march, april = summary["targets"]
    # By 15 March only 100 of 150 were done: missed, although the total passed it later.
    assert march["achieved"] == Decimal("100") and not march["reached"] and march["overdue"]
    assert march["percent"] == 66
    # The April target is ahead: everything so far counts, and more than 100 % is capped.
    assert april["reached"] and april["share"] == Decimal("17.6667") and april["percent"] == 100
    # Future reports do not count yet; archived reports never.
    assert project_output_summary(project, as_of=datetime.date(2020, 3, 31))["cumulative"] == 300
    late.archived_at = late.created_at
    late.save(update_fields=["archived_at"])
    assert project_output_summary(project, as_of=datetime.date(2020, 4, 20))["cumulative"] == 300


def test_no_reports_no_targets(world):
    summary = project_output_summary(world.project_b)
    assert summary["cumulative"] == 0 and summary["last_report_date"] is None
    assert summary["targets"] == []


# --- status transitions ------------------------------------------------------------------------


def test_only_a_resumed_project_can_be_completed(world, officer):
    project = world.project_a
    with pytest.raises(FugongError) as refused:
        project_complete(actor=officer, project=project)
    assert refused.value.code == "invalid_transition"
    project_set_status(actor=None, project=project, to_status=ProjectStatus.RESUMED)
    project_set_status(actor=None, project=project, to_status=ProjectStatus.SUSPENDED)
    with pytest.raises(FugongError):
        project_complete(actor=officer, project=project)  # suspended: rectify and resume first
    project_set_status(actor=None, project=project, to_status=ProjectStatus.RESUMED)
    done = project_complete(actor=officer, project=project, message="竣工验收")
    assert done.status == ProjectStatus.COMPLETED
    event = ProjectEvent.objects.filter(project=project).first()
    assert (event.kind, event.from_status, event.to_status, event.actor, event.message) == (
        ProjectEventKind.STATUS_CHANGED,
        ProjectStatus.RESUMED,
        ProjectStatus.COMPLETED,
        officer,
        "竣工验收",
    )
    for status in ProjectStatus:
        with pytest.raises(FugongError):
            project_set_status(actor=None, project=project, to_status=status)


def test_completing_needs_change_permission_and_scope(world):
    from fugong.common.errors import Forbidden

    project_set_status(actor=None, project=world.project_b, to_status=ProjectStatus.RESUMED)
    officer = make_user("officer", "district_officer", region=world.district_a)
    with pytest.raises(NotFound):
        project_complete(actor=officer, project=world.project_b)
    enterprise = make_user("ent", "enterprise_user", organisation=world.enterprise_b)
    with pytest.raises(Forbidden):
        project_complete(actor=enterprise, project=world.project_b)
    world.project_b.refresh_from_db()
    assert world.project_b.status == ProjectStatus.RESUMED
