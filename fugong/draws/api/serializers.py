"""Serializers of the draws API. They convert; the services decide. The seed and the
result appear only once the draw is made."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from fugong.construction.choices import ProjectKind
from fugong.draws.choices import DrawStatus, SelectionMode, Weighting
from fugong.draws.models import MAX_INSPECTORS, MIN_INSPECTORS, Draw, DrawTarget
from fugong.supervision.choices import InspectionField


@extend_schema_field(
    {"type": "string", "readOnly": True, "description": "One of: " + ", ".join(DrawStatus.values)}
)
class DrawStatusField(serializers.CharField):
    pass


class DrawTargetSerializer(serializers.ModelSerializer):
    project_name = serializers.CharField(source="project.name", read_only=True)

    class Meta:
        model = DrawTarget
        fields = ["rank", "project", "project_name", "weight", "inspectors", "inspection"]
        read_only_fields = fields


class DrawSerializer(serializers.ModelSerializer):
    status = DrawStatusField(read_only=True)
    seed = serializers.SerializerMethodField()
    drawn = DrawTargetSerializer(source="targets", many=True, read_only=True)
    public_url = serializers.CharField(source="get_public_url", read_only=True)

    class Meta:
        model = Draw
        fields = [
            "id",
            "number",
            "title",
            "region",
            "field",
            "project_kind",
            "mode",
            "count",
            "share_percent",
            "inspectors_per_target",
            "weighting",
            "planned_on",
            "status",
            "candidates",
            "selected",
            "inputs",
            "inputs_hash",
            "seed_hash",
            "seed",
            "result",
            "drawn",
            "published_at",
            "drawn_at",
            "assigned_at",
            "public_url",
            "version",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_seed(self, draw) -> str | None:
        return draw.seed if draw.seed_revealed else None


class DrawPrepareSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=150)
    region = serializers.IntegerField()
    field = serializers.ChoiceField(choices=InspectionField.choices)
    project_kind = serializers.ChoiceField(choices=ProjectKind.choices, required=False, default="")
    mode = serializers.ChoiceField(choices=SelectionMode.choices)
    count = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    share_percent = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=100
    )
    inspectors_per_target = serializers.IntegerField(
        min_value=MIN_INSPECTORS, max_value=MAX_INSPECTORS, default=MIN_INSPECTORS
    )
    weighting = serializers.ChoiceField(choices=Weighting.choices, default=Weighting.RISK)
    planned_on = serializers.DateField(required=False)
