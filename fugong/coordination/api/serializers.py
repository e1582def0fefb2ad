from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from fugong.common.pii.serializers import PersonalDataSerializerField
from fugong.coordination.choices import (
    DeadlineUnit,
    PassStatus,
    RouteTarget,
    TicketCategory,
    TicketEventKind,
    TicketStatus,
)
from fugong.coordination.models import Ticket, TicketEvent, TicketRoute, VehiclePass


def choice_field(choices, **kwargs):
    """A choice documented as a string listing its values: as enums, "status" and
    "category" would collide with other apps' components (drf-spectacular W001)."""
    values = ", ".join(choices.values)

    @extend_schema_field({"type": "string", "description": f"One of: {values}."})
    class ChoiceString(serializers.ChoiceField):
        pass

    return ChoiceString(choices=choices.choices, **kwargs)


class TicketEventSerializer(serializers.ModelSerializer):
    actor = serializers.StringRelatedField()
    kind = choice_field(TicketEventKind, read_only=True)

    class Meta:
        model = TicketEvent
        fields = ["time", "kind", "actor", "message"]


class TicketSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    project_name = serializers.CharField(source="project.name", read_only=True)
    category = choice_field(TicketCategory, read_only=True)
    status = choice_field(TicketStatus, read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)
    events = TicketEventSerializer(many=True, read_only=True)

    class Meta:
        model = Ticket
        fields = [
            "id",
            "reference",
            "project",
            "project_name",
            "enterprise",
            "category",
            "title",
            "description",
            "raised_by",
            "department",
            "route",
            "due_at",
            "is_overdue",
            "assignee",
            "status",
            "resolution",
            "resolved_at",
            "resolved_by",
            "confirmed_at",
            "rating",
            "rating_comment",
            "reopen_count",
            "events",
            "version",
            "created_at",
        ]
        read_only_fields = fields


class TicketRaiseSerializer(serializers.Serializer):
    project = serializers.IntegerField()
    category = choice_field(TicketCategory)
    title = serializers.CharField(max_length=200, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    submission_key = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=40,
        help_text="A key unique to this submission: sent twice, it raises one ticket.",
    )


class CoordinationVersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        required=False, help_text="The version you read; refused with 409 if it moved on."
    )


class TicketAssignSerializer(CoordinationVersionSerializer):
    assignee = serializers.IntegerField(help_text="A user of the receiving department.")


class TicketTransferSerializer(CoordinationVersionSerializer):
    department = serializers.IntegerField(help_text="The department that should take it.")
    reason = serializers.CharField(allow_blank=True, max_length=4000)


class TicketResolveSerializer(CoordinationVersionSerializer):
    resolution = serializers.CharField(allow_blank=True, max_length=4000)


class TicketConfirmSerializer(CoordinationVersionSerializer):
    rating = serializers.JSONField(help_text="1 to 5.")
    rating_comment = serializers.CharField(required=False, allow_blank=True, max_length=1000)


class CoordinationReasonSerializer(CoordinationVersionSerializer):
    reason = serializers.CharField(allow_blank=True, max_length=4000)


class TicketRouteSerializer(serializers.ModelSerializer):
    category = choice_field(TicketCategory)
    target = choice_field(RouteTarget)
    deadline_unit = choice_field(DeadlineUnit, required=False)

    class Meta:
        model = TicketRoute
        fields = [
            "id",
            "category",
            "target",
            "department",
            "deadline_value",
            "deadline_unit",
            "is_active",
            "version",
        ]
        read_only_fields = ["version"]


class VehiclePassSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    project_name = serializers.CharField(source="project.name", read_only=True)
    plate_display = serializers.CharField(read_only=True)
    driver_phone = PersonalDataSerializerField(kind="mobile", read_only=True)
    status = choice_field(PassStatus, read_only=True)
    validity = serializers.SerializerMethodField()

    class Meta:
        model = VehiclePass
        fields = [
            "id",
            "reference",
            "project",
            "project_name",
            "enterprise",
            "plate_number",
            "plate_display",
            "driver_name",
            "driver_phone",
            "route",
            "purpose",
            "valid_from",
            "valid_until",
            "status",
            "validity",
            "applied_by",
            "decided_by",
            "decided_at",
            "refuse_reason",
            "revoked_by",
            "revoked_at",
            "revoke_reason",
            "version",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(
        {"type": "string", "description": "valid, not_yet_valid, expired, revoked or not_issued."}
    )
    def get_validity(self, obj) -> str:
        return str(obj.validity())


class PassApplySerializer(serializers.Serializer):
    project = serializers.IntegerField()
    plate_number = serializers.CharField(max_length=20, allow_blank=True)
    driver_name = serializers.CharField(max_length=100, allow_blank=True)
    driver_phone = serializers.CharField(max_length=20, allow_blank=True)
    route = serializers.CharField(max_length=600, allow_blank=True)
    purpose = serializers.CharField(max_length=600, allow_blank=True)
    valid_from = serializers.DateField()
    valid_until = serializers.DateField()
