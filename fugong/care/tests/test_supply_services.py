"""Supplies ledger and disinfection log: stock never negative, low stock flagged,
movements audited; disinfections of buildings or compounds, coverage flags."""

import datetime

import pytest
from django.utils import timezone

from fugong.audit.models import ChangeLog
from fugong.care.models import Disinfection, SupplyItem, SupplyMovement
from fugong.care.selectors import coverage, low_supplies
from fugong.care.services import supplies as ss
from fugong.care.tests.helpers import build_care_world
from fugong.common.errors import FugongError, NotFound


@pytest.fixture
def cw(db):
    return build_care_world()


def _item(cw, **kw):
    return ss.supply_item_create(
        actor=cw.cadre_a, community=cw.world.community_a, category="mask",
        name=kw.pop("name", "医用口罩"), unit="只", low_threshold=kw.pop("low_threshold", 100),
    )  # fmt: skip


def test_receive_issue_and_the_book(cw):
    item = _item(cw)
    ss.supply_receive(actor=cw.cadre_a, item=item, quantity=500, counterparty="爱心企业")
    ss.supply_issue(actor=cw.cadre_a, item=item, quantity=120, counterparty="门岗")
    item.refresh_from_db()
    assert item.stock == 380 and not item.is_low
    assert [(m.kind, m.quantity, m.stock_after) for m in item.movements.order_by("id")] == [
        ("received", 500, 500), ("issued", 120, 380)
    ]  # fmt: skip
    assert all(ChangeLog.objects.for_object(m).count() == 1 for m in item.movements.all())


def test_stock_never_goes_negative(cw):
    item = _item(cw)
    ss.supply_receive(actor=cw.cadre_a, item=item, quantity=10, counterparty="区指挥部")
    with pytest.raises(FugongError) as exc:
        ss.supply_issue(actor=cw.cadre_a, item=item, quantity=11, counterparty="门岗")
    assert exc.value.code == "insufficient_stock" and "10" in str(exc.value.message)
    item.refresh_from_db()
    assert item.stock == 10 and SupplyMovement.objects.filter(kind="issued").count() == 0


def test_bad_quantities(cw):
    item = _item(cw)
    for bad in [0, -5, "abc", "", 10**9]:
        with pytest.raises(FugongError) as exc:
            ss.supply_receive(actor=cw.cadre_a, item=item, quantity=bad, counterparty="某人")
        assert "quantity" in exc.value.fields


def test_low_stock_is_flagged_per_item(cw):
    item = _item(cw, low_threshold=100)
    ss.supply_receive(actor=cw.cadre_a, item=item, quantity=150, counterparty="市住建局")
    assert list(low_supplies(cw.cadre_a)) == []
    ss.supply_issue(actor=cw.cadre_a, item=item, quantity=60, counterparty="门岗")
    assert list(low_supplies(cw.cadre_a)) == [item]
    assert list(low_supplies(cw.cadre_b)) == []


def test_names_are_unique_per_community_and_scope_is_checked(cw):
    _item(cw)
    with pytest.raises(FugongError) as exc:
        _item(cw)
    assert exc.value.code == "duplicate"
    with pytest.raises(NotFound):
        ss.supply_item_create(
            actor=cw.cadre_b, community=cw.world.community_a, category="mask", name="口罩"
        )
    item = SupplyItem.objects.get()
    with pytest.raises(NotFound):
        ss.supply_issue(actor=cw.cadre_b, item=item, quantity=1, counterparty="x")


def test_disinfection_and_coverage(cw, settings):
    settings.CARE_DISINFECTION_DAYS = 3
    now = timezone.now()
    ss.disinfection_record(
        actor=cw.cadre_a, region=cw.building_a1, areas="楼道、电梯", agent="84消毒液",
        done_at=now - datetime.timedelta(days=1),
    )  # fmt: skip
    cover = coverage(cw.cadre_a)
    assert cover.total == 2 and cover.covered == 1
    assert [r.building for r in cover.flagged] == [cw.building_a2]
    # A whole compound done covers every building of it.
    ss.disinfection_record(
        actor=cw.cadre_a, region=cw.compound_a, areas="全小区", agent="含氯消毒液"
    )
    assert coverage(cw.cadre_a).flagged == []
    # …until the period passes.
    later = now + datetime.timedelta(days=4)
    assert len(coverage(cw.cadre_a, now=later).flagged) == 2
    assert coverage(cw.cadre_b).total == 1 and len(coverage(cw.cadre_b).flagged) == 1
    assert Disinfection.objects.get(region=cw.building_a1).performed_by == "牛应君"


def test_disinfection_refusals(cw):
    with pytest.raises(FugongError) as exc:
        ss.disinfection_record(
            actor=cw.cadre_a, region=cw.world.community_a, areas="", agent="",
            done_at=timezone.now() + datetime.timedelta(hours=2),
        )  # fmt: skip
    assert set(exc.value.fields) == {"region", "areas", "agent", "done_at"}
    with pytest.raises(NotFound):
        ss.disinfection_record(actor=cw.cadre_b, region=cw.building_a1, areas="楼道", agent="84")
    assert not Disinfection.objects.exists()


def test_a_photo_is_reencoded(cw):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, "PNG")
    photo = SimpleUploadedFile("x.png", buffer.getvalue(), content_type="image/png")
    record = ss.disinfection_record(
        actor=cw.cadre_a, region=cw.building_a1, areas="楼道", agent="84", photo=photo
    )
    assert record.photo.name.endswith(".jpg")
    bad = SimpleUploadedFile("x.jpg", b"not an image", content_type="image/jpeg")
    with pytest.raises(FugongError) as exc:
        ss.disinfection_record(
            actor=cw.cadre_a, region=cw.building_a1, areas="楼道", agent="84", photo=bad
        )
    assert "photo" in exc.value.fields
