"""The rows of a checked sheet, kept between the preview and the commit.

Reading a 100,000-row sheet and checking every cell is half of an import's time, and the
commit used to do it again although the preview had just done it. A plan without errors
is kept here, keyed by who checked it (the user), where to (the area) and the file's
SHA-256; the commit (or a second preview) of the same file reuses its rows when
- the file is byte for byte the same (its hash names the plan);
- the buildings the user may import into under the area are the same (a fingerprint of
  their ids, names and compounds: rows were matched to them by name);
- the day is the same (a return date may not lie in the future), and the checks are
  (PLAN_VERSION, raised when the rules of a row change).
Anything else reads and checks the file again. What depends on the database beyond the
buildings (registered people, their scope, households, permissions) is never kept: it is
looked up again at every preview and commit, and the database's unique constraints catch
what changes between that look-up and the write.

The plan holds identity numbers and phones in clear, like the uploaded file it comes
from: it is stored encrypted and authenticated (Fernet, FIELD_ENCRYPTION_KEYS), so it
can be neither read nor forged, under MEDIA_ROOT/imports/plans/<user>/ (0600), deleted
after the commit and swept after an hour like the uploads.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path

from cryptography.fernet import InvalidToken
from django.conf import settings
from django.utils import timezone

from fugong.common.files import sweep_older
from fugong.common.pii.crypto import get_fernet

PLAN_VERSION = 2
MAX_AGE_SECONDS = 3600
CHUNK = 5_000


def file_sha256(source) -> str:
    """The SHA-256 of a path or a binary file (read from the start, put back there)."""
    if hasattr(source, "read"):
        source.seek(0)
        digest = hashlib.file_digest(source, "sha256").hexdigest()
        source.seek(0)
        return digest
    with open(source, "rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def places_fingerprint(buildings) -> str:
    """A hash of the (pk, name, compound name) of the buildings rows are matched to."""
    digest = hashlib.sha256()
    for item in sorted(buildings):
        digest.update(json.dumps(item, ensure_ascii=False).encode())
    return digest.hexdigest()


def _root() -> Path:
    return Path(settings.MEDIA_ROOT) / "imports" / "plans"


def _path(actor, area_id: int, sha256: str) -> Path:
    owner = str(int(actor.pk)) if actor is not None and actor.pk is not None else "system"
    return _root() / owner / f"{sha256}-{int(area_id)}.plan"


def _stamp(fingerprint: str) -> dict:
    return {
        "version": PLAN_VERSION,
        "places": fingerprint,
        "day": timezone.localdate().isoformat(),
    }


def save(actor, area_id: int, sha256: str, fingerprint: str, head: dict, rows: Iterable) -> None:
    """Keep a checked plan: `head` and `rows` (JSON-safe), a Fernet token per line (the
    head, then CHUNK rows at a time: a 100,000-row plan is never one string in memory).
    Best effort: a plan that cannot be written is checked again at the commit."""
    sweep()
    path = _path(actor, area_id, sha256)
    fernet = get_fernet()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.touch(mode=0o600)
        with temporary.open("wb") as out:
            out.write(fernet.encrypt(_dump({**_stamp(fingerprint), **head})) + b"\n")
            rows = iter(rows)
            while chunk := list(islice(rows, CHUNK)):
                out.write(fernet.encrypt(_dump(chunk)) + b"\n")
        temporary.replace(path)
    except OSError:
        return


def _dump(value) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()


class Damaged(ValueError):
    """A kept plan's rows could not be read (changed, cut short): check the file again."""


def load(actor, area_id: int, sha256: str, fingerprint: str) -> tuple[dict, Iterator] | None:
    """The kept plan's head and its rows, or None when there is none or it no longer
    holds. The rows are read as they are taken, CHUNK at a time (a 100,000-row plan is
    never in memory at once as rows and again as what they become); a line that cannot
    be read raises Damaged then."""
    path = _path(actor, area_id, sha256)
    fernet = get_fernet()
    try:
        if time.time() - path.stat().st_mtime > MAX_AGE_SECONDS:
            path.unlink(missing_ok=True)
            return None
        stream = path.open("rb")
    except OSError:
        return None
    try:
        head = json.loads(fernet.decrypt(stream.readline().strip()))
        stamp = _stamp(fingerprint)
        if {key: head.get(key) for key in stamp} != stamp:
            stream.close()
            return None
    except (OSError, InvalidToken, ValueError):
        stream.close()
        return None
    return head, _rows(stream, fernet)


def _rows(stream, fernet) -> Iterator[list]:
    with stream:
        try:
            for line in stream:
                yield from json.loads(fernet.decrypt(line.strip()))
        except (OSError, InvalidToken, ValueError) as exc:
            raise Damaged from exc


def discard(actor, area_id: int, sha256: str) -> None:
    _path(actor, area_id, sha256).unlink(missing_ok=True)


def sweep(max_age: int = MAX_AGE_SECONDS) -> int:
    """Delete kept plans older than `max_age` seconds; returns how many."""
    return sweep_older(_root(), "*/*.plan", max_age)
