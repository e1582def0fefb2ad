"""The draw's life through its services: frozen inputs, recusal, refusal when it cannot be
staffed, publication of the seed hash, the draw, the inspections, audit and scope."""

import datetime

import pytest
from django.utils import timezone

from fugong.audit.models import ChangeLog
from fugong.common.errors import Forbidden, FugongError, NotFound
from fugong.common.testing import make_user
from fugong.draws import engine, risk
from fugong.draws.models import Draw, DrawEvent
from fugong.draws.selectors import draws_for, published_document
from fugong.draws.services import draw_assign, draw_cancel, draw_publish, draw_run
from fugong.draws.tests.helpers import build_draw_world, full_draw, prepare
from fugong.supervision.selectors.registry import recusal_reason

pytestmark = pytest.mark.django_db


def _eligible(draw, project):
    return next(t["inspectors"] for t in draw.inputs["targets"] if t["project"] == project.pk)


def test_prepare_freezes_the_inputs_with_their_hash():
    sw = build_draw_world()
    draw = prepare(sw)
    assert draw.status == "prepared" and draw.number.startswith("CJ")
    assert draw.inputs["format"] == engine.FORMAT
    assert draw.inputs_hash == engine.inputs_hash(draw.inputs)
    projects = {t["project"] for t in draw.inputs["targets"]}
    assert projects == {p.pk for p in sw.sites_a + sw.sites_b}
    assert all(t["weight"] >= risk.FLOOR for t in draw.inputs["targets"])
    assert draw.seed == "" and draw.seed_hash == ""
    assert draw.candidates == 6 and draw.selected == 2
    # No personal data in what is published: masked names only.
    names = {i["name"] for i in draw.inputs["inspectors"]}
    assert "张建国" not in names and "张**" in names


def test_scope_district_kind_and_share():
    sw = build_draw_world()
    draw = prepare(sw, region=sw.district_a, mode="share", share_percent=50, count=None)
    assert {t["project"] for t in draw.inputs["targets"]} == {p.pk for p in sw.sites_a}
    assert draw.selected == 2  # ceil(3 × 50 %)
    kind = prepare(sw, project_kind="road", count=1)
    roads = {sw.project_a.pk} | {p.pk for p in sw.sites_b[1:]}
    assert {t["project"] for t in kind.inputs["targets"]} == roads


def test_recusal_party_conflict_and_last_inspection():
    from fugong.supervision.services.inspections import inspection_create
    from fugong.supervision.services.registry import conflict_declare

    sw = build_draw_world()
    # quality-b now works for the builder of project A's sites (a party).
    sw.quality_b.organisation = sw.enterprise_a
    sw.quality_b.save(update_fields=["organisation"])
    conflict_declare(
        actor=sw.quality_c,
        inspector=sw.inspector_qc,
        project=sw.sites_b[1],
        reason="亲属任项目经理",
    )
    inspection_create(
        actor=sw.quality_a,
        project=sw.sites_b[2],
        kind="planned",
        field="quality",
        inspectors=[sw.inspector_qa],
        planned_on=timezone.localdate() - datetime.timedelta(days=30),
    )
    draw = prepare(sw, region=sw.city, inspectors_per_target=2)
    qa, qb, qc = sw.inspector_qa.pk, sw.inspector_qb.pk, sw.inspector_qc.pk
    for site in sw.sites_a:
        assert qb not in _eligible(draw, site)
    assert qc not in _eligible(draw, sw.sites_b[1])
    assert qa not in _eligible(draw, sw.sites_b[2])
    assert set(_eligible(draw, sw.sites_b[0])) == {qa, qb, qc}


def test_a_draw_that_cannot_be_staffed_is_refused_naming_the_sites_and_writes_nothing():
    sw = build_draw_world()
    logged = ChangeLog.objects.count()
    with pytest.raises(FugongError) as refused:
        prepare(sw, inspectors_per_target=4)
    assert refused.value.code == "understaffed"
    message = str(refused.value.message)
    for site in sw.sites_a + sw.sites_b:
        assert site.name in message
    # Only the safety field has one inspector: every site lacks one.
    with pytest.raises(FugongError) as safety:
        prepare(sw, field="safety")
    assert "东海大道" in str(safety.value.message)
    assert Draw.objects.count() == 0 and DrawEvent.objects.count() == 0
    assert ChangeLog.objects.count() == logged


def test_bad_parameters_are_refused_with_field_errors():
    sw = build_draw_world()
    cases = [
        ({"count": 99}, "count"),
        ({"mode": "share", "share_percent": 0}, "share_percent"),
        ({"inspectors_per_target": 1}, "inspectors_per_target"),
        ({"planned_on": timezone.localdate() - datetime.timedelta(days=1)}, "planned_on"),
        ({"title": ""}, "title"),
        ({"field": "painting"}, "field"),
    ]
    for over, field in cases:
        with pytest.raises(FugongError) as refused:
            prepare(sw, **over)
        assert field in refused.value.fields, over
    assert Draw.objects.count() == 0


def test_lifecycle_publishes_the_seed_hash_then_the_seed_and_creates_inspections():
    sw = build_draw_world()
    draw = prepare(sw)
    draw = draw_publish(actor=sw.leader, draw=draw)
    assert draw.status == "published" and len(draw.seed) == 64
    assert draw.seed_hash == engine.seed_hash(draw.seed)
    # The change log never holds the seed before it is revealed.
    logged = ChangeLog.objects.for_object(draw)
    assert all(draw.seed not in str(row.after) for row in logged)
    draw = draw_run(actor=sw.leader, draw=draw)
    assert draw.status == "drawn"
    assert draw.result == engine.result_document(engine.run(draw.inputs, draw.seed))
    rows = list(draw.targets.all())
    assert [r.rank for r in rows] == [1, 2]
    draw = draw_assign(actor=sw.leader, draw=draw)
    assert draw.status == "assigned"
    for row in draw.targets.select_related("inspection", "project"):
        inspection = row.inspection
        assert inspection.kind == "double_random" and inspection.field == "quality"
        drawn = {i.pk for i in row.inspectors.all()}
        assert {i.pk for i in inspection.inspectors.all()} == drawn and len(drawn) == 2
        for inspector in inspection.inspectors.all():
            assert recusal_reason(inspector, row.project) is None
    kinds = list(draw.events.values_list("kind", flat=True))
    assert kinds == ["prepared", "published", "drawn", "assigned"]
    assert ChangeLog.objects.for_object(draw).count() == 4
    assert engine.verify(published_document(draw)).ok


def test_steps_refuse_the_wrong_state_and_cancel_only_before_publication():
    sw = build_draw_world()
    draw = prepare(sw)
    with pytest.raises(FugongError) as early:
        draw_run(actor=sw.leader, draw=draw)
    assert early.value.code == "wrong_state"
    published = draw_publish(actor=sw.leader, draw=draw)
    with pytest.raises(FugongError):
        draw_cancel(actor=sw.leader, draw=published)
    with pytest.raises(FugongError):
        draw_publish(actor=sw.leader, draw=published)
    other = draw_cancel(actor=sw.leader, draw=prepare(sw))
    assert other.status == "cancelled"


def test_who_may_run_and_see_draws():
    sw = build_draw_world()
    other = prepare(sw, region=sw.city)
    draw = full_draw(sw)
    # A department officer sees the draws of their own field only.
    assert draw in draws_for(sw.quality_a)
    assert draw not in draws_for(sw.safety_a)
    with pytest.raises(Forbidden):
        prepare(sw, actor=sw.quality_a)
    # A leader of another district neither sees nor moves the city's draw.
    leader_b = make_user("leader-b", "leader", region=sw.district_b)
    assert not draws_for(leader_b).filter(pk=draw.pk).exists()
    with pytest.raises(NotFound):
        draw_publish(actor=leader_b, draw=other)
    with pytest.raises(FugongError) as region:
        prepare(sw, actor=leader_b, region=sw.district_a)
    assert "region" in region.value.fields


def test_risk_weights_riskier_sites_higher():
    from fugong.construction.models import DailyReport

    sw = build_draw_world(extra_sites=1)
    today = timezone.localdate()
    quiet, risky = sw.sites_a
    for n in range(1, 15):
        DailyReport.objects.create(
            project=quiet, date=today - datetime.timedelta(days=n), submitted_by=sw.site_manager_a
        )
    DailyReport.objects.create(
        project=risky,
        date=today - datetime.timedelta(days=1),
        temperature_checked=5,
        fevers=2,
        submitted_by=sw.site_manager_a,
    )
    draw = prepare(sw, region=sw.district_a, count=1)
    facts = {t["project"]: t["facts"] for t in draw.inputs["targets"]}
    weights = {t["project"]: t["weight"] for t in draw.inputs["targets"]}
    assert facts[quiet.pk]["missed_reports"] == 0
    assert facts[risky.pk]["missed_reports"] == 13 and facts[risky.pk]["fever_days"] == 1
    assert facts[risky.pk]["weeks_since_inspected"] == 12
    assert weights[quiet.pk] == risk.FLOOR + 12
    assert weights[risky.pk] == risk.FLOOR + 13 * 2 + 5 + 12
    assert weights[risky.pk] == risk.weight(facts[risky.pk])
    equal = prepare(sw, region=sw.district_a, count=1, weighting="equal")
    assert {t["weight"] for t in equal.inputs["targets"]} == {1}
