from rest_framework import serializers

from fugong.audit.models import ChangeLog


class ChangeLogSerializer(serializers.ModelSerializer):
    content_type = serializers.SerializerMethodField()

    class Meta:
        model = ChangeLog
        fields = [
            "id",
            "time",
            "actor",
            "actor_name",
            "request_id",
            "action",
            "content_type",
            "object_id",
            "object_repr",
            "before",
            "after",
            "changed_fields",
            "message",
        ]

    def get_content_type(self, obj) -> str:
        return f"{obj.content_type.app_label}.{obj.content_type.model}"
