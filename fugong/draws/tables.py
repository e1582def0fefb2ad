import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from fugong.draws.models import Draw


class DrawTable(tables.Table):
    number = tables.Column(verbose_name=_("Number"), linkify=True)
    region = tables.Column(verbose_name=_("Region"), accessor="region__name")

    class Meta:
        model = Draw
        fields = (
            "number",
            "title",
            "region",
            "field",
            "planned_on",
            "selected",
            "candidates",
            "status",
        )
        attrs = {"class": "table table-sm table-hover align-middle"}
        order_by = ("-number",)
