from rest_framework import serializers

from fugong.common.pii.serializers import PersonalDataSerializerField
from fugong.construction.models import Project


class ProjectSerializer(serializers.ModelSerializer):
    responsible_phone = PersonalDataSerializerField(kind="mobile", required=False, allow_null=True)

    class Meta:
        model = Project
        fields = [
            "id",
            "name",
            "kind",
            "is_city_key",
            "region",
            "address",
            "builder",
            "contractor",
            "supervisor",
            "contract_value",
            "responsible_person",
            "responsible_phone",
            "status",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["status", "version", "created_at", "updated_at"]
