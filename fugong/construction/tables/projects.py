import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from fugong.construction.choices import ProjectStatus
from fugong.construction.models import Project

# Bootstrap badge colours per status: a glance down the list shows what is stopped.
STATUS_BADGES = {
    ProjectStatus.NOT_STARTED: "text-bg-secondary",
    ProjectStatus.RESUMED: "text-bg-success",
    ProjectStatus.SUSPENDED: "text-bg-danger",
    ProjectStatus.COMPLETED: "text-bg-primary",
}


def status_badge(status: str, label) -> str:
    css = STATUS_BADGES.get(status, "text-bg-light")
    return format_html('<span class="badge {}" data-status="{}">{}</span>', css, status, label)


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

    def render_status(self, record):
        return status_badge(record.status, record.get_status_display())

    def value_status(self, record):
        return record.get_status_display()
