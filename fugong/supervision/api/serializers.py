"""Serializers of the supervision API. They convert; the services decide."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from fugong.supervision.choices import (
    EventKind,
    FindingStatus,
    InspectionField,
    InspectionKind,
    InspectionResult,
    InspectionStatus,
    ItemOutcome,
    ReplyOutcome,
    Severity,
    StopWorkStatus,
)
from fugong.supervision.models import (
    ConflictDeclaration,
    EvidencePhoto,
    Finding,
    Inspection,
    InspectionAnswer,
    InspectionChecklist,
    InspectionChecklistItem,
    Inspector,
    RectificationNotice,
    RectificationReply,
    StopWorkOrder,
    SupervisionEvent,
)


def choice_field(choices, **kwargs):
    """A choice documented as a string listing its values rather than as a named enum
    component, whose name ("kind", "field"…) other apps' enums share (W001 collisions)."""
    values = ", ".join(choices.values)

    @extend_schema_field({"type": "string", "description": f"One of: {values}."})
    class InlineChoiceField(serializers.ChoiceField):
        pass

    return InlineChoiceField(choices=choices.choices, **kwargs)


def state_field(choices):
    """A read-only state documented as a string listing its values (no enum component,
    so that it does not collide with other apps' "status" enums)."""
    values = ", ".join(choices.values)

    @extend_schema_field({"type": "string", "readOnly": True, "description": f"One of: {values}."})
    class StateField(serializers.CharField):
        pass

    return StateField(read_only=True)


class InspectorSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="display_name", read_only=True)
    field = choice_field(InspectionField)

    class Meta:
        model = Inspector
        fields = [
            "id",
            "user",
            "name",
            "organisation",
            "field",
            "certificate_number",
            "is_active",
            "version",
        ]
        read_only_fields = ["id", "name", "version"]


class ConflictDeclarationSerializer(serializers.ModelSerializer):
    class Meta:
        model = ConflictDeclaration
        fields = ["id", "inspector", "project", "enterprise", "reason", "created_at"]
        read_only_fields = ["id", "created_at"]
        extra_kwargs = {"reason": {"allow_blank": True}}


class InspectionChecklistItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = InspectionChecklistItem
        fields = ["id", "position", "code", "text", "guidance"]
        read_only_fields = ["id", "position"]
        extra_kwargs = {"code": {"required": False, "allow_blank": True}}


class InspectionChecklistSerializer(serializers.ModelSerializer):
    items = InspectionChecklistItemSerializer(many=True)
    field = choice_field(InspectionField)

    class Meta:
        model = InspectionChecklist
        fields = [
            "id",
            "field",
            "version_number",
            "title",
            "is_active",
            "frozen_at",
            "items",
            "version",
        ]
        read_only_fields = ["id", "version_number", "is_active", "frozen_at", "version"]


class EvidencePhotoSerializer(serializers.ModelSerializer):
    url = serializers.CharField(source="get_absolute_url", read_only=True)
    name = serializers.CharField(source="__str__", read_only=True)

    class Meta:
        model = EvidencePhoto
        fields = ["id", "name", "url", "created_at"]


class RectificationNoticeSerializer(serializers.ModelSerializer):
    class Meta:
        model = RectificationNotice
        fields = [
            "id",
            "number",
            "enterprise",
            "required_actions",
            "deadline",
            "issued_at",
            "overdue_flagged_at",
        ]
        read_only_fields = fields


class RectificationReplySerializer(serializers.ModelSerializer):
    outcome = state_field(ReplyOutcome)
    photos = EvidencePhotoSerializer(many=True, read_only=True)

    class Meta:
        model = RectificationReply
        fields = [
            "id",
            "enterprise",
            "text",
            "submitted_by",
            "created_at",
            "outcome",
            "reinspection",
            "reviewed_by",
            "reviewed_at",
            "review_note",
            "photos",
        ]
        read_only_fields = fields


class FindingSerializer(serializers.ModelSerializer):
    status = state_field(FindingStatus)
    severity = choice_field(Severity, read_only=True)
    notice = RectificationNoticeSerializer(read_only=True)
    photos = EvidencePhotoSerializer(many=True, read_only=True)
    replies = RectificationReplySerializer(source="notice.replies", many=True, read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = Finding
        fields = [
            "id",
            "inspection",
            "project",
            "item",
            "severity",
            "description",
            "notes",
            "stop_work",
            "status",
            "is_overdue",
            "stop_work_order",
            "closed_at",
            "notice",
            "photos",
            "replies",
            "version",
        ]
        read_only_fields = fields


class InspectionAnswerSerializer(serializers.ModelSerializer):
    outcome = choice_field(ItemOutcome, read_only=True)

    class Meta:
        model = InspectionAnswer
        fields = ["item", "outcome", "note"]


class InspectionSerializer(serializers.ModelSerializer):
    status = state_field(InspectionStatus)
    kind = choice_field(InspectionKind, read_only=True)
    field = choice_field(InspectionField, read_only=True)
    result = state_field(InspectionResult)
    answers = InspectionAnswerSerializer(many=True, read_only=True)

    class Meta:
        model = Inspection
        fields = [
            "id",
            "number",
            "project",
            "kind",
            "field",
            "checklist",
            "inspectors",
            "follows",
            "planned_on",
            "status",
            "result",
            "notes",
            "ordered_by",
            "completed_at",
            "completed_by",
            "answers",
            "version",
        ]
        read_only_fields = fields


class InspectionStartSerializer(serializers.Serializer):
    project = serializers.IntegerField()
    kind = serializers.CharField()
    field = serializers.CharField()
    inspectors = serializers.ListField(child=serializers.IntegerField(), allow_empty=True)
    planned_on = serializers.DateField(required=False)
    follows = serializers.IntegerField(required=False, allow_null=True)
    notes = serializers.CharField(required=False, allow_blank=True)


class InspectionAnswerInputSerializer(serializers.Serializer):
    item = serializers.IntegerField()
    outcome = serializers.CharField()
    note = serializers.CharField(required=False, allow_blank=True, max_length=300)


class InspectionAnswersInputSerializer(serializers.Serializer):
    answers = InspectionAnswerInputSerializer(many=True)
    notes = serializers.CharField(required=False, allow_blank=True)
    version = serializers.IntegerField(required=False)


class FindingInputSerializer(serializers.Serializer):
    severity = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    required_actions = serializers.CharField(allow_blank=True)
    deadline = serializers.DateField()
    item = serializers.IntegerField(required=False, allow_null=True)
    enterprise = serializers.IntegerField(required=False, allow_null=True)
    stop_work = serializers.BooleanField(required=False, default=False)
    notes = serializers.CharField(required=False, allow_blank=True)
    photos = serializers.ListField(child=serializers.FileField(), required=False)


class InspectionCompleteSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False)


class RectificationReplyInputSerializer(serializers.Serializer):
    text = serializers.CharField(allow_blank=True)
    photos = serializers.ListField(child=serializers.FileField(), required=False)


class ReinspectionInputSerializer(serializers.Serializer):
    accepted = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True)
    new_deadline = serializers.DateField(required=False, allow_null=True)


class StopWorkOrderSerializer(serializers.ModelSerializer):
    status = state_field(StopWorkStatus)

    class Meta:
        model = StopWorkOrder
        fields = [
            "id",
            "number",
            "project",
            "inspection",
            "reason",
            "status",
            "issued_by",
            "issued_at",
            "suspended_project",
            "lifted_at",
            "lifted_by",
            "lifting_inspection",
        ]
        read_only_fields = fields


class SupervisionEventSerializer(serializers.ModelSerializer):
    actor = serializers.StringRelatedField()
    kind = choice_field(EventKind, read_only=True)

    class Meta:
        model = SupervisionEvent
        fields = [
            "id",
            "time",
            "kind",
            "project",
            "inspection",
            "finding",
            "stop_work_order",
            "actor",
            "message",
        ]
        read_only_fields = fields


class InspectionTargetSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    kind = serializers.CharField(read_only=True)
    region = serializers.IntegerField(source="region_id", read_only=True)
    district = serializers.CharField(source="region.name", read_only=True)
    status = serializers.CharField(read_only=True)
    last_inspected = serializers.DateField(read_only=True, allow_null=True)
    open_findings = serializers.IntegerField(read_only=True)
