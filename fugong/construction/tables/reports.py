import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from fugong.construction.models import DailyReport, Project


class DailyReportTable(tables.Table):
    date = tables.DateColumn(format="Y-m-d", linkify=True)
    project = tables.Column()
    district = tables.Column(verbose_name=_("District"), accessor="project__region__name")
    people = tables.Column(
        verbose_name=_("people on site"), accessor="people_on_site", orderable=False
    )
    fevers = tables.Column()
    copied_from_previous = tables.BooleanColumn(verbose_name=_("same as previous"))

    class Meta:
        model = DailyReport
        fields = (
            "date",
            "project",
            "district",
            "people",
            "returned_today",
            "from_outside_province",
            "under_observation",
            "temperature_checked",
            "fevers",
            "output_value",
            "copied_from_previous",
            "submitted_by",
        )
        attrs = {"class": "table table-sm table-hover align-middle"}
        order_by = ("-date",)

    def render_fevers(self, value):
        if value:
            return format_html('<span class="badge text-bg-danger">{}</span>', value)
        return value

    def value_fevers(self, value):
        return value


class MissingReportTable(tables.Table):
    name = tables.Column(verbose_name=_("project"), linkify=True)
    region = tables.Column(verbose_name=_("District"))
    contractor = tables.Column()
    responsible_person = tables.Column()
    responsible_phone = tables.Column()

    class Meta:
        model = Project
        fields = (
            "name",
            "region",
            "status",
            "builder",
            "contractor",
            "responsible_person",
            "responsible_phone",
        )
        attrs = {"class": "table table-sm table-hover align-middle", "id": "missing-table"}
        orderable = False
