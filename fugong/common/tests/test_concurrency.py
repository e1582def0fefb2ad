"""Concurrent submissions: no duplicates, no lost updates.

Runs real threads with their own database connections, so it needs a database that
several connections can share: PostgreSQL (CI), or SQLite in a file. The in-memory
SQLite test database is skipped.
"""

import threading

import pytest
from django.db import close_old_connections, connection

from fugong.accounts.models import Role, RoleGrant
from fugong.accounts.services import grant_role
from fugong.common.errors import Conflict, FugongError
from fugong.common.testing import build_world, make_user
from fugong.construction.models import Project
from fugong.construction.services.projects import project_update


def _parallel(*calls):
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, fn):
        try:
            barrier.wait(timeout=10)
            results[i] = fn()
        except Exception as exc:  # noqa: BLE001 - the test inspects what each thread got
            results[i] = exc
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(i, fn)) for i, fn in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return results


@pytest.fixture
def shared_db(transactional_db):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("threads need a database file or server (runs on PostgreSQL in CI)")
    return build_world()


def test_two_edits_from_the_same_version_one_wins_one_conflicts(shared_db):
    world = shared_db
    version = world.project_a.version
    results = _parallel(
        lambda: project_update(
            actor=None, project=world.project_a, data={"address": "A"}, expected_version=version
        ),
        lambda: project_update(
            actor=None, project=world.project_a, data={"address": "B"}, expected_version=version
        ),
    )
    conflicts = [r for r in results if isinstance(r, Conflict)]
    saved = [r for r in results if isinstance(r, Project)]
    assert len(conflicts) == 1 and len(saved) == 1, results
    project = Project.objects.get(pk=world.project_a.pk)
    assert project.address == saved[0].address and project.version == version + 1


def test_a_double_submitted_grant_is_created_once(shared_db):
    world = shared_db
    user = make_user("double")
    role = Role.objects.get(code="cadre")
    results = _parallel(
        lambda: grant_role(actor=None, user=user, role=role, region=world.community_a),
        lambda: grant_role(actor=None, user=user, role=role, region=world.community_a),
    )
    assert sum(isinstance(r, RoleGrant) for r in results) == 1, results
    assert all(isinstance(r, RoleGrant | FugongError) for r in results), results
    assert RoleGrant.objects.filter(user=user, role=role).count() == 1
