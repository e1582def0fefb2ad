"""The draw engine on its own: reproducible, stable, faithful to the weights, never a
recused inspector. No database; fixed seed lists, so the statistical tests cannot flake:
they pass or fail the same way on every run."""

import hashlib
import hmac
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fugong.draws import engine
from fugong.draws.eligibility import InspectorFacts, SiteFacts, eligible

WEIGHTS = [10, 12, 15, 22, 40, 61]
# χ² with 5 degrees of freedom: P(χ² > 20.52) = 0.001.
CHI2_5DF_AT_0_001 = 20.52
# Per-target two-sided normal bound; with 6 targets the family-wise level is < 0.001.
Z_BOUND = 3.9
SEEDS = [hashlib.sha256(f"fugong-test-seed-{i}".encode()).hexdigest() for i in range(3000)]


def inputs(weights, select=1, per_target=2, pool=(1, 2, 3, 4)):
    return {
        "format": engine.FORMAT,
        "parameters": {"select": select, "inspectors_per_target": per_target},
        "targets": [
            {"project": 100 + j, "weight": w, "inspectors": list(pool)}
            for j, w in enumerate(weights)
        ],
    }


def test_same_inputs_and_seed_give_the_same_result():
    doc = inputs(WEIGHTS, select=3)
    assert engine.run(doc, SEEDS[0]) == engine.run(doc, SEEDS[0])
    # … and the seed matters: 50 seeds do not all draw the same sites.
    assert len({tuple(d.project for d in engine.run(doc, s)) for s in SEEDS[:50]}) > 1


def test_the_stream_is_pinned():
    """Fixed vectors: a change of the PRNG or the key would break every published draw."""
    seed = bytes(32)
    raw = hmac.new(seed, b"targets:0", hashlib.sha256).digest()
    x = int.from_bytes(raw[:8], "big") >> 11
    assert engine.uniform(seed, "targets", 0) == engine._CTX.divide(2 * x + 1, 2**54)  # noqa: SLF001
    assert str(engine.uniform(seed, "targets", 0)) == "0.6352346408960231616269709320476977154613"
    result = engine.result_document(engine.run(inputs(WEIGHTS, select=2), "00" * 32))
    assert result == PINNED


PINNED = [
    {"project": 103, "rank": 1, "inspectors": [4, 1]},
    {"project": 105, "rank": 2, "inspectors": [4, 2]},
]


def test_first_pick_frequencies_match_the_weights_chi_square():
    doc = inputs(WEIGHTS, select=1)
    counts = [0] * len(WEIGHTS)
    for seed in SEEDS:
        counts[engine.run(doc, seed)[0].project - 100] += 1
    total = sum(WEIGHTS)
    expected = [len(SEEDS) * w / total for w in WEIGHTS]
    chi2 = sum((o - e) ** 2 / e for o, e in zip(counts, expected, strict=True))
    assert chi2 < CHI2_5DF_AT_0_001, (counts, expected, chi2)


def test_inclusion_without_replacement_matches_successive_sampling():
    """With 2 drawn, P(i drawn) = p_i + Σ_j p_j · w_i / (W − w_j): check each target's
    count against its binomial bound."""
    doc = inputs(WEIGHTS, select=2)
    counts = [0] * len(WEIGHTS)
    for seed in SEEDS:
        for d in engine.run(doc, seed):
            counts[d.project - 100] += 1
    total = sum(WEIGHTS)
    n = len(SEEDS)
    for i, w in enumerate(WEIGHTS):
        p = w / total + sum((v / total) * w / (total - v) for j, v in enumerate(WEIGHTS) if j != i)
        bound = Z_BOUND * math.sqrt(n * p * (1 - p))
        assert abs(counts[i] - n * p) < bound, (i, counts[i], n * p, bound)


def test_every_site_keeps_a_chance_and_inspectors_are_uniform():
    doc = inputs([1, 1000], select=1, per_target=2, pool=(1, 2, 3, 4))
    drawn = [engine.run(doc, s)[0] for s in SEEDS]
    assert any(d.project == 100 for d in drawn)  # P = 1/1001 per seed; 3000 seeds
    picks = {i: 0 for i in (1, 2, 3, 4)}
    for d in drawn:
        for i in d.inspectors:
            picks[i] += 1
    n, p = len(SEEDS), 0.5  # each of 4 is among the 2 chosen with probability 1/2
    for count in picks.values():
        assert abs(count - n * p) < Z_BOUND * math.sqrt(n * p * (1 - p)), picks


def test_verify_detects_any_tampering():
    doc = inputs(WEIGHTS, select=2)
    seed = SEEDS[7]
    published = {
        "inputs": doc,
        "inputs_hash": engine.inputs_hash(doc),
        "seed_hash": engine.seed_hash(seed),
        "seed": seed,
        "result": engine.result_document(engine.run(doc, seed)),
    }
    assert engine.verify(published).ok
    other_result = {**published, "result": engine.result_document(engine.run(doc, SEEDS[8]))}
    if other_result["result"] != published["result"]:
        assert not engine.verify(other_result).ok
    assert not engine.verify({**published, "seed": SEEDS[8]}).ok
    heavier = {**doc, "targets": [{**doc["targets"][0], "weight": 1000}, *doc["targets"][1:]]}
    assert not engine.verify({**published, "inputs": heavier}).inputs_match


def test_inputs_that_cannot_be_staffed_are_refused():
    with pytest.raises(engine.InputsError):
        engine.run(inputs(WEIGHTS, per_target=3, pool=(1, 2)), SEEDS[0])
    with pytest.raises(engine.InputsError):
        engine.run(inputs(WEIGHTS, select=7), SEEDS[0])


ids = st.integers(min_value=1, max_value=12)
orgs = st.frozensets(st.integers(min_value=1, max_value=6), max_size=2)


@st.composite
def worlds(draw):
    inspectors = [
        InspectorFacts(
            i,
            draw(orgs),
            draw(st.frozensets(st.integers(min_value=1, max_value=8), max_size=2)),
            draw(st.frozensets(st.integers(min_value=1, max_value=6), max_size=2)),
        )
        for i in range(1, draw(st.integers(min_value=2, max_value=12)) + 1)
    ]
    sites = [
        SiteFacts(s, draw(orgs), draw(st.frozensets(ids, max_size=3)))
        for s in range(1, draw(st.integers(min_value=1, max_value=8)) + 1)
    ]
    return inspectors, sites


def forbidden(inspector: InspectorFacts, site: SiteFacts) -> bool:
    """The recusal rule restated independently of `eligibility.recused`."""
    if any(o in site.parties for o in inspector.organisations):
        return True
    if site.id in inspector.conflict_projects:
        return True
    if any(e in site.parties for e in inspector.conflict_enterprises):
        return True
    return inspector.id in site.last_inspectors


@settings(max_examples=150, deadline=None)
@given(worlds(), st.binary(min_size=32, max_size=32), st.integers(min_value=2, max_value=3))
def test_no_recused_inspector_is_ever_drawn(world, seed, per_target):
    inspectors, sites = world
    staffed = [(s, eligible(inspectors, s)) for s in sites]
    staffed = [(s, pool) for s, pool in staffed if len(pool) >= per_target]
    if not staffed:
        return
    doc = {
        "format": engine.FORMAT,
        "parameters": {"select": len(staffed), "inspectors_per_target": per_target},
        "targets": [{"project": s.id, "weight": 1, "inspectors": pool} for s, pool in staffed],
    }
    by_id = {i.id: i for i in inspectors}
    site_by_id = {s.id: s for s in sites}
    for d in engine.run(doc, seed.hex()):
        assert len(set(d.inspectors)) == per_target
        for i in d.inspectors:
            assert not forbidden(by_id[i], site_by_id[d.project])
