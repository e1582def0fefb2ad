import pytest
from django.core.exceptions import ValidationError

from fugong.coordination.plates import display_plate, normalise_plate, validate_plate


@pytest.mark.parametrize(
    "plate",
    ["豫H12345", "豫h·a1234", "京A 8K3P9", "粤BD12345", "沪A12345F", "豫H1234挂", "藏Z00001"],
)
def test_plates_of_the_prc_are_accepted(plate):
    validate_plate(plate)


@pytest.mark.parametrize(
    "plate",
    [
        "",
        "H12345",  # no province
        "豫112345",  # the second character must be a letter
        "豫H1234",  # too short
        "豫H1234567",  # too long
        "豫HO1234",  # O is never used
        "豫HI1234",
        "港A12345",  # not a province abbreviation
        "豫HA12345",  # 6 characters but not new energy
        "豫H1234D5",
        "豫H12-345X",
    ],
)
def test_malformed_plates_are_refused(plate):
    with pytest.raises(ValidationError) as info:
        validate_plate(plate)
    assert info.value.code == "invalid_plate"


def test_normalise_and_display():
    assert normalise_plate(" 豫h·d12345 ") == "豫HD12345"
    assert display_plate("豫H12345") == "豫H·12345"
