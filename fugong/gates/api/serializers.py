from rest_framework import serializers

from fugong.common.pii.serializers import PersonalDataSerializerField
from fugong.gates.choices import CheckpointKind, Direction
from fugong.gates.models import (
    Checkpoint,
    ContactTracingCase,
    Passage,
    RetentionPurge,
    TracingRun,
)


class CheckpointSerializer(serializers.ModelSerializer):
    compound_name = serializers.CharField(source="compound.name", read_only=True)

    class Meta:
        model = Checkpoint
        fields = [
            "id",
            "compound",
            "compound_name",
            "name",
            "kind",
            "location",
            "is_active",
            "note",
            "version",
            "created_at",
        ]
        read_only_fields = ["version", "created_at"]


class CheckpointWriteSerializer(serializers.Serializer):
    compound = serializers.IntegerField(required=False)
    name = serializers.CharField(max_length=60, required=False)
    kind = serializers.ChoiceField(choices=CheckpointKind.choices, required=False)
    location = serializers.CharField(max_length=200, required=False, allow_blank=True)
    is_active = serializers.BooleanField(required=False)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)
    version = serializers.IntegerField(required=False)


class PassageSerializer(serializers.ModelSerializer):
    person = serializers.CharField(source="person_label", read_only=True)
    visitor_phone = PersonalDataSerializerField(kind="mobile", read_only=True)

    class Meta:
        model = Passage
        fields = [
            "id",
            "checkpoint",
            "at",
            "direction",
            "temperature",
            "fever",
            "quarantine_alert",
            "resident",
            "person",
            "visitor_name",
            "visitor_phone",
            "visit_reason",
            "visiting",
            "source",
            "recorded_by",
            "anonymised_at",
        ]
        read_only_fields = fields


class PassageRecordSerializer(serializers.Serializer):
    checkpoint = serializers.IntegerField()
    direction = serializers.ChoiceField(choices=Direction.choices)
    temperature = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    resident = serializers.IntegerField(required=False, allow_null=True)
    visitor_name = serializers.CharField(max_length=50, required=False, allow_blank=True)
    visitor_phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    visit_reason = serializers.CharField(max_length=100, required=False, allow_blank=True)
    visiting = serializers.CharField(max_length=100, required=False, allow_blank=True)
    at = serializers.DateTimeField(required=False)
    request_key = serializers.CharField(max_length=40, required=False, allow_blank=True)


class TraceRequestSerializer(serializers.Serializer):
    resident = serializers.IntegerField(required=False, allow_null=True)
    passage = serializers.IntegerField(required=False, allow_null=True)
    minutes = serializers.IntegerField(default=15)
    days = serializers.IntegerField(default=14)


class ContactSerializer(serializers.Serializer):
    name = serializers.CharField()
    resident = serializers.IntegerField(source="resident_id", allow_null=True)
    address = serializers.CharField()
    phone = serializers.CharField()
    encounters = serializers.IntegerField()
    first_at = serializers.DateTimeField()
    last_at = serializers.DateTimeField()
    gates = serializers.ListField(child=serializers.CharField())
    fever = serializers.BooleanField()


class TraceResultSerializer(serializers.Serializer):
    run = serializers.IntegerField(source="run.pk")
    subject = serializers.CharField(source="subject_label")
    minutes = serializers.IntegerField()
    days = serializers.IntegerField()
    subject_passages = serializers.SerializerMethodField()
    contacts = ContactSerializer(many=True)

    def get_subject_passages(self, obj) -> int:
        return len(obj.subject_passages)


class CaseSerializer(serializers.ModelSerializer):
    held = serializers.IntegerField(read_only=True)

    class Meta:
        model = ContactTracingCase
        fields = [
            "id",
            "community",
            "subject_label",
            "subject_resident",
            "reason",
            "minutes",
            "days",
            "status",
            "held",
            "opened_by",
            "created_at",
            "closed_by",
            "closed_at",
            "close_note",
            "version",
        ]
        read_only_fields = fields


class CaseOpenSerializer(TraceRequestSerializer):
    reason = serializers.CharField(max_length=1000)


class CaseCloseSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)
    version = serializers.IntegerField(required=False)


class TracingRunSerializer(serializers.ModelSerializer):
    class Meta:
        model = TracingRun
        fields = [
            "id",
            "at",
            "run_by",
            "community",
            "subject_label",
            "subject_resident",
            "subject_passage",
            "minutes",
            "days",
            "found",
            "exported",
        ]
        read_only_fields = fields


class RetentionPurgeSerializer(serializers.ModelSerializer):
    class Meta:
        model = RetentionPurge
        fields = ["id", "at", "cutoff", "counts", "run_by"]
        read_only_fields = fields
