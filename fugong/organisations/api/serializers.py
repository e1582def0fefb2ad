from rest_framework import serializers

from fugong.organisations.models import Organisation


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = [
            "id",
            "parent",
            "kind",
            "name",
            "short_name",
            "region",
            "field",
            "enterprise_role",
            "credit_code",
            "contact_person",
            "address",
            "version",
        ]
        read_only_fields = ["version"]
