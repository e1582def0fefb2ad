import pytest
from django.core.management import call_command
from django.db import connection

from fugong.audit.models import ChangeLog
from fugong.common.testing import build_world
from fugong.construction.models import Project
from fugong.construction.services.projects import project_create
from fugong.regions.models import Region


def _state():
    return {
        "regions": list(Region.objects.values_list("code", "name", "path").order_by("code")),
        "projects": list(
            Project.objects.values_list("name", "responsible_phone_hash").order_by("name")
        ),
        "audit": ChangeLog.objects.count(),
    }


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_round_trip(tmp_path):
    if connection.vendor == "postgresql":
        import shutil

        if not shutil.which("pg_dump"):
            pytest.skip("PostgreSQL client tools are not installed")
    world = build_world()
    before = _state()
    target = tmp_path / "fugong.backup"
    call_command("backup", str(target))
    assert target.stat().st_size > 0

    # Change things after the backup: a new project, and a renamed region.
    project_create(
        actor=None,
        name="新河商务中心",
        kind="building",
        region=world.district_a,
        builder=world.enterprise_a,
    )
    Region.objects.filter(pk=world.city.pk).update(name="改名")
    assert _state() != before

    call_command("restore", str(target), "--yes")
    connection.close()
    assert _state() == before
    # Encrypted fields still decrypt after the round trip.
    assert Project.objects.get(name="东海大道").responsible_phone.full == "13912345678"


def test_restore_refuses_a_missing_file(tmp_path, db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("restore", str(tmp_path / "nope.backup"), "--yes")
