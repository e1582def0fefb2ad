"""Identity numbers, mobiles and credit codes: published examples and generated ones."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from fugong.common.pii import validators as v

# Published, known-valid values (check characters recomputed by hand and by the code).
VALID_IDENTITY_NUMBERS = [
    "11010519491231002X",  # the GB 11643 example, Beijing Chaoyang, 1949-12-31, female
    "53010219200508011X",  # Kunming, 1920-05-08
]
VALID_CREDIT_CODES = [
    "91350100M000100Y43",  # the GB 32100-2015 example
    "91110108551385082Q",  # Xiaomi Technology
    "91440300708461136T",  # Tencent (Shenzhen)
    "91110000100017643K",
    "91110105771583283D",
    "91110000802100433B",
    "91110108740084270C",
    "112302070019030687",  # an organ of state (authority 1, category 1)
]


def _code(call, value):
    with pytest.raises(ValidationError) as caught:
        call(value)
    return caught.value.code


# --- identity numbers -------------------------------------------------------------------------


@pytest.mark.parametrize("number", VALID_IDENTITY_NUMBERS)
def test_published_identity_numbers_validate(number):
    v.validate_identity_number(number)
    assert v.identity_check_char(number[:17]) == number[17]


def test_identity_helpers():
    assert v.identity_birth_date("11010519491231002X") == datetime.date(1949, 12, 31)
    assert v.identity_sex("11010519491231002X") == "F"
    assert v.identity_sex("53010219200508011X") == "M"
    with pytest.raises(ValueError):
        v.identity_check_char("1234")


def test_identity_normalisation():
    assert v.normalise_identity_number(" 110105 19491231 002x ") == "11010519491231002X"
    assert (
        v.normalise_identity_number("１１０１０５１９４９１２３１００２ｘ") == "11010519491231002X"
    )
    assert v.normalise_identity_number(None) == ""
    v.validate_identity_number("11010519491231002x")


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("", v.IDENTITY_FORMAT),
        ("11010519491231002", v.IDENTITY_FORMAT),
        ("1101051949123100XX", v.IDENTITY_FORMAT),
        ("11010519491231002Y", v.IDENTITY_FORMAT),
        ("001051194912310021", v.IDENTITY_REGION),
        ("991051194912310021", v.IDENTITY_REGION),
        ("440524188001015368", v.IDENTITY_BIRTH_DATE),  # GB 11643's own 1880 example
        ("110105194902300021", v.IDENTITY_BIRTH_DATE),  # 30 February
        ("110105194913310021", v.IDENTITY_BIRTH_DATE),  # month 13
        ("110105194912310021", v.IDENTITY_CHECK_DIGIT),
    ],
)
def test_identity_errors_have_codes(number, code):
    assert _code(v.validate_identity_number, number) == code


def test_identity_birth_date_in_the_future_is_refused():
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    body = f"110105{tomorrow:%Y%m%d}002"
    assert _code(v.validate_identity_number, body + v.identity_check_char(body)) == (
        v.IDENTITY_BIRTH_DATE
    )


identity_bodies = st.builds(
    lambda province, county, born, sequence: f"{province}{county:04d}{born:%Y%m%d}{sequence:03d}",
    st.sampled_from(sorted(v.PROVINCE_CODES)),
    st.integers(0, 9999),
    st.dates(v.EARLIEST_BIRTH_DATE, datetime.date.today()),
    st.integers(0, 999),
)


@given(identity_bodies)
def test_generated_identity_numbers_validate(body):
    number = body + v.identity_check_char(body)
    v.validate_identity_number(number)
    assert v.identity_birth_date(number).strftime("%Y%m%d") == body[6:14]
    assert v.identity_sex(number) == ("M" if int(body[16]) % 2 else "F")


@given(identity_bodies, st.sampled_from("0123456789X"))
def test_a_wrong_identity_check_char_always_fails(body, other):
    right = v.identity_check_char(body)
    if other == right:
        return
    assert _code(v.validate_identity_number, body + other) == v.IDENTITY_CHECK_DIGIT


@given(identity_bodies, st.integers(0, 16), st.integers(1, 9))
def test_any_single_digit_typo_is_caught(body, position, shift):
    number = body + v.identity_check_char(body)
    typo = number[:position] + str((int(number[position]) + shift) % 10) + number[position + 1 :]
    with pytest.raises(ValidationError):
        v.validate_identity_number(typo)


# --- mobile numbers ----------------------------------------------------------------------------

mobiles = st.from_regex(r"\A1[3-9][0-9]{9}\Z")


@given(mobiles)
def test_generated_mobiles_validate_and_are_stable(mobile):
    v.validate_mobile(mobile)
    assert v.normalise_mobile(mobile) == mobile
    assert v.normalise_mobile(v.normalise_mobile(mobile)) == mobile


@given(mobiles, st.sampled_from(["", "+86", "+86 ", "0086", "0086-", "86", "86 "]))
def test_mobile_normalisation_round_trips(mobile, prefix):
    typed = f"{prefix}{mobile[:3]} {mobile[3:7]}-{mobile[7:]}"
    assert v.normalise_mobile(typed) == mobile
    v.validate_mobile(typed)


@pytest.mark.parametrize(
    "value", ["", "12812345678", "1381234567", "138123456789", "+8512345678901", "abc"]
)
def test_bad_mobiles_are_refused(value):
    assert _code(v.validate_mobile, value) == v.MOBILE_FORMAT


def test_mobile_normalisation_examples():
    assert v.normalise_mobile("+86 138-1234-5678") == "13812345678"
    assert v.normalise_mobile("１３８ １２３４ ５６７８") == "13812345678"
    assert v.normalise_mobile("8613812345678") == "13812345678"
    assert v.normalise_mobile(None) == ""


# --- unified social credit codes ---------------------------------------------------------------


@pytest.mark.parametrize("code", VALID_CREDIT_CODES)
def test_published_credit_codes_validate(code):
    v.validate_credit_code(code)
    assert v.credit_code_check_char(code[:17]) == code[17]


def test_credit_code_normalisation():
    assert v.normalise_credit_code(" 91350100m000100y43 ") == "91350100M000100Y43"
    v.validate_credit_code("91350100m000100y43")


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("", v.CREDIT_CODE_FORMAT),
        ("91350100M000100Y4", v.CREDIT_CODE_FORMAT),
        ("91350100M000100I43", v.CREDIT_CODE_FORMAT),  # I is not in the alphabet
        ("B1350100M000100Y43", v.CREDIT_CODE_AUTHORITY),
        ("90350100M000100Y43", v.CREDIT_CODE_CATEGORY),
        ("9135A100M000100Y43", v.CREDIT_CODE_REGION),
        ("91350100M000100Y44", v.CREDIT_CODE_CHECK_DIGIT),
    ],
)
def test_credit_code_errors_have_codes(code, expected):
    assert _code(v.validate_credit_code, code) == expected


credit_bodies = st.builds(
    lambda authority, category, division, subject: authority + category + division + subject,
    st.sampled_from(sorted(v.CREDIT_CODE_AUTHORITIES)),
    st.sampled_from(sorted(v.CREDIT_CODE_CATEGORIES)),
    st.from_regex(r"\A[0-9]{6}\Z"),
    st.text(alphabet=v.CREDIT_CODE_ALPHABET, min_size=9, max_size=9),
)


@given(credit_bodies)
def test_generated_credit_codes_validate(body):
    v.validate_credit_code(body + v.credit_code_check_char(body))


@given(credit_bodies, st.sampled_from(v.CREDIT_CODE_ALPHABET))
def test_a_wrong_credit_code_check_char_always_fails(body, other):
    if other == v.credit_code_check_char(body):
        return
    assert _code(v.validate_credit_code, body + other) == v.CREDIT_CODE_CHECK_DIGIT


def test_error_messages_are_translatable_text():
    from django.utils import translation

    with pytest.raises(ValidationError) as caught:
        v.validate_identity_number("110105194912310021")
    with translation.override("en"):
        assert "check digit" in str(caught.value.message)
    with translation.override("zh-hans"):
        assert "校验位" in str(caught.value.message)
