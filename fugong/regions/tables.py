import django_tables2 as tables

from fugong.regions.models import Region


class RegionTable(tables.Table):
    name = tables.Column(linkify=True)

    class Meta:
        model = Region
        fields = ("name", "level", "code", "parent", "has_property_management", "address")
        attrs = {"class": "table table-sm table-hover align-middle"}
