"""An uploaded workbook kept between the preview and the commit.

The file is written under MEDIA_ROOT/imports/<user id>/<random token>.xlsx: the token is
unguessable (128 bits) and only the uploading user's directory is ever looked in, so
nobody else can commit (or read) it. It is deleted after the commit, and every upload
sweeps files older than an hour (the preview expires with them). No model is needed.
"""

from __future__ import annotations

import re
import secrets
import time
from pathlib import Path

from django.conf import settings

from fugong.common.files import sweep_older

MAX_AGE_SECONDS = 3600
_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def _root() -> Path:
    return Path(settings.MEDIA_ROOT) / "imports"


def _user_dir(user) -> Path:
    return _root() / str(int(user.pk))


def save_upload(user, uploaded) -> str:
    """Store the upload for `user`; returns the token that names it."""
    sweep()
    token = secrets.token_urlsafe(16)
    directory = _user_dir(user)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{token}.xlsx"
    with path.open("wb") as out:
        for chunk in uploaded.chunks():
            out.write(chunk)
    path.chmod(0o600)
    return token


def upload_path(user, token: str) -> Path | None:
    """The stored file of `user` named by `token`, if it exists and has not expired."""
    if not _TOKEN_RE.match(token or ""):
        return None
    path = _user_dir(user) / f"{token}.xlsx"
    try:
        age = time.time() - path.stat().st_mtime
    except OSError:
        return None
    if age > MAX_AGE_SECONDS:
        path.unlink(missing_ok=True)
        return None
    return path


def touch_upload(user, token: str) -> None:
    """Restart the hour of a stored upload (it is queued for the worker)."""
    path = upload_path(user, token)
    if path is not None:
        path.touch()


def discard_upload(user, token: str) -> None:
    path = upload_path(user, token)
    if path is not None:
        path.unlink(missing_ok=True)


def sweep(max_age: int = MAX_AGE_SECONDS) -> int:
    """Delete every stored upload older than `max_age` seconds; returns how many."""
    return sweep_older(_root(), "*/*.xlsx", max_age)
