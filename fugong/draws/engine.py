"""The double-random draw itself (双随机抽查), fully specified so that anyone can re-run it.

Nothing here touches the database or Django: the draw is a pure function of the published
inputs and the revealed seed, and this module is the reference for re-running it.

1. **Inputs** are a JSON document (`format` = ``fugong-draw/1``): the parameters
   (`select` targets, `inspectors_per_target`) and the frozen list of targets, each with an
   integer `weight` and the ids of the inspectors eligible for it (recusals already
   applied). Their hash is SHA-256 of the *canonical* JSON: keys sorted, no spaces, UTF-8.
2. **Seed**: 32 bytes from `secrets.token_bytes`, published first as SHA-256(seed) and
   revealed after the draw, as lowercase hex.
3. **Random numbers**: block *i* of stream *label* is HMAC-SHA256(key=seed,
   msg=label + ":" + decimal i), i = 0, 1, 2…; its first 8 bytes, big-endian, shifted right
   by 11 give x < 2^53 and u = (2x + 1) / 2^54, strictly between 0 and 1. No Python
   `random`: the stream is the same in every language and version.
4. **Targets**: weighted sampling without replacement (Efraimidis–Spirakis, 2006). Target
   number *j* in input order takes u from block *j* of stream ``targets`` and gets the key
   ln(u) / weight, computed in decimal arithmetic with 40 significant digits (correctly
   rounded, the same on every machine). The `select` targets with the largest keys are
   drawn, in that order (ties, which need equal 40-digit keys, go to the lower project id).
   A target's chance to be drawn first is its weight over the sum of weights.
5. **Inspectors** of each drawn target: its eligible inspectors are keyed the same way with
   weight 1 from stream ``inspectors:<project id>`` (block *k* for the *k*-th eligible
   inspector in input order); the `inspectors_per_target` largest keys are assigned, in
   that order — a uniform choice without replacement.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from decimal import Context, Decimal

FORMAT = "fugong-draw/1"
SEED_BYTES = 32
_CTX = Context(prec=40)
_TWO_54 = Decimal(2**54)


class InputsError(ValueError):
    """The inputs document is not a draw this engine can run."""


def canonical(document) -> bytes:
    """The bytes that are hashed: sorted keys, no whitespace, UTF-8 (no ASCII escapes)."""
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def inputs_hash(inputs: dict) -> str:
    return sha256_hex(canonical(inputs))


def seed_hash(seed_hex: str) -> str:
    """SHA-256 of the seed's bytes (not of its hex text)."""
    return sha256_hex(bytes.fromhex(seed_hex))


def uniform(seed: bytes, label: str, index: int) -> Decimal:
    """The index-th number of stream `label`: exactly (2x + 1) / 2^54 with x < 2^53."""
    block = hmac.new(seed, f"{label}:{index}".encode(), hashlib.sha256).digest()
    x = int.from_bytes(block[:8], "big") >> 11
    return _CTX.divide(Decimal(2 * x + 1), _TWO_54)


def key(seed: bytes, label: str, index: int, weight: int) -> Decimal:
    """Efraimidis–Spirakis key ln(u) / w: larger keys are drawn first."""
    return _CTX.divide(_CTX.ln(uniform(seed, label, index)), Decimal(weight))


@dataclass(frozen=True)
class Drawn:
    project: int
    rank: int
    inspectors: tuple[int, ...]

    def as_dict(self) -> dict:
        return {"project": self.project, "rank": self.rank, "inspectors": list(self.inspectors)}


def _check(inputs: dict) -> tuple[int, int, list[dict]]:
    if not isinstance(inputs, dict) or inputs.get("format") != FORMAT:
        raise InputsError(f"not a {FORMAT} inputs document")
    params = inputs.get("parameters") or {}
    select, per_target = params.get("select"), params.get("inspectors_per_target")
    targets = inputs.get("targets")
    if not isinstance(select, int) or not isinstance(per_target, int) or per_target < 1:
        raise InputsError("parameters.select and parameters.inspectors_per_target are integers")
    if not isinstance(targets, list) or not 0 < select <= len(targets):
        raise InputsError("select between 1 and the number of targets")
    for t in targets:
        if not isinstance(t.get("project"), int) or not isinstance(t.get("weight"), int):
            raise InputsError("every target has an integer project and weight")
        if t["weight"] < 1:
            raise InputsError("weights are positive")
        if len(set(t.get("inspectors") or [])) < per_target:
            raise InputsError(f"target {t['project']} has too few eligible inspectors")
    return select, per_target, targets


def select_targets(seed: bytes, targets: list[dict], select: int) -> list[dict]:
    keyed = [
        (key(seed, "targets", j, t["weight"]), -t["project"], t) for j, t in enumerate(targets)
    ]
    keyed.sort(key=lambda k: (k[0], k[1]), reverse=True)
    return [t for _, _, t in keyed[:select]]


def choose_inspectors(seed: bytes, target: dict, count: int) -> tuple[int, ...]:
    label = f"inspectors:{target['project']}"
    pool = list(dict.fromkeys(target["inspectors"]))  # order kept, duplicates dropped
    keyed = [(key(seed, label, k, 1), -i) for k, i in enumerate(pool)]
    keyed.sort(reverse=True)
    return tuple(-i for _, i in keyed[:count])


def run(inputs: dict, seed_hex: str) -> list[Drawn]:
    """The draw: the chosen targets in order, each with its inspectors."""
    select, per_target, targets = _check(inputs)
    seed = bytes.fromhex(seed_hex)
    return [
        Drawn(t["project"], rank, choose_inspectors(seed, t, per_target))
        for rank, t in enumerate(select_targets(seed, targets, select), start=1)
    ]


def result_document(drawn: list[Drawn]) -> list[dict]:
    return [d.as_dict() for d in drawn]


@dataclass(frozen=True)
class Verdict:
    inputs_match: bool
    seed_matches: bool
    result_matches: bool
    recomputed: list[dict]

    @property
    def ok(self) -> bool:
        return self.inputs_match and self.seed_matches and self.result_matches


def verify(document: dict) -> Verdict:
    """Check a published draw (`inputs`, `inputs_hash`, `seed_hash`, `seed`, `result`):
    the inputs are the ones announced, the seed is the one whose hash was announced, and
    re-running gives the published result."""
    inputs = document.get("inputs") or {}
    seed = document.get("seed") or ""
    inputs_ok = inputs_hash(inputs) == document.get("inputs_hash")
    try:
        seed_ok = bool(seed) and seed_hash(seed) == document.get("seed_hash")
    except ValueError:
        seed_ok = False
    recomputed = result_document(run(inputs, seed)) if seed_ok else []
    return Verdict(inputs_ok, seed_ok, seed_ok and recomputed == document.get("result"), recomputed)
