import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from fugong.coordination.models import Ticket, TicketRoute, VehiclePass

ATTRS = {"class": "table table-sm table-hover align-middle"}


class TicketTable(tables.Table):
    reference = tables.Column(
        verbose_name=_("No."), accessor="pk", linkify=lambda record: record.get_absolute_url()
    )
    title = tables.Column(
        verbose_name=_("Problem"), linkify=lambda record: record.get_absolute_url()
    )
    project = tables.Column(verbose_name=_("Project"), accessor="project__name")
    due_at = tables.DateTimeColumn(verbose_name=_("Due by"), format="Y-m-d H:i")
    overdue = tables.Column(
        verbose_name=_("Overdue"), accessor="pk", empty_values=(), orderable=False
    )

    class Meta:
        model = Ticket
        fields = (
            "reference",
            "title",
            "category",
            "project",
            "enterprise",
            "department",
            "assignee",
            "status",
            "due_at",
            "overdue",
            "rating",
        )
        attrs = ATTRS
        row_attrs = {"data-overdue": lambda record: "1" if record.is_overdue else "0"}
        order_by = ("-reference",)

    def render_reference(self, record):
        return record.reference

    def value_reference(self, record):
        return record.reference

    def render_overdue(self, record):
        if record.is_overdue:
            return format_html('<span class="badge text-bg-danger">{}</span>', _("Overdue"))
        return ""

    def value_overdue(self, record):
        return str(_("Overdue")) if record.is_overdue else ""

    def render_assignee(self, value):
        return value.full_name or value.username

    def value_assignee(self, value):
        return value.full_name or value.username if value else ""

    def render_rating(self, value):
        return "★" * value

    def value_rating(self, value):
        return value or ""

    def value_due_at(self, value):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


class VehiclePassTable(tables.Table):
    plate_number = tables.Column(
        verbose_name=_("Plate number"), linkify=lambda record: record.get_absolute_url()
    )
    project = tables.Column(verbose_name=_("Project"), accessor="project__name")

    class Meta:
        model = VehiclePass
        fields = (
            "plate_number",
            "project",
            "enterprise",
            "valid_from",
            "valid_until",
            "status",
            "created_at",
        )
        attrs = ATTRS
        order_by = ("-created_at",)

    def render_plate_number(self, record):
        return record.plate_display

    def value_plate_number(self, record):
        return record.plate_display

    def value_created_at(self, value):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


class TicketRouteTable(tables.Table):
    category = tables.Column(linkify=lambda record: record.get_absolute_url())
    deadline = tables.Column(verbose_name=_("Deadline"), accessor="deadline_value", orderable=False)

    class Meta:
        model = TicketRoute
        fields = ("category", "target", "department", "deadline", "is_active")
        attrs = ATTRS

    def render_deadline(self, record):
        return record.deadline_display

    def value_deadline(self, record):
        return record.deadline_display
