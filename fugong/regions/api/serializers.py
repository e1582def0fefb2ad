from rest_framework import serializers

from fugong.regions.models import Region


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = [
            "id",
            "parent",
            "level",
            "code",
            "name",
            "path",
            "depth",
            "has_property_management",
            "address",
            "version",
        ]
        read_only_fields = ["path", "depth", "version"]
