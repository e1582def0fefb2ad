"""The hook points other apps register into (construction imports none of them): a resume
guard refuses filing a commitment and resuming the project; sign notices show on the
public site sign while they hold."""

import pytest
from django.test import Client

from fugong.common.errors import FugongError
from fugong.common.testing import make_user
from fugong.construction import hooks
from fugong.construction.models import Commitment, Project
from fugong.construction.selectors.commitments import site_sign_token
from fugong.construction.services.commitments import commitment_revoke
from fugong.construction.services.projects import project_set_status
from fugong.construction.tests.commitment_helpers import build_commitment_world, file_commitment

HELD: set[int] = set()


def _guard(project):
    return "停工整改通知 TG-1 仍有效" if project.pk in HELD else None


def _notices(project):
    if project.pk not in HELD:
        return []
    return [hooks.SignNotice(title="停工整改通知", number="TG-1", text="复查合格后方可复工")]


@pytest.fixture
def cw(db):
    hooks.register_resume_guard(_guard)
    hooks.register_sign_notices(_notices)
    HELD.clear()
    yield build_commitment_world()
    HELD.clear()
    hooks._RESUME_GUARDS.remove(_guard)
    hooks._SIGN_NOTICE_PROVIDERS.remove(_notices)


def _suspend(cw):
    commitment = file_commitment(cw)
    officer = make_user("officer", "district_officer", region=cw.district_a)
    commitment_revoke(actor=officer, commitment=commitment, reason="虚假承诺：未设隔离室")


def test_a_hold_refuses_a_commitment_and_changes_nothing(cw):
    _suspend(cw)
    HELD.add(cw.project_a.pk)
    before = Commitment.objects.count()
    with pytest.raises(FugongError) as exc:
        file_commitment(cw)
    assert exc.value.code == "work_stopped" and "TG-1" in str(exc.value.message)
    assert Commitment.objects.count() == before
    assert Project.objects.get(pk=cw.project_a.pk).status == "suspended"


def test_a_hold_refuses_resuming(cw):
    _suspend(cw)
    HELD.add(cw.project_a.pk)
    with pytest.raises(FugongError) as exc:
        project_set_status(actor=None, project=cw.project_a, to_status="resumed")
    assert exc.value.code == "work_stopped"
    HELD.clear()
    project_set_status(actor=None, project=cw.project_a, to_status="resumed")
    assert Project.objects.get(pk=cw.project_a.pk).status == "resumed"


def test_without_a_hold_a_commitment_resumes_a_suspended_site(cw):
    _suspend(cw)
    file_commitment(cw)
    assert Project.objects.get(pk=cw.project_a.pk).status == "resumed"


def test_the_site_sign_shows_the_notice_while_it_holds(cw):
    url = f"/public/sites/{site_sign_token(cw.project_a)}/"
    HELD.add(cw.project_a.pk)
    html = Client().get(url).content.decode()
    assert 'data-sign-notice="TG-1"' in html and "复查合格后方可复工" in html
    HELD.clear()
    assert "data-sign-notice" not in Client().get(url).content.decode()
