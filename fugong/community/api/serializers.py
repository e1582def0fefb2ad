from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from fugong.common.pii.serializers import PersonalDataSerializerField
from fugong.community.choices import DutyActivity
from fugong.community.models import (
    Deployment,
    DutyLog,
    Feedback,
    Household,
    Resident,
    ResidentGroup,
)


class HouseholdSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)

    class Meta:
        model = Household
        fields = ["id", "building", "unit", "room", "label", "note", "version", "created_at"]
        read_only_fields = ["version", "created_at"]
        validators = []  # one household per room: the service answers with code "duplicate"

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            fields["building"].read_only = True
        return fields


class ResidentSerializer(serializers.ModelSerializer):
    id_number = PersonalDataSerializerField(kind="identity", required=False, allow_null=True)
    phone = PersonalDataSerializerField(kind="mobile", required=False, allow_null=True)
    is_vulnerable = serializers.BooleanField(read_only=True)

    class Meta:
        model = Resident
        fields = [
            "id",
            "household",
            "name",
            "id_number",
            "phone",
            "sex",
            "birth_year",
            "residency",
            "returned_from",
            "returned_on",
            "health_status",
            "elderly_alone",
            "disabled",
            "chronic_illness",
            "pregnant",
            "left_behind_child",
            "vulnerable_note",
            "is_vulnerable",
            "note",
            "source",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["sex", "birth_year", "source", "version", "created_at", "updated_at"]
        validators = []  # one person per identity number: the service, code duplicate_identity


class DeploymentSerializer(serializers.ModelSerializer):
    cadre_name = serializers.CharField(source="cadre.get_full_name", read_only=True)
    community_name = serializers.CharField(source="community.name", read_only=True)

    class Meta:
        model = Deployment
        fields = [
            "id",
            "cadre",
            "cadre_name",
            "community",
            "community_name",
            "starts_on",
            "ends_on",
            "duty",
            "note",
            "version",
            "created_at",
        ]
        read_only_fields = ["version", "created_at"]
        validators = []

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            fields["cadre"].read_only = True
            fields["community"].read_only = True
        return fields


class DeploymentEndSerializer(serializers.Serializer):
    ends_on = serializers.DateField(required=False)
    note = serializers.CharField(required=False, allow_blank=True, max_length=300)


class CoverSerializer(serializers.Serializer):
    community = serializers.IntegerField(source="community.pk")
    community_name = serializers.CharField(source="community.name")
    subdistrict_name = serializers.CharField(source="community.parent.name")
    deployed = serializers.IntegerField(help_text=_("Cadres deployed there today."))
    checked_in = serializers.IntegerField(help_text=_("Of them, checked in today."))


class DutyLogSerializer(serializers.ModelSerializer):
    activities = serializers.MultipleChoiceField(choices=DutyActivity.choices)
    photo = serializers.ImageField(required=False, allow_null=True, write_only=True)
    has_photo = serializers.SerializerMethodField()

    class Meta:
        model = DutyLog
        fields = [
            "id",
            "cadre",
            "community",
            "compound",
            "date",
            "activities",
            "notes",
            "photo",
            "has_photo",
            "streak_days",
            "compound_streak_days",
            "checked_in_at",
            "version",
        ]
        read_only_fields = [
            "cadre",
            "date",
            "streak_days",
            "compound_streak_days",
            "checked_in_at",
            "version",
        ]
        extra_kwargs = {"community": {"required": False}}
        validators = []

    def get_has_photo(self, obj) -> bool:
        return bool(obj.photo)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["activities"] = [a for a in DutyActivity.values if a in set(instance.activities)]
        return data


class FeedbackSerializer(serializers.ModelSerializer):
    class Meta:
        model = Feedback
        fields = [
            "id",
            "cadre",
            "community",
            "source",
            "rating",
            "comment",
            "date",
            "author",
            "author_name",
            "hidden",
        ]
        read_only_fields = ["source", "date", "author", "author_name", "hidden"]
        validators = []

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if instance.hidden:
            data["comment"] = ""
        return data


class FeedbackHideSerializer(serializers.Serializer):
    hidden = serializers.BooleanField()
    reason = serializers.CharField(required=False, allow_blank=True, max_length=300)


class ResidentGroupSerializer(serializers.ModelSerializer):
    owner_phone = PersonalDataSerializerField(kind="mobile", required=False, allow_null=True)
    webhook_url = serializers.URLField(
        required=False, allow_blank=True, write_only=True, max_length=500
    )
    webhook = serializers.CharField(source="webhook_masked", read_only=True)

    class Meta:
        model = ResidentGroup
        fields = [
            "id",
            "building",
            "platform",
            "name",
            "owner_name",
            "owner_phone",
            "members_count",
            "webhook_url",
            "webhook",
            "is_active",
            "version",
        ]
        read_only_fields = ["version"]
        validators = []

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            fields["building"].read_only = True
        return fields


class ImportRequestSerializer(serializers.Serializer):
    file = serializers.FileField()
    area = serializers.IntegerField(help_text=_("The community or sub-district imported into."))
    dry_run = serializers.BooleanField(
        default=True,
        help_text=_("Only check (the default); false writes when no row has an error."),
    )


class ImportErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField()
    column = serializers.CharField()
    message = serializers.CharField()
    value = serializers.CharField()


class ImportResultSerializer(serializers.Serializer):
    committed = serializers.BooleanField()
    counts = serializers.DictField(child=serializers.IntegerField())
    ignored_columns = serializers.ListField(child=serializers.CharField())
    errors = ImportErrorSerializer(many=True)
