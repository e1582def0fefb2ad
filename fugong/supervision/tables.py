import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from fugong.supervision.models import (
    Finding,
    Inspection,
    InspectionChecklist,
    Inspector,
    StopWorkOrder,
)

ATTRS = {"class": "table table-sm table-hover align-middle"}
RESULT_BADGES = {
    "passed": "text-bg-success",
    "rectify": "text-bg-warning",
    "stop_work": "text-bg-danger",
}


class InspectionTable(tables.Table):
    number = tables.Column(verbose_name=_("Number"), linkify=True)
    project = tables.Column(verbose_name=_("Project"), accessor="project__name")
    district = tables.Column(verbose_name=_("District"), accessor="project__region__name")

    class Meta:
        model = Inspection
        fields = (
            "number",
            "planned_on",
            "project",
            "district",
            "kind",
            "field",
            "status",
            "result",
        )
        attrs = ATTRS
        order_by = ("-planned_on",)

    def render_result(self, record, value):
        badge = RESULT_BADGES.get(record.result, "text-bg-secondary")
        return format_html('<span class="badge {}">{}</span>', badge, value)


class FindingTable(tables.Table):
    notice = tables.Column(
        verbose_name=_("Notice"),
        accessor="notice__number",
        linkify=lambda record: record.get_absolute_url(),
    )
    project = tables.Column(verbose_name=_("Project"), accessor="project__name")
    description = tables.Column(verbose_name=_("What was found"))
    deadline = tables.DateColumn(verbose_name=_("Rectify by"), accessor="notice__deadline")
    enterprise = tables.Column(verbose_name=_("Addressed to"), accessor="notice__enterprise__name")
    is_overdue = tables.Column(verbose_name=_("Overdue"), orderable=False)

    class Meta:
        model = Finding
        fields = (
            "notice",
            "project",
            "severity",
            "description",
            "enterprise",
            "deadline",
            "status",
        )
        sequence = ("notice", "project", "severity", "description", "...")
        attrs = ATTRS
        row_attrs = {"data-overdue": lambda record: "1" if record.is_overdue else "0"}
        order_by = ("notice__deadline",)

    def render_description(self, value):
        return value if len(value) <= 40 else f"{value[:40]}…"

    def render_severity(self, record, value):
        badge = "text-bg-danger" if record.severity == "major" else "text-bg-warning"
        return format_html('<span class="badge {}">{}</span>', badge, value)

    def render_is_overdue(self, value):
        if value:
            return format_html('<span class="badge text-bg-danger">{}</span>', _("Overdue"))
        return ""

    def value_is_overdue(self, value):
        return _("Overdue") if value else ""


class StopWorkTable(tables.Table):
    number = tables.Column(verbose_name=_("Number"), linkify=True)
    project = tables.Column(verbose_name=_("Project"), accessor="project__name")
    district = tables.Column(verbose_name=_("District"), accessor="project__region__name")

    class Meta:
        model = StopWorkOrder
        fields = ("number", "issued_at", "project", "district", "status", "lifted_at")
        attrs = ATTRS
        order_by = ("-issued_at",)


class InspectorTable(tables.Table):
    name = tables.Column(
        verbose_name=_("Name"),
        accessor="user__full_name",
        linkify=lambda record: record.get_absolute_url(),
    )

    class Meta:
        model = Inspector
        fields = ("name", "field", "organisation", "certificate_number", "is_active")
        attrs = ATTRS

    def render_name(self, record):
        return record.display_name

    def value_name(self, record):
        return record.display_name


class TargetTable(tables.Table):
    name = tables.Column(
        verbose_name=_("Project"), linkify=lambda record: record.get_absolute_url()
    )
    district = tables.Column(verbose_name=_("District"), accessor="region__name")
    kind = tables.Column(verbose_name=_("Kind"))
    status = tables.Column(verbose_name=_("Status"))
    last_inspected = tables.DateColumn(verbose_name=_("Last inspected"))
    open_findings = tables.Column(verbose_name=_("Open findings"))
    inspect = tables.Column(verbose_name="", accessor="pk", orderable=False)

    class Meta:
        attrs = ATTRS
        order_by = ("name",)

    def render_kind(self, record):
        return record.get_kind_display()

    def render_status(self, record):
        return record.get_status_display()

    def value_kind(self, record):
        return record.get_kind_display()

    def value_status(self, record):
        return record.get_status_display()

    def render_inspect(self, value):
        url = reverse("supervision:inspection_add") + f"?project={value}"
        return format_html(
            '<a class="btn btn-sm btn-outline-primary" href="{}">{}</a>', url, _("Inspect")
        )

    def value_inspect(self, value):
        return ""


class ChecklistTable(tables.Table):
    title = tables.Column(verbose_name=_("Title"), linkify=True)

    class Meta:
        model = InspectionChecklist
        fields = ("field", "version_number", "title", "is_active", "frozen_at")
        attrs = ATTRS
