"""Field encryption (Fernet) and the keyed hash used to find encrypted values.

Keys come from settings: `FIELD_ENCRYPTION_KEYS` (newest first; older keys still decrypt,
so a key can be rotated without downtime) and `FIELD_HASH_KEY`. Fernet tokens are
randomised, so equal values never give equal ciphertext: exact look-up goes through the
HMAC instead. Changing `FIELD_HASH_KEY` invalidates every stored hash.
"""

import functools
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class DecryptionError(ValueError):
    """A stored value cannot be decrypted: its key is not in FIELD_ENCRYPTION_KEYS."""


@functools.lru_cache(maxsize=4)
def _multi_fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key) for key in keys])


def get_fernet() -> MultiFernet:
    """The MultiFernet for the current settings, cached per key tuple (so overriding the
    setting in a test picks up the new keys by itself)."""
    keys = settings.FIELD_ENCRYPTION_KEYS
    if isinstance(keys, str):  # one key given as a plain string
        keys = [keys]
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is empty.")
    return _multi_fernet(tuple(keys))


def clear_cache() -> None:
    """Forget the cached MultiFernet objects (tests that rotate keys may call it)."""
    _multi_fernet.cache_clear()


def encrypt(text: str) -> str:
    """A Fernet token for `text`, made with the newest key."""
    return get_fernet().encrypt(str(text).encode("utf-8")).decode("ascii")


def encrypt_many(texts) -> list[str]:
    """`encrypt` of each text (one token each, as randomised), the keys looked up once:
    for bulk writes."""
    seal = get_fernet().encrypt
    return [seal(str(text).encode("utf-8")).decode("ascii") for text in texts]


def decrypt(token: str) -> str:
    """The clear text of a token made with any configured key."""
    try:
        return get_fernet().decrypt(str(token).encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeEncodeError) as exc:
        raise DecryptionError(
            "Cannot decrypt a personal-data value: its key is not in FIELD_ENCRYPTION_KEYS."
        ) from exc


def reencrypt(token: str) -> str:
    """The same value encrypted again with the newest key (for a key-rotation command)."""
    try:
        return get_fernet().rotate(str(token).encode("ascii")).decode("ascii")
    except (InvalidToken, UnicodeEncodeError) as exc:
        raise DecryptionError("Cannot re-encrypt: the value's key is not configured.") from exc


def is_token(value) -> bool:
    """Whether `value` looks like a Fernet token (version byte 0x80 is "gA" in base64).
    No identity number or phone number can look like this."""
    return isinstance(value, str) and value.startswith("gAAAAA") and len(value) >= 100


def keyed_hash(kind: str, normalised_value: str) -> str:
    """Hex HMAC-SHA256 of "kind:value" under FIELD_HASH_KEY. The kind keeps an identity
    number and a phone with the same digits apart; the key stops dictionary attacks on
    the small space of phone numbers."""
    return keyed_hasher(kind)(normalised_value)


def keyed_hasher(kind: str):
    """`keyed_hash(kind, value)` as a function of the value, for many values: the kind
    checked and the key read once. The HMAC of the key is computed once and copied for
    each value (the same digest as `hmac.new(key, message, sha256)`)."""
    if not kind or ":" in kind:
        raise ValueError("kind must be a non-empty name without ':'")
    key = settings.FIELD_HASH_KEY
    if not key:
        raise ImproperlyConfigured("FIELD_HASH_KEY is empty.")
    keyed = _keyed(str(key))
    keyed = getattr(keyed, "_hmac", keyed)  # OpenSSL's object under hmac.HMAC, when used
    prefix = f"{kind}:"

    def hashed(normalised_value: str) -> str:
        copy = keyed.copy()
        copy.update((prefix + normalised_value).encode())
        return copy.hexdigest()

    return hashed


@functools.lru_cache(maxsize=4)
def _keyed(key: str):
    """An HMAC-SHA256 under `key` with nothing hashed yet; cached per key, so a setting
    overridden in a test is picked up."""
    return hmac.new(key.encode("utf-8"), digestmod=hashlib.sha256)
