"""SharedFieldsMixin: the same output and errors as DRF, with fields built once."""

import datetime
import threading
from decimal import Decimal

import pytest
from rest_framework import serializers

from fugong.common.serializers import SharedFieldsMixin


class Plain(serializers.Serializer):
    name = serializers.CharField(max_length=5)
    count = serializers.IntegerField(min_value=0, required=False)
    amount = serializers.DecimalField(max_digits=6, decimal_places=2, required=False)
    day = serializers.DateField(required=False)
    at = serializers.DateTimeField(required=False)


class Shared(SharedFieldsMixin, Plain):
    pass


class WithMethod(SharedFieldsMixin, serializers.Serializer):
    shout = serializers.SerializerMethodField()

    def get_shout(self, obj):
        return "!"


ROW = {
    "name": "abc",
    "count": 3,
    "amount": Decimal("12.50"),
    "day": datetime.date(2020, 2, 10),
    "at": datetime.datetime(2020, 2, 10, 8, 30, tzinfo=datetime.UTC),
}


def test_output_is_drfs():
    assert Shared(ROW).data == Plain(ROW).data
    assert (
        Shared([ROW, {**ROW, "count": None}], many=True).data
        == Plain([ROW, {**ROW, "count": None}], many=True).data
    )


@pytest.mark.parametrize(
    "data",
    [
        {"name": "abcdef", "count": -1},
        {"count": "x", "amount": "1.234"},
        {"name": "ok", "day": "2020-13-01"},
        {"name": "ok", "count": "7", "amount": "3.5"},
    ],
)
def test_validation_is_drfs(data):
    shared, plain = Shared(data=data), Plain(data=data)
    assert shared.is_valid() == plain.is_valid()
    assert shared.errors == plain.errors
    if plain.is_valid():
        assert shared.validated_data == plain.validated_data


def test_partial_validation_keeps_its_own_fields():
    assert Shared(data={"count": 1}, partial=True).is_valid()
    assert not Shared(data={"count": 1}).is_valid()  # name is required unless partial
    assert Shared(data={"count": 1}).fields is not Shared(data={}, partial=True).fields


def test_fields_are_built_once():
    assert Shared(ROW).fields is Shared(data={}).fields


def test_fields_that_need_their_serializer_are_refused():
    with pytest.raises(TypeError, match="shout"):
        WithMethod({}).data  # noqa: B018 - building the fields is the point


def test_threads_share_the_fields_safely():
    rows = [{**ROW, "count": n, "name": str(n)} for n in range(200)]
    results, errors = {}, []

    def work(offset):
        try:
            for row in rows[offset::4]:
                results[row["count"]] = Shared(row).data
                assert Shared(data={"name": "x" * 6}).is_valid() is False
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert all(results[n] == Plain(rows[n]).data for n in range(200))
