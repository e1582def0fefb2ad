import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from fugong.care.models import Disinfection, Errand, Quarantine, SupplyItem

ATTRS = {"class": "table table-sm table-hover align-middle"}


def _link(record):
    return record.get_absolute_url()


class QuarantineTable(tables.Table):
    resident = tables.Column(verbose_name=_("Resident"), accessor="resident__name", linkify=_link)
    household = tables.Column(
        verbose_name=_("Household"), accessor="resident__household", orderable=False
    )
    # Short dates: the list is read on phones.
    starts_on = tables.DateColumn(verbose_name=_("From"), format="m-d")
    planned_end_on = tables.DateColumn(verbose_name=_("Until"), format="m-d")
    last_check_on = tables.DateColumn(verbose_name=_("Last check"), format="m-d")
    check_overdue = tables.Column(verbose_name=_("Check"), orderable=False)

    class Meta:
        model = Quarantine
        fields = ("resident", "household", "starts_on", "planned_end_on", "status",
                  "last_check_on", "check_overdue")  # fmt: skip
        attrs = ATTRS
        row_attrs = {"data-overdue": lambda record: "1" if record.check_overdue else "0"}

    def render_check_overdue(self, record):
        if record.check_overdue:
            return format_html('<span class="badge text-bg-danger">{}</span>', _("Overdue"))
        if record.checked_today:
            return format_html('<span class="badge text-bg-success">{}</span>', _("Done today"))
        return ""

    def value_check_overdue(self, record):
        return str(_("Overdue")) if record.check_overdue else ""


class ErrandTable(tables.Table):
    kind = tables.Column(verbose_name=_("Kind"), linkify=_link)
    household = tables.Column(verbose_name=_("Household"), orderable=False)
    items = tables.Column(verbose_name=_("What is needed"), orderable=False)
    requested_at = tables.DateTimeColumn(verbose_name=_("Requested at"), format="m-d H:i")
    outstanding = tables.Column(
        verbose_name=_("Outstanding (yuan)"), orderable=False, empty_values=()
    )

    class Meta:
        model = Errand
        fields = ("kind", "household", "items", "status", "assignee", "requested_at",
                  "advanced", "outstanding")  # fmt: skip
        attrs = ATTRS

    def render_items(self, value):
        return value if len(value) <= 30 else value[:30] + "…"

    def value_items(self, value):
        return value

    def render_assignee(self, value):
        return value.full_name or value.username

    def value_assignee(self, value):
        return value.full_name or value.username

    def render_outstanding(self, record):
        return record.outstanding

    def value_outstanding(self, record):
        return str(record.outstanding)


class DisinfectionTable(tables.Table):
    region = tables.Column(verbose_name=_("Building or compound"), linkify=_link)
    done_at = tables.DateTimeColumn(verbose_name=_("Done at"), format="Y-m-d H:i")

    class Meta:
        model = Disinfection
        fields = ("region", "areas", "agent", "done_at", "performed_by")
        attrs = ATTRS

    def render_region(self, value):
        return f"{value.parent.name} {value.name}" if value.parent_id else value.name

    def value_region(self, value):
        return self.render_region(value)


class SupplyItemTable(tables.Table):
    name = tables.Column(verbose_name=_("Item name"), linkify=_link)
    community = tables.Column(verbose_name=_("Community"), accessor="community__name")
    stock = tables.Column(verbose_name=_("In stock"))

    class Meta:
        model = SupplyItem
        fields = ("name", "category", "community", "stock", "unit", "low_threshold")
        attrs = ATTRS
        row_attrs = {"data-low": lambda record: "1" if record.is_low else "0"}

    def render_stock(self, record):
        if record.is_low:
            return format_html(
                '{} <span class="badge text-bg-warning">{}</span>', record.stock, _("Low")
            )
        return record.stock

    def value_stock(self, record):
        return record.stock
