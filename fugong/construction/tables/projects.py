import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from fugong.construction.models import Project


class ProjectTable(tables.Table):
    name = tables.Column(linkify=True)
    region = tables.Column(verbose_name=_("District"))
    responsible_phone = tables.Column()

    class Meta:
        model = Project
        fields = (
            "name",
            "kind",
            "is_city_key",
            "region",
            "status",
            "builder",
            "contractor",
            "responsible_person",
            "responsible_phone",
        )
        attrs = {"class": "table table-sm table-hover align-middle"}
        order_by = ("name",)
