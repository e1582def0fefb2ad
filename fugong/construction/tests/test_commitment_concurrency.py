"""Two filings for the same project at the same moment leave exactly one commitment in
force. Needs a database that several connections share: PostgreSQL (CI), or SQLite in a
file; skipped on the in-memory SQLite test database."""

import pytest
from django.db import connection

from fugong.common.errors import FugongError
from fugong.common.tests.test_concurrency import _parallel
from fugong.construction.models import Commitment, Project
from fugong.construction.selectors.commitments import IN_FORCE
from fugong.construction.tests.commitment_helpers import build_commitment_world, file_commitment


@pytest.fixture
def shared_cw(transactional_db):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("threads need a database file or server (runs on PostgreSQL in CI)")
    return build_commitment_world()


def _outcome(results):
    filed = [r for r in results if isinstance(r, Commitment)]
    refused = [r for r in results if isinstance(r, FugongError)]
    assert len(filed) + len(refused) == len(results), results
    assert all(r.code == "duplicate" for r in refused), results
    return filed, refused


def test_a_double_submitted_form_files_once(shared_cw):
    cw = shared_cw
    results = _parallel(
        lambda: file_commitment(cw, supersedes=None),
        lambda: file_commitment(cw, supersedes=None),
    )
    filed, refused = _outcome(results)
    assert len(filed) == 1 and len(refused) == 1
    assert Commitment.objects.count() == 1
    assert Project.objects.get(pk=cw.project_a.pk).status == "resumed"


def test_two_simultaneous_filings_leave_one_in_force(shared_cw):
    cw = shared_cw
    file_commitment(cw)
    results = _parallel(lambda: file_commitment(cw), lambda: file_commitment(cw))
    filed, _refused = _outcome(results)
    assert len(filed) >= 1
    assert Commitment.objects.filter(project=cw.project_a, status__in=IN_FORCE).count() == 1
