"""Full or masked by permission, in Python code and in the API field."""

from types import SimpleNamespace

import pytest
from rest_framework import serializers

from fugong.common.pii.display import (
    FULL_PERSONAL_DATA_PERMISSION,
    can_view_full_personal_data,
    personal_display,
)
from fugong.common.pii.serializers import PersonalDataSerializerField
from fugong.common.pii.validators import IDENTITY_CHECK_DIGIT
from fugong.common.pii.values import PersonalValue


def _user(*perms, authenticated=True):
    return SimpleNamespace(is_authenticated=authenticated, has_perm=lambda perm: perm in perms)


ALLOWED = _user(FULL_PERSONAL_DATA_PERMISSION)
OTHER = _user("accounts.view_user")
PHONE = PersonalValue("13812345678", "mobile")


def test_permission():
    assert can_view_full_personal_data(ALLOWED)
    assert not can_view_full_personal_data(OTHER)
    assert not can_view_full_personal_data(
        _user(FULL_PERSONAL_DATA_PERMISSION, authenticated=False)
    )
    assert not can_view_full_personal_data(None)


def test_personal_display():
    assert personal_display(PHONE, ALLOWED) == "13812345678"
    assert personal_display(PHONE, OTHER) == "138****5678"
    assert personal_display("13812345678", OTHER, kind="mobile") == "138****5678"
    assert personal_display("13812345678", OTHER) == "1*********8"  # no kind: generic mask
    assert personal_display(None, ALLOWED) == personal_display("", OTHER) == ""


class _Serializer(serializers.Serializer):
    phone = PersonalDataSerializerField(kind="mobile")
    id_number = PersonalDataSerializerField(kind="identity", required=False)


def test_serializer_output_follows_the_requesting_user():
    data = {"phone": PHONE}
    request = SimpleNamespace(user=ALLOWED)
    assert _Serializer(data, context={"request": request}).data["phone"] == "13812345678"
    assert _Serializer(data, context={"request": SimpleNamespace(user=OTHER)}).data == {
        "phone": "138****5678"
    }
    assert _Serializer(data).data["phone"] == "138****5678"  # no request: masked


def test_serializer_input_is_normalised_and_validated():
    ok = _Serializer(data={"phone": "+86 138-1234-5678", "id_number": "11010519491231002x"})
    assert ok.is_valid(), ok.errors
    assert ok.validated_data == {"phone": "13812345678", "id_number": "11010519491231002X"}

    bad = _Serializer(data={"phone": "13812345678", "id_number": "110105194912310021"})
    assert not bad.is_valid()
    assert bad.errors["id_number"][0].code == IDENTITY_CHECK_DIGIT


@pytest.mark.parametrize("kind", ["identity", "mobile"])
def test_serializer_kind_must_be_known(kind):
    assert PersonalDataSerializerField(kind=kind).personal_kind == kind
    with pytest.raises(ValueError):
        PersonalDataSerializerField(kind="shoe size")
