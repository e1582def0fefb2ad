"""The API of notices, receipts and the outbox, and the OpenAPI schema."""

from fugong.common.testing import api_client
from fugong.messaging.choices import OutboxStatus
from fugong.messaging.delivery import deliver_all
from fugong.messaging.models import Notice, OutboxMessage
from fugong.messaging.services.channels import channel_create
from fugong.messaging.services.outbox import outbox_enqueue
from fugong.messaging.tests.fakerobot import FakeRobot


def test_issue_publish_and_read_receipts_over_the_api(people):
    p = people
    client = api_client(p.district_a)
    body = {
        "kind": "urgent",
        "title": "紧急通知",
        "body": "<p>立即落实</p>",
        "region": p.world.district_a.pk,
        "audience_roles": ["cadre"],
    }
    created = client.post("/api/v1/notices/", body, format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert created.json()["requires_ack"] is True
    published = client.post(f"/api/v1/notices/{pk}/publish/", {}, format="json")
    assert published.status_code == 200 and published.json()["status"] == "published"
    receipts = client.get(f"/api/v1/notices/{pk}/receipts/").json()
    assert [r["username"] for r in receipts["results"]] == ["cadre-a"]
    withdrawn = client.post(f"/api/v1/notices/{pk}/withdraw/", {"reason": "重复"}, format="json")
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"


def test_bad_input_over_the_api_changes_nothing(people):
    p = people
    client = api_client(p.district_a)
    base = {"kind": "plan", "title": "方案", "body": "<p>x</p>", "region": p.world.district_a.pk}
    script = client.post("/api/v1/notices/", {**base, "body": "<script>x</script>"}, format="json")
    assert script.status_code == 400 and "body" in script.json()["error"]["fields"]
    outside = client.post(
        "/api/v1/notices/", {**base, "audience_regions": [p.world.district_b.pk]}, format="json"
    )
    assert outside.status_code == 400
    assert "audience_regions" in outside.json()["error"]["fields"]
    assert not Notice.objects.exists()


def test_admins_resend_dead_letters_over_the_api(people):
    p = people
    with FakeRobot() as robot:
        channel = channel_create(
            actor=None,
            name="群",
            kind="wecom",
            address=robot.wecom_url("bad-key"),
            region=p.world.community_a,
        )
        outbox_enqueue(channel=channel, text="x", key="k")
        deliver_all()
        message = OutboxMessage.objects.get()
        assert message.status == OutboxStatus.DEAD
        dead = api_client(p.admin).get("/api/v1/outbox/", {"status": "dead"}).json()
        assert [m["key"] for m in dead["results"]] == ["k"]
        assert dead["results"][0]["attempts_log"][0]["response"]
        # A district officer sees the outbox but may not resend.
        refused = api_client(p.district_a).post(f"/api/v1/outbox/{message.pk}/resend/")
        assert refused.status_code == 403
        answer = api_client(p.admin).post(f"/api/v1/outbox/{message.pk}/resend/")
        assert answer.status_code == 200 and answer.json()["status"] == "pending"
        again = api_client(p.admin).post(f"/api/v1/outbox/{message.pk}/resend/")
        assert again.status_code == 400 and again.json()["error"]["code"] == "not_resendable"


def test_the_schema_documents_notices_receipts_and_outbox(people):
    schema = api_client(people.admin).get("/api/schema/", {"format": "json"}).json()
    for path in (
        "/api/v1/notices/",
        "/api/v1/notices/{id}/publish/",
        "/api/v1/notices/{id}/receipts/",
        "/api/v1/my-notices/{id}/acknowledge/",
        "/api/v1/outbox/{id}/resend/",
    ):
        assert path in schema["paths"], path
