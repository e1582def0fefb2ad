"""Masked forms of personal data for screens, exports and logs (PIPL: show the least).

Maskers take the clear value and never fail: empty or short input gives a fully masked (or
empty) result rather than the clear value.
"""

from fugong.common.pii.validators import normalise_identity_number, normalise_mobile

MASK_CHAR = "*"


MIN_HIDDEN = 4  # a mask that hides fewer characters than this hides nothing useful


def _keep_ends(text: str, head: int, tail: int) -> str:
    """Keep `head` and `tail` characters, or mask everything when the value is too short
    for that to still hide MIN_HIDDEN characters (so a short value never shows)."""
    if len(text) - head - tail < MIN_HIDDEN:
        return MASK_CHAR * len(text)
    return text[:head] + MASK_CHAR * (len(text) - head - tail) + text[len(text) - tail :]


def _clear(value) -> str:
    """The clear text of a PersonalValue (masking twice must not mask the mask)."""
    if value is None:
        return ""
    return str(getattr(value, "full", value))


def mask_identity_number(value) -> str:
    """410802199001011234 -> 4108**********1234: region and last four, as on receipts."""
    return _keep_ends(normalise_identity_number(_clear(value)), 4, 4)


def mask_mobile(value) -> str:
    """13812345678 -> 138****5678."""
    return _keep_ends(normalise_mobile(_clear(value)), 3, 4)


def mask_name(value) -> str:
    """张三丰 -> 张**: the family name only; a one-character name is masked whole."""
    name = _clear(value).strip()
    if len(name) <= 1:
        return MASK_CHAR * len(name)
    return name[0] + MASK_CHAR * (len(name) - 1)


def mask_text(value) -> str:
    """Any other personal text: first and last character, or fully masked when short."""
    return _keep_ends(_clear(value).strip(), 1, 1)


MASKERS = {
    "identity": mask_identity_number,
    "mobile": mask_mobile,
    "name": mask_name,
}


def mask(kind: str, value) -> str:
    """Mask `value` as personal data of `kind`; unknown kinds get the generic mask."""
    return MASKERS.get(kind, mask_text)(value)
