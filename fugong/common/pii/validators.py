"""Checks for the identifiers people type in: identity numbers, mobiles, credit codes.

Each check normalises first (what users type on phones: full-width digits, spaces, a
lower-case x) and raises `ValidationError` with a stable `code`, so forms, the API and
imports all report the same error the same way.
"""

import datetime
import re
import unicodedata
from operator import mul

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# --- resident identity number, GB 11643-1999 -------------------------------------------------

# Province-level codes of GB/T 2260 (71 Taiwan, 81 Hong Kong, 82 Macao). Residence permits
# for Taiwan residents use 83; they are not resident identity numbers and are refused.
PROVINCE_CODES = frozenset(
    {"11", "12", "13", "14", "15", "21", "22", "23"}
    | {str(code) for code in range(31, 38)}
    | {str(code) for code in range(41, 47)}
    | {str(code) for code in range(50, 55)}
    | {str(code) for code in range(61, 66)}
    | {"71", "81", "82"}
)
IDENTITY_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
IDENTITY_CHECK_CHARS = "10X98765432"  # ISO 7064 MOD 11-2: remainder 0..10 -> check char
# The weighted sum of 17 ASCII digits taken as their byte values ("0" is 48) exceeds the
# sum of the digits' values by 48 times the sum of the weights.
_ASCII_ZERO_SUM = ord("0") * sum(IDENTITY_WEIGHTS)
EARLIEST_BIRTH_DATE = datetime.date(1900, 1, 1)

IDENTITY_FORMAT = "identity_format"
IDENTITY_REGION = "identity_region"
IDENTITY_BIRTH_DATE = "identity_birth_date"
IDENTITY_CHECK_DIGIT = "identity_check_digit"

# ASCII digits only: str's \d would also take other scripts' digits (NFKC keeps them).
_IDENTITY_RE = re.compile(r"^[0-9]{17}[0-9X]$")


def _compact(value) -> str:
    """Full-width characters to ASCII (NFKC) and every kind of whitespace removed."""
    text = str(value)
    if text.isascii() and text.isalnum():  # NFKC leaves ASCII as it is; no whitespace
        return text
    return "".join(unicodedata.normalize("NFKC", text).split())


def normalise_identity_number(value) -> str:
    """The canonical form that is stored, hashed and compared: no spaces, upper-case X."""
    if value is None:
        return ""
    return _compact(value).upper()


def identity_check_char(first17: str) -> str:
    """The 18th character for a 17-digit body (ISO 7064 MOD 11-2)."""
    if not (len(first17) == 17 and first17.isascii() and first17.isdigit()):
        raise ValueError("an identity number body is 17 digits")
    total = sum(map(mul, first17.encode("ascii"), IDENTITY_WEIGHTS)) - _ASCII_ZERO_SUM
    return IDENTITY_CHECK_CHARS[total % 11]


def identity_birth_date(number: str) -> datetime.date:
    """The birth date in digits 7-14; `ValueError` if it is not a calendar date."""
    digits = normalise_identity_number(number)[6:14]
    if len(digits) != 8 or not digits.isdigit():
        raise ValueError("no birth date in this identity number")
    return datetime.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))


def identity_sex(number: str) -> str:
    """ "M" or "F": the 17th digit (sequence code) is odd for men and even for women."""
    digit = normalise_identity_number(number)[16:17]
    if not digit.isdigit():
        raise ValueError("no sequence code in this identity number")
    return "M" if int(digit) % 2 else "F"


def validate_identity_number(value) -> None:
    """A PRC resident identity number: format, region, birth date, then check character."""
    number = normalise_identity_number(value)
    if not _IDENTITY_RE.match(number):
        raise ValidationError(
            _("An identity number has 18 characters: 17 digits, then a digit or X."),
            code=IDENTITY_FORMAT,
        )
    if number[:2] not in PROVINCE_CODES:
        raise ValidationError(
            _("This identity number does not start with a valid province code."),
            code=IDENTITY_REGION,
        )
    try:  # digits 7-14 (ASCII digits: the format says so)
        born = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        born = None
    # date.today() is local time: Django sets the process time zone to TIME_ZONE.
    if born is None or not EARLIEST_BIRTH_DATE <= born <= datetime.date.today():
        raise ValidationError(
            _("The birth date in this identity number is not possible."),
            code=IDENTITY_BIRTH_DATE,
        )
    if identity_check_char(number[:17]) != number[17]:
        raise ValidationError(
            _("The check digit of this identity number is wrong."), code=IDENTITY_CHECK_DIGIT
        )


# --- mainland mobile number ------------------------------------------------------------------

MOBILE_FORMAT = "mobile_format"
_MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
_COUNTRY_PREFIXES = ("+86", "0086", "86")


def normalise_mobile(value) -> str:
    """11 bare digits: spaces and hyphens go, and so does a +86 / 0086 / 86 prefix when
    exactly 11 digits follow it (an 11-digit number itself is never cut)."""
    if value is None:
        return ""
    number = _compact(value).replace("-", "")
    for prefix in _COUNTRY_PREFIXES:
        rest = number[len(prefix) :]
        if number.startswith(prefix) and len(rest) == 11 and rest.isdigit():
            return rest
    return number


def validate_mobile(value) -> None:
    """A mainland China mobile number, 1[3-9] and nine more digits."""
    if not _MOBILE_RE.match(normalise_mobile(value)):
        raise ValidationError(
            _("Enter a mainland mobile number of 11 digits, starting with 1."),
            code=MOBILE_FORMAT,
        )


# --- unified social credit code, GB 32100-2015 -----------------------------------------------

CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 characters: no I, O, S, V, Z
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# Registration authority (登记管理部门): 1 staffing offices, 2 foreign affairs, 3 justice,
# 4 culture, 5 civil affairs, 6 tourism, 7 religion, 8 trade unions, 9 market regulation,
# A military staffing office, N agriculture, Y others.
CREDIT_CODE_AUTHORITIES = frozenset("123456789ANY")
# Category (机构类别) tables differ per authority and have grown by notice since 2015
# (9 1 enterprise, 9 2 sole trader, 5 3 foundation, N 2 village collective...). Keeping a
# copy here would refuse codes issued after it, and the check character already catches
# typos, so any character of the alphabet but 0 is accepted.
CREDIT_CODE_CATEGORIES = frozenset(CREDIT_CODE_ALPHABET[1:])

CREDIT_CODE_FORMAT = "credit_code_format"
CREDIT_CODE_AUTHORITY = "credit_code_authority"
CREDIT_CODE_CATEGORY = "credit_code_category"
CREDIT_CODE_REGION = "credit_code_region"
CREDIT_CODE_CHECK_DIGIT = "credit_code_check_digit"


def normalise_credit_code(value) -> str:
    """No spaces, upper case: the form that is stored and compared."""
    if value is None:
        return ""
    return _compact(value).upper()


def credit_code_check_char(first17: str) -> str:
    """The 18th character: 31 - (weighted sum mod 31), where 31 becomes 0."""
    if len(first17) != 17 or any(char not in CREDIT_CODE_ALPHABET for char in first17):
        raise ValueError("a credit code body is 17 characters of the code alphabet")
    total = sum(
        CREDIT_CODE_ALPHABET.index(char) * weight
        for char, weight in zip(first17, CREDIT_CODE_WEIGHTS, strict=True)
    )
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def validate_credit_code(value) -> None:
    """Format, registration authority, category, division code, then check character."""
    code = normalise_credit_code(value)
    if len(code) != 18 or any(char not in CREDIT_CODE_ALPHABET for char in code):
        raise ValidationError(
            _(
                "A unified social credit code has 18 digits and capital letters "
                "(without I, O, S, V or Z)."
            ),
            code=CREDIT_CODE_FORMAT,
        )
    if code[0] not in CREDIT_CODE_AUTHORITIES:
        raise ValidationError(
            _("The first character of this credit code is not a registration authority."),
            code=CREDIT_CODE_AUTHORITY,
        )
    if code[1] not in CREDIT_CODE_CATEGORIES:
        raise ValidationError(
            _("The second character of this credit code is not an organisation category."),
            code=CREDIT_CODE_CATEGORY,
        )
    if not code[2:8].isdigit():
        raise ValidationError(
            _("Characters 3 to 8 of this credit code must be an administrative division code."),
            code=CREDIT_CODE_REGION,
        )
    if credit_code_check_char(code[:17]) != code[17]:
        raise ValidationError(
            _("The check character of this credit code is wrong."), code=CREDIT_CODE_CHECK_DIGIT
        )
