"""The kinds of personal data, each with its normaliser, validator and masker.

One table, so the model field, the serializer field, the look-up hash and the display all
agree on what "the same phone number" is.
"""

from collections.abc import Callable
from dataclasses import dataclass

from fugong.common.pii import masking, validators

IDENTITY = "identity"
MOBILE = "mobile"


@dataclass(frozen=True)
class Kind:
    name: str
    normalise: Callable[[object], str]
    validate: Callable[[object], None]
    mask: Callable[[object], str]
    input_length: int  # what a person may type, spaces and prefixes included


KINDS = {
    IDENTITY: Kind(
        IDENTITY,
        validators.normalise_identity_number,
        validators.validate_identity_number,
        masking.mask_identity_number,
        input_length=24,
    ),
    MOBILE: Kind(
        MOBILE,
        validators.normalise_mobile,
        validators.validate_mobile,
        masking.mask_mobile,
        input_length=20,
    ),
}


def get_kind(name: str) -> Kind:
    try:
        return KINDS[name]
    except KeyError:
        raise ValueError(f"unknown personal-data kind {name!r}") from None


def lookup_hash(kind: str, value) -> str | None:
    """The keyed hash stored beside an encrypted value, for exact look-up; None if empty."""
    from fugong.common.pii.crypto import keyed_hash

    normalised = get_kind(kind).normalise(getattr(value, "full", value))
    return keyed_hash(kind, normalised) if normalised else None
