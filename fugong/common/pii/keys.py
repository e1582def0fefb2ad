"""Demo keys for personal-data encryption, made once and kept in a private file.

settings.py calls `demo_keys` while Django starts, so this module imports no Django
models or settings. Production sets the keys in the environment and never gets here.
"""

import contextlib
import json
import os
import secrets
from pathlib import Path

from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured


def demo_keys(path: Path) -> tuple[list[str], str]:
    """(encryption keys newest first, hash key) from `path`, created 0600 if missing.

    Several processes may start together (runserver's reloader, gunicorn workers): the
    file is written complete under a temporary name and linked into place, and whoever
    loses that race reads the winner's keys, so all of them encrypt alike.
    """
    path = Path(path)
    if not path.exists():
        data = {
            "encryption_keys": [Fernet.generate_key().decode("ascii")],
            "hash_key": secrets.token_urlsafe(32),
        }
        _create_private_file(path, json.dumps(data, indent=2) + "\n")
    return _read(path)


def _create_private_file(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            os.fchmod(handle.fileno(), 0o600)  # whatever the umask
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        # Atomic, and never replaces the keys another process has just written.
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def _read(path: Path) -> tuple[list[str], str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        keys = [str(key) for key in data["encryption_keys"]]
        hash_key = str(data["hash_key"])
        for key in keys:
            Fernet(key)  # fail at start-up, not on the first save
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ImproperlyConfigured(f"{path.name} does not hold valid personal-data keys.") from exc
    if not keys or not hash_key:
        raise ImproperlyConfigured(f"{path.name} does not hold valid personal-data keys.")
    return keys, hash_key
