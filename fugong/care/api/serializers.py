from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from fugong.care.choices import (
    CheckSource,
    ErrandEventKind,
    ErrandKind,
    ErrandStatus,
    MovementKind,
    QuarantineEventKind,
    QuarantineKind,
    QuarantineStatus,
    SupplyCategory,
    Symptom,
)
from fugong.care.models import (
    Disinfection,
    Errand,
    ErrandEvent,
    HealthCheck,
    Quarantine,
    QuarantineEvent,
    SupplyItem,
    SupplyMovement,
)


def choice_field(choices, **kwargs):
    """A choice documented as a string listing its values (enums named "status" or
    "kind" would collide with other apps' components)."""
    values = ", ".join(choices.values)

    @extend_schema_field({"type": "string", "description": f"One of: {values}."})
    class ChoiceString(serializers.ChoiceField):
        pass

    return ChoiceString(choices=choices.choices, **kwargs)


class QuarantineEventSerializer(serializers.ModelSerializer):
    actor = serializers.StringRelatedField()
    kind = choice_field(QuarantineEventKind, read_only=True)

    class Meta:
        model = QuarantineEvent
        fields = ["time", "kind", "actor", "message", "end_before", "end_after"]


class QuarantineSerializer(serializers.ModelSerializer):
    resident_name = serializers.CharField(source="resident.name", read_only=True)
    household = serializers.CharField(source="resident.household", read_only=True)
    kind = choice_field(QuarantineKind, read_only=True)
    status = choice_field(QuarantineStatus, read_only=True)
    last_check_on = serializers.DateField(read_only=True, allow_null=True)
    check_overdue = serializers.BooleanField(read_only=True)
    has_link = serializers.BooleanField(read_only=True)
    events = QuarantineEventSerializer(many=True, read_only=True)

    class Meta:
        model = Quarantine
        fields = ["id", "resident", "resident_name", "household", "community", "kind", "place",
                  "reason", "starts_on", "planned_end_on", "status", "started_by",
                  "released_at", "released_by", "release_note", "last_check_on",
                  "check_overdue", "has_link", "link_issued_at", "events", "version",
                  "created_at"]  # fmt: skip
        read_only_fields = fields


class QuarantineStartSerializer(serializers.Serializer):
    resident = serializers.IntegerField()
    kind = choice_field(QuarantineKind, default=QuarantineKind.HOME)
    starts_on = serializers.DateField(required=False)
    planned_end_on = serializers.DateField(required=False)
    place = serializers.CharField(required=False, allow_blank=True, max_length=100)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=200)


class CareVersionedSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False)


class QuarantineChangeEndSerializer(CareVersionedSerializer):
    planned_end_on = serializers.DateField()
    reason = serializers.CharField(max_length=300, allow_blank=True)


class QuarantineReleaseSerializer(CareVersionedSerializer):
    note = serializers.CharField(max_length=300, allow_blank=True, required=False)


class PersonalLinkSerializer(serializers.Serializer):
    url = serializers.CharField(help_text="The personal link; shown once, only its hash is kept.")


class HealthCheckSerializer(serializers.ModelSerializer):
    source = choice_field(CheckSource, read_only=True)
    is_fever = serializers.BooleanField(read_only=True)

    class Meta:
        model = HealthCheck
        fields = ["id", "quarantine", "date", "temperature", "is_fever", "symptoms", "note",
                  "source", "recorded_by", "created_at"]  # fmt: skip
        read_only_fields = fields


class HealthCheckRecordSerializer(serializers.Serializer):
    temperature = serializers.CharField(max_length=8, help_text="°C, 34.0 to 43.0")
    symptoms = serializers.ListField(
        child=choice_field(Symptom), required=False, default=list, max_length=10
    )
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)
    date = serializers.DateField(required=False)


class ErrandEventSerializer(serializers.ModelSerializer):
    actor = serializers.StringRelatedField()
    kind = choice_field(ErrandEventKind, read_only=True)

    class Meta:
        model = ErrandEvent
        fields = ["time", "kind", "actor", "message", "amount"]


class ErrandSerializer(serializers.ModelSerializer):
    household_label = serializers.CharField(source="household", read_only=True)
    kind = choice_field(ErrandKind, read_only=True)
    status = choice_field(ErrandStatus, read_only=True)
    outstanding = serializers.DecimalField(max_digits=10, decimal_places=2, read_only=True)
    events = ErrandEventSerializer(many=True, read_only=True)

    class Meta:
        model = Errand
        fields = ["id", "household", "household_label", "community", "quarantine", "kind",
                  "items", "contact_note", "status", "requested_by", "requested_at", "assignee",
                  "delivered_at", "delivered_by", "confirmed_at", "advanced", "repaid",
                  "outstanding", "events", "version"]  # fmt: skip
        read_only_fields = fields


class ErrandRequestSerializer(serializers.Serializer):
    household = serializers.IntegerField()
    kind = choice_field(ErrandKind)
    items = serializers.CharField(max_length=1000, allow_blank=True)
    contact_note = serializers.CharField(max_length=200, required=False, allow_blank=True)
    submission_key = serializers.CharField(max_length=40, required=False, allow_blank=True)


class ErrandAssignSerializer(CareVersionedSerializer):
    assignee = serializers.IntegerField()


class ErrandDeliverSerializer(CareVersionedSerializer):
    advanced = serializers.CharField(max_length=16, required=False, default="0")
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)


class ErrandRepaySerializer(serializers.Serializer):
    amount = serializers.CharField(max_length=16)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)


class ErrandCancelSerializer(CareVersionedSerializer):
    reason = serializers.CharField(max_length=300, allow_blank=True)


class DisinfectionSerializer(serializers.ModelSerializer):
    region_name = serializers.CharField(source="region.name", read_only=True)

    class Meta:
        model = Disinfection
        fields = ["id", "region", "region_name", "community", "areas", "agent", "done_at",
                  "performed_by", "note", "photo", "recorded_by", "created_at"]  # fmt: skip
        read_only_fields = fields


class DisinfectionRecordSerializer(serializers.Serializer):
    region = serializers.IntegerField(help_text="A building or a compound.")
    areas = serializers.CharField(max_length=300, allow_blank=True)
    agent = serializers.CharField(max_length=100, allow_blank=True)
    done_at = serializers.DateTimeField(required=False)
    performed_by = serializers.CharField(max_length=100, required=False, allow_blank=True)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)
    photo = serializers.FileField(required=False)


class SupplyItemSerializer(serializers.ModelSerializer):
    category = choice_field(SupplyCategory)
    is_low = serializers.BooleanField(read_only=True)

    class Meta:
        model = SupplyItem
        fields = ["id", "community", "category", "name", "unit", "stock", "low_threshold",
                  "is_low", "version"]  # fmt: skip
        read_only_fields = ["id", "stock", "is_low", "version"]


class SupplyMovementSerializer(serializers.ModelSerializer):
    kind = choice_field(MovementKind, read_only=True)

    class Meta:
        model = SupplyMovement
        fields = ["id", "item", "kind", "quantity", "counterparty", "note", "stock_after",
                  "recorded_by", "created_at"]  # fmt: skip
        read_only_fields = fields


class SupplyMoveSerializer(serializers.Serializer):
    quantity = serializers.IntegerField()
    counterparty = serializers.CharField(max_length=100, allow_blank=True)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)


class CareSummarySerializer(serializers.Serializer):
    in_quarantine = serializers.IntegerField()
    fevers_today = serializers.IntegerField()
    overdue_checks = serializers.IntegerField()
    errands_open = serializers.IntegerField()
    errands_done = serializers.IntegerField()
    errands_done_today = serializers.IntegerField()
    buildings = serializers.IntegerField()
    buildings_disinfected = serializers.IntegerField()
    buildings_flagged = serializers.IntegerField()
    low_supplies = serializers.IntegerField()
