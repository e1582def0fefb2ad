from decimal import Decimal

import pytest

from fugong.common.errors import Forbidden, FugongError, NotFound
from fugong.gates import hooks
from fugong.gates.models import AppendOnlyError, Passage
from fugong.gates.services.passages import passage_record
from fugong.gates.tests.factories import build_gate_world
from fugong.messaging.models import InAppMessage


@pytest.fixture
def gw(db):
    return build_gate_world()


def record(gw, **extra):
    data = {"actor": gw.worker, "checkpoint_id": gw.gate_a.pk, "direction": "in"}
    data.update(extra)
    return passage_record(**data)


def test_volunteer_records_a_resident(gw):
    passage = record(gw, resident_id=gw.zhang.pk, temperature="36.6")
    assert passage.temperature == Decimal("36.6") and not passage.fever
    assert passage.recorded_by == gw.worker and passage.source == "volunteer"


def test_fever_is_marked_and_alerts_the_cadres_on_commit(gw, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        passage = record(gw, resident_id=gw.zhang.pk, temperature="37.3")
    assert passage.fever
    message = InAppMessage.objects.get(recipient=gw.cadre)
    assert "37.3" in message.title and "张三" in message.title
    assert message.link == passage.get_absolute_url()
    # The outsider (another community) hears nothing.
    assert not InAppMessage.objects.filter(recipient=gw.outsider).exists()


def test_threshold_is_configurable(gw, settings, django_capture_on_commit_callbacks):
    settings.GATES_FEVER_THRESHOLD = "37.0"
    with django_capture_on_commit_callbacks(execute=True):
        assert record(gw, resident_id=gw.zhang.pk, temperature="37.1").fever


@pytest.mark.parametrize("reading", ["33.9", "43.1", "99", "abc", "-1"])
def test_impossible_temperatures_are_refused_and_change_nothing(gw, reading):
    with pytest.raises(FugongError) as caught:
        record(gw, resident_id=gw.zhang.pk, temperature=reading)
    assert "temperature" in caught.value.fields
    assert not Passage.objects.exists()


def test_going_in_needs_a_temperature_going_out_does_not(gw):
    with pytest.raises(FugongError) as caught:
        record(gw, resident_id=gw.zhang.pk)
    assert caught.value.code == "required"
    assert record(gw, resident_id=gw.zhang.pk, direction="out").temperature is None


def test_a_resident_of_another_compound_is_refused(gw):
    with pytest.raises(FugongError) as caught:
        record(gw, resident_id=gw.wang.pk, temperature="36.5")
    assert caught.value.code == "wrong_compound"
    assert not Passage.objects.exists()


def test_a_gate_of_another_community_is_not_found(gw):
    with pytest.raises(NotFound):
        record(gw, checkpoint_id=gw.gate_b.pk, resident_id=gw.wang.pk, temperature="36.5")


def test_without_the_permission_forbidden(gw):
    from fugong.common.testing import make_user

    with pytest.raises(Forbidden):
        record(gw, actor=make_user("nobody"), resident_id=gw.zhang.pk, temperature="36.5")


def test_visitor_needs_reason_and_whom_they_visit(gw):
    with pytest.raises(FugongError) as caught:
        record(gw, visitor_name="王师傅", temperature="36.5")
    assert set(caught.value.fields) == {"visit_reason", "visiting"}
    with pytest.raises(FugongError) as caught:
        record(
            gw,
            visitor_name="王师傅",
            visitor_phone="123",
            visit_reason="送水",
            visiting="301",
            temperature="36.5",
        )
    assert "visitor_phone" in caught.value.fields
    passage = record(
        gw,
        visitor_name="王师傅",
        visitor_phone="13800001111",
        visit_reason="送水",
        visiting="1号楼301 张三",
        temperature="36.5",
    )
    assert passage.person_label.startswith("王师傅")
    assert Passage.objects.get().visitor_phone.full == "13800001111"


def test_the_same_form_twice_records_one_passage(gw):
    first = record(gw, resident_id=gw.zhang.pk, temperature="36.5", request_key="k1")
    second = record(gw, resident_id=gw.zhang.pk, temperature="36.5", request_key="k1")
    assert first.pk == second.pk and second.duplicate
    assert Passage.objects.count() == 1


def test_quarantine_hook_alerts_on_the_way_out(gw, django_capture_on_commit_callbacks):
    def under_quarantine(resident_id):
        return "under home quarantine until 2020-03-01" if resident_id == gw.zhang.pk else None

    saved = list(hooks._OUT_ALERTS)
    hooks._OUT_ALERTS[:] = [under_quarantine]
    try:
        with django_capture_on_commit_callbacks(execute=True):
            out = record(gw, resident_id=gw.zhang.pk, direction="out")
            other = record(gw, resident_id=gw.li.pk, direction="out")
            inward = record(gw, resident_id=gw.zhang.pk, temperature="36.5")
    finally:
        hooks._OUT_ALERTS[:] = saved
    assert out.quarantine_alert and not other.quarantine_alert and not inward.quarantine_alert
    message = InAppMessage.objects.get(recipient=gw.cadre)
    assert "quarantine" in message.title or "隔离" in message.title


def test_passages_are_append_only(gw):
    passage = record(gw, resident_id=gw.zhang.pk, temperature="36.5")
    with pytest.raises(AppendOnlyError):
        Passage.objects.all().update(temperature=Decimal("36.0"))
    with pytest.raises(AppendOnlyError):
        Passage.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        passage.save()
    with pytest.raises(AppendOnlyError):
        passage.delete()
