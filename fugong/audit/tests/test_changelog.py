"""The change log row itself: what `record_change` writes, append-only, and what it
refers to cannot be deleted (its references have no database constraints: the ORM's
PROTECT keeps them)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db.models import ProtectedError

from fugong.audit.choices import ChangeAction
from fugong.audit.models import AppendOnlyError, ChangeLog
from fugong.audit.services import record_change
from fugong.common.testing import build_world, make_user
from fugong.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def test_a_change_records_who_what_and_where_the_object_sat():
    world = build_world()
    actor = make_user("auditor-of-record")
    organisation = Organisation.objects.create(
        kind="bureau", name="临时机构", region=world.district_a
    )
    entry = record_change(
        actor=actor,
        instance=organisation,
        action=ChangeAction.CREATE,
        message="demo",
    )
    stored = ChangeLog.objects.get(pk=entry.pk)
    assert stored.actor == actor and stored.actor_name == actor.get_username()
    assert stored.object_id == str(organisation.pk) and stored.object_repr == str(organisation)
    assert stored.after["name"] == "临时机构" and stored.before is None
    assert "name" in stored.changed_fields and stored.message == "demo"
    assert stored.region == world.district_a and stored.organisation == organisation
    assert stored.time is not None


def test_the_log_is_append_only():
    world = build_world()
    entry = record_change(actor=None, instance=world.project_a, action=ChangeAction.UPDATE)
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        ChangeLog.objects.filter(pk=entry.pk).update(message="changed")
    with pytest.raises(AppendOnlyError):
        ChangeLog.objects.filter(pk=entry.pk).delete()


def test_what_a_log_row_refers_to_cannot_be_deleted():
    world = build_world()
    actor = make_user("referenced-actor")
    organisation = Organisation.objects.create(
        kind="bureau", name="被引用的机构", region=world.district_b
    )
    record_change(actor=actor, instance=organisation, action=ChangeAction.CREATE)
    with pytest.raises(ProtectedError):
        actor.delete()
    with pytest.raises(ProtectedError):
        ContentType.objects.get_for_model(Organisation).delete()
    assert ChangeLog.objects.for_object(organisation).count() == 1
