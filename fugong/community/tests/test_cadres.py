"""Deployments, the duty check-in and its counters, feedback on cadres."""

import datetime
import io
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.utils import timezone

from fugong.accounts.models import RoleGrant
from fugong.audit.models import ChangeLog
from fugong.common.errors import FugongError
from fugong.common.testing import build_world, login, make_user
from fugong.community.models import Deployment, DutyLog, Feedback
from fugong.community.selectors import cover_today, current_streak, roster, who_is_where
from fugong.community.services import (
    deployment_create,
    deployment_end,
    duty_check_in,
    duty_update,
    feedback_submit,
)
from fugong.community.tests.helpers import deployed_cadre


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def admin(world):
    return make_user("bureau", "bureau_admin", region=world.city)


def _jpeg(size=(40, 30)) -> SimpleUploadedFile:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, "JPEG")
    return SimpleUploadedFile("p.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_deployment_grants_the_community_and_ends_with_it(world, admin):
    cadre = make_user("niu", full_name="牛应君")
    today = timezone.localdate()
    deployment = deployment_create(
        actor=admin,
        cadre=cadre,
        community=world.community_b,
        starts_on=today - datetime.timedelta(days=5),
    )
    grant = RoleGrant.objects.get(user=cadre, region=world.community_b)
    assert deployment.grant == grant and grant.role.code == "cadre"
    assert ChangeLog.objects.for_object(deployment).filter(actor=admin).exists()
    with pytest.raises(FugongError) as overlap:
        deployment_create(actor=admin, cadre=cadre, community=world.community_b, starts_on=today)
    assert overlap.value.code == "overlap"
    deployment_end(actor=admin, deployment=deployment, ends_on=today - datetime.timedelta(days=1))
    grant.refresh_from_db()
    assert grant.revoked_at is not None


def test_deployment_refuses_bad_input(world, admin):
    cadre = make_user("he")
    today = timezone.localdate()
    for kwargs, code in (
        ({"community": world.district_a, "starts_on": today}, "not_a_community"),
        (
            {
                "community": world.community_a,
                "starts_on": today,
                "ends_on": today - datetime.timedelta(days=2),
            },
            "dates",
        ),
    ):
        with pytest.raises(FugongError) as refused:
            deployment_create(actor=admin, cadre=cadre, **kwargs)
        assert refused.value.code == code
    assert not Deployment.objects.exists()


def test_check_in_once_a_day_with_counters_and_photo(world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    cadre = deployed_cadre("niu", world.community_b, full_name="牛应君")
    from fugong.regions.services import region_create

    compound = region_create(
        actor=None, parent=world.community_b, level="compound", code="410811001001001",
        name="郝庄新村", has_property_management=False,
    )  # fmt: skip
    deployment = Deployment.objects.get(cadre=cadre)
    today = timezone.localdate()
    # Nineteen days held at the compound up to yesterday (as the demo records them).
    for n in range(1, 20):
        DutyLog.objects.create(
            cadre=cadre, deployment=deployment, community=world.community_b, compound=compound,
            date=today - datetime.timedelta(days=20 - n), activities=["gate"], streak_days=n,
            compound_streak_days=n,
        )  # fmt: skip
    log = duty_check_in(
        actor=cadre, activities=["gate", "patrol"], compound=compound, notes="搭帐篷", photo=_jpeg()
    )
    assert (log.streak_days, log.compound_streak_days) == (20, 20)
    assert current_streak(cadre) == 20
    assert log.photo.name.endswith(".jpg")
    with pytest.raises(FugongError) as again:
        duty_check_in(actor=cadre, activities=["gate"])
    assert again.value.code == "duplicate"
    assert DutyLog.objects.filter(cadre=cadre, date=today).count() == 1
    duty_update(actor=cadre, log=log, data={"notes": "补记"})
    log.refresh_from_db()
    assert log.notes == "补记" and log.version == 2


def test_check_in_refuses_bad_input(world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    cadre = deployed_cadre("niu", world.community_b)
    for kwargs, code in (
        ({"activities": []}, "activities"),
        ({"activities": ["nap"]}, "activities"),
        ({"activities": ["gate"], "compound": world.community_a}, "compound"),
        (
            {
                "activities": ["gate"],
                "photo": SimpleUploadedFile("x.jpg", b"not an image", content_type="image/jpeg"),
            },
            "photo",
        ),
    ):
        with pytest.raises(FugongError) as refused:
            duty_check_in(actor=cadre, **kwargs)
        assert refused.value.code == code
    outsider = make_user("outsider", "cadre", region=world.community_a)
    with pytest.raises(FugongError) as refused:
        duty_check_in(actor=outsider, activities=["gate"])
    assert refused.value.code == "not_deployed"
    assert not DutyLog.objects.exists()


def test_a_check_in_racing_past_the_first_look_is_refused_by_the_constraint(world, monkeypatch):
    from fugong.community.services import cadres

    cadre = deployed_cadre("niu", world.community_b)
    duty_check_in(actor=cadre, activities=["gate"])
    # As when two taps arrive together: both pass the look-up, the database keeps one.
    monkeypatch.setattr(cadres, "_already_checked_in", lambda cadre, day: False)
    with pytest.raises(FugongError) as refused:
        duty_check_in(actor=cadre, activities=["patrol"])
    assert refused.value.code == "duplicate"
    assert DutyLog.objects.get(cadre=cadre).activities == ["gate"]


@pytest.mark.django_db(transaction=True)
def test_concurrent_double_check_in_leaves_one():
    """Real threads with their own connections: PostgreSQL or SQLite in a file (skipped on
    in-memory SQLite, whose shared cache locks tables instead of waiting)."""
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("threads need a database file or server")
    world = build_world()
    cadre = deployed_cadre("niu", world.community_b)
    outcomes = []
    barrier = threading.Barrier(2)

    def submit():
        try:
            barrier.wait()
            duty_check_in(actor=cadre, activities=["gate"])
            outcomes.append("ok")
        except FugongError as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["duplicate", "ok"]
    assert DutyLog.objects.filter(cadre=cadre).count() == 1


def test_cover_and_roster(world, admin):
    niu = deployed_cadre("niu", world.community_b, full_name="牛应君")
    duty_check_in(actor=niu, activities=["gate"])
    rows = {r.community.pk: r for r in cover_today(admin)}
    assert rows[world.community_b.pk].deployed == 1 and rows[world.community_b.pk].checked_in == 1
    assert rows[world.community_a.pk].deployed == 0  # lacks cover
    assert [d.cadre for d in roster(admin, world.community_b)] == [niu]
    assert [d.checked_in for d in who_is_where(admin)] == [True]
    # A cadre of community b sees nothing of a.
    assert {r.community.pk for r in cover_today(niu)} == {world.community_b.pk}


def test_feedback_once_per_rater_and_day(world):
    niu = deployed_cadre("niu", world.community_b, full_name="牛应君")
    feedback_submit(
        actor=None, cadre=niu, community=world.community_b, rating=5, author_phone="13900000009"
    )
    with pytest.raises(FugongError) as again:
        feedback_submit(
            actor=None,
            cadre=niu,
            community=world.community_b,
            rating=1,
            author_phone="139 0000 0009",
        )
    assert again.value.code == "duplicate"
    for kwargs, code in (
        ({"rating": 6, "author_phone": "13900000008"}, "rating"),
        ({"rating": 5, "author_phone": ""}, "phone_required"),
    ):
        with pytest.raises(FugongError) as refused:
            feedback_submit(actor=None, cadre=niu, community=world.community_b, **kwargs)
        assert refused.value.code == code
    stranger = make_user("stranger")
    with pytest.raises(FugongError) as refused:
        feedback_submit(
            actor=None, cadre=stranger, community=world.community_b, rating=5,
            author_phone="13900000007",
        )  # fmt: skip
    assert refused.value.code == "cadre"
    official = make_user("jiedao", "community_worker", region=world.community_b)
    feedback_submit(
        actor=official, cadre=niu, community=world.community_b, rating=4, comment="认真"
    )
    assert Feedback.objects.filter(cadre=niu).count() == 2


def test_public_feedback_page_and_cadre_record(world):
    from fugong.community.views.feedback import community_token

    niu = deployed_cadre("niu", world.community_b, full_name="牛应君")
    url = f"/c/{community_token(world.community_b)}/rate/"
    client = Client()
    page = client.get(url)
    assert page.status_code == 200 and "牛应君" in page.content.decode()
    response = client.post(
        url, {"cadre": niu.pk, "rating": 5, "comment": "帐篷搭得好", "author_phone": "13900000001"}
    )
    assert response.status_code == 200 and "feedback-done" in response.content.decode()
    again = client.post(url, {"cadre": niu.pk, "rating": 5, "author_phone": "13900000001"})
    assert again.status_code == 400
    bad = client.post(url, {"cadre": niu.pk, "rating": 5, "author_phone": "12345"})
    assert bad.status_code == 400
    assert Feedback.objects.count() == 1
    assert client.get("/c/forged-token/rate/").status_code == 404
    leader = make_user("leader1", "leader", region=world.city)
    html = login(Client(), leader).get(f"/community/cadres/{niu.pk}/").content.decode()
    assert "帐篷搭得好" in html and "13900000001" not in html
