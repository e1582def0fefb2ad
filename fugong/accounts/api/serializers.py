from rest_framework import serializers

from fugong.accounts.models import Role, RoleGrant, User
from fugong.common.pii.serializers import PersonalDataSerializerField


class UserSerializer(serializers.ModelSerializer):
    phone = PersonalDataSerializerField(kind="mobile", required=False, allow_null=True)
    id_number = PersonalDataSerializerField(kind="identity", required=False, allow_null=True)
    password = serializers.CharField(
        write_only=True, required=False, style={"input_type": "password"}
    )

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "full_name",
            "email",
            "phone",
            "id_number",
            "organisation",
            "is_party_member",
            "is_active",
            "password",
        ]


class RoleSerializer(serializers.ModelSerializer):
    permissions = serializers.SlugRelatedField(slug_field="codename", many=True, read_only=True)

    class Meta:
        model = Role
        fields = [
            "id",
            "code",
            "name",
            "description",
            "scope_kind",
            "requires_two_factor",
            "permissions",
        ]


class RoleGrantSerializer(serializers.ModelSerializer):
    role = serializers.SlugRelatedField(slug_field="code", queryset=Role.objects.all())

    class Meta:
        model = RoleGrant
        fields = [
            "id",
            "user",
            "role",
            "region",
            "organisation",
            "valid_from",
            "valid_until",
            "note",
            "granted_by",
            "revoked_at",
        ]
        read_only_fields = ["valid_from", "granted_by", "revoked_at"]
