"""PRC vehicle plate numbers (机动车号牌, GA 36): a province's one-character abbreviation,
the issuing authority's letter, then 5 characters, or 6 for new-energy vehicles (D/F
first for small cars, last for large ones). I and O are never used, to avoid 1 and 0.
A trailer (挂) ends in 挂 after 4 characters."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
LETTER = "A-HJ-NP-Z"
ALNUM = f"{LETTER}0-9"
_PLATE = re.compile(
    rf"^[{PROVINCES}][{LETTER}]"
    rf"(?:[{ALNUM}]{{5}}"  # ordinary: 豫H12345, 豫HA1234
    rf"|[{ALNUM}]{{4}}挂"  # trailer: 豫H1234挂
    rf"|[DF][{ALNUM}][0-9]{{4}}"  # new energy, small: 豫HD12345
    rf"|[0-9]{{5}}[DF])$"  # new energy, large: 豫H12345D
)
_SEPARATORS = re.compile(r"[\s·•・.\-]")


def normalise_plate(value: str) -> str:
    """Upper case, without spaces, dots or dashes (豫h·12345 → 豫H12345)."""
    return _SEPARATORS.sub("", str(value or "")).upper()


def validate_plate(value: str) -> None:
    plate = normalise_plate(value)
    if not _PLATE.match(plate):
        raise ValidationError(
            _(
                "“%(plate)s” is not a plate number: a province (e.g. 豫), a letter, then 5 "
                "letters or digits (6 for a new-energy vehicle); I and O are not used."
            ),
            code="invalid_plate",
            params={"plate": value},
        )


def display_plate(plate: str) -> str:
    """豫H12345 → 豫H·12345, as printed on the plate."""
    return f"{plate[:2]}·{plate[2:]}" if len(plate) > 2 else plate
