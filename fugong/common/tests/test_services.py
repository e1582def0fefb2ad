"""The generic write path: scope before and after, optimistic locking, evidence, audit."""

import pytest
from django.core.exceptions import ValidationError

from fugong.audit.models import ChangeLog
from fugong.common.errors import Conflict, Forbidden, NotFound
from fugong.common.models import EvidenceDeletionError
from fugong.common.services import archive_object
from fugong.common.testing import build_world, make_user
from fugong.construction.models import Project
from fugong.construction.services.projects import project_create, project_update


@pytest.fixture
def world(db):
    return build_world()


def test_update_records_who_when_and_before_after(world):
    officer = make_user("officer", "district_officer", region=world.district_a)
    project_update(actor=officer, project=world.project_a, data={"address": "东海大道与人民路口"})
    entry = ChangeLog.objects.for_object(world.project_a).first()
    assert entry.action == "update" and entry.actor == officer
    assert entry.changed_fields == ["address", "updated_at", "version"]
    assert entry.before["address"] == "" and entry.after["address"] == "东海大道与人民路口"
    assert entry.region == world.district_a


def test_audit_masks_personal_data(world):
    entry = ChangeLog.objects.for_object(world.project_a).get(action="create")
    assert entry.after["responsible_phone"] == "139****5678"
    assert "13912345678" not in str(entry.after)


def test_a_stale_form_cannot_overwrite_a_newer_edit(world):
    officer = make_user("officer", "district_officer", region=world.district_a)
    read_version = world.project_a.version
    project_update(
        actor=officer,
        project=world.project_a,
        data={"address": "first"},
        expected_version=read_version,
    )
    with pytest.raises(Conflict):
        project_update(
            actor=officer,
            project=world.project_a,
            data={"address": "second"},
            expected_version=read_version,
        )
    assert Project.objects.get(pk=world.project_a.pk).address == "first"


def test_out_of_scope_write_is_not_found_and_changes_nothing(world):
    officer = make_user("officer", "district_officer", region=world.district_a)
    with pytest.raises(NotFound):
        project_update(actor=officer, project=world.project_b, data={"address": "x"})
    assert Project.objects.get(pk=world.project_b.pk).address == ""


def test_scope_is_rechecked_after_the_write_inside_the_transaction(world):
    """Moving a project into a district the actor does not hold is rolled back."""
    officer = make_user("officer", "district_officer", region=world.district_a)
    audit_rows = ChangeLog.objects.count()
    with pytest.raises(NotFound):
        project_update(actor=officer, project=world.project_a, data={"region": world.district_b})
    assert Project.objects.get(pk=world.project_a.pk).region == world.district_a
    assert ChangeLog.objects.count() == audit_rows


def test_creating_outside_the_scope_is_refused(world):
    officer = make_user("officer", "district_officer", region=world.district_a)
    with pytest.raises(NotFound):
        project_create(
            actor=officer,
            name="越界",
            kind="road",
            region=world.district_b,
            builder=world.enterprise_b,
        )
    assert not Project.objects.filter(name="越界").exists()


def test_without_the_permission_the_write_is_forbidden(world):
    cadre = make_user("cadre", "cadre", region=world.community_a)
    with pytest.raises(Forbidden):
        project_create(
            actor=cadre, name="x", kind="road", region=world.district_a, builder=world.enterprise_a
        )


def test_bad_input_changes_nothing(world):
    officer = make_user("officer", "district_officer", region=world.district_a)
    with pytest.raises(ValidationError) as exc:
        project_update(actor=officer, project=world.project_a, data={"responsible_phone": "12345"})
    assert "responsible_phone" in exc.value.message_dict
    assert Project.objects.get(pk=world.project_a.pk).responsible_phone.full == "13912345678"


def test_evidence_is_archived_never_deleted(world):
    admin = make_user("admin", "bureau_admin", region=world.city)
    with pytest.raises(EvidenceDeletionError):
        world.project_a.delete()
    with pytest.raises(EvidenceDeletionError):
        Project.objects.filter(pk=world.project_a.pk).delete()
    archive_object(actor=admin, instance=world.project_a)
    project = Project.objects.get(pk=world.project_a.pk)
    assert project.archived_at and project.archived_by == admin
    assert ChangeLog.objects.for_object(project).filter(action="archive").exists()


def test_the_change_log_is_append_only(world):
    from fugong.audit.models import AppendOnlyError

    entry = ChangeLog.objects.first()
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        ChangeLog.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        ChangeLog.objects.update(message="x")
