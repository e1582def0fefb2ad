import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from fugong.construction.models import (
    ChecklistTemplate,
    Commitment,
    Concern,
    CreditRecord,
    RoutingRule,
)

ATTRS = {"class": "table table-sm table-hover align-middle"}


class CommitmentTable(tables.Table):
    project = tables.Column(
        verbose_name=_("Project"),
        accessor="project__name",
        linkify=lambda record: record.get_absolute_url(),
    )
    district = tables.Column(verbose_name=_("District"), accessor="project__region__name")
    kind = tables.Column(verbose_name=_("Kind"), accessor="project__kind")
    unread = tables.Column(
        verbose_name=_("Opened"), accessor="read_at", empty_values=(), orderable=False
    )

    class Meta:
        model = Commitment
        fields = ("filed_at", "project", "district", "kind", "enterprise", "authority", "status")
        sequence = ("unread", "filed_at", "project", "...")
        attrs = ATTRS
        row_attrs = {"data-unread": lambda record: "1" if record.read_at is None else "0"}
        order_by = ("-filed_at",)

    def render_kind(self, record):
        return record.project.get_kind_display()

    def render_unread(self, record):
        if record.read_at is None:
            return format_html('<span class="badge text-bg-danger">{}</span>', _("New"))
        return format_html('<span class="text-muted small">{}</span>', _("Opened"))

    def value_unread(self, record):
        return "" if record.read_at is None else record.read_at.isoformat(timespec="minutes")

    def value_kind(self, record):
        return record.project.get_kind_display()


class ConcernTable(tables.Table):
    created_at = tables.DateTimeColumn(
        verbose_name=_("Reported at"),
        linkify=("construction:concern_detail", {"pk": tables.A("pk")}),
    )
    project = tables.Column(verbose_name=_("Project"), accessor="project__name")
    text = tables.Column(verbose_name=_("What was seen"))

    class Meta:
        model = Concern
        fields = ("created_at", "project", "text", "contact", "status", "handled_at")
        attrs = ATTRS
        order_by = ("-created_at",)

    def render_text(self, value):
        return value if len(value) <= 60 else f"{value[:60]}…"


class CreditRecordTable(tables.Table):
    recorded_at = tables.DateTimeColumn(
        verbose_name=_("Recorded at"),
        linkify=("construction:credit_detail", {"pk": tables.A("pk")}),
    )
    enterprise = tables.Column(verbose_name=_("Enterprise"), accessor="enterprise__name")
    project = tables.Column(
        verbose_name=_("Project"), accessor="commitment__project__name", default="—"
    )
    reason = tables.Column(verbose_name=_("Reason"))
    recorded_by = tables.Column(verbose_name=_("Recorded by"), default="—")

    class Meta:
        model = CreditRecord
        fields = ("recorded_at", "enterprise", "project", "reason", "recorded_by")
        attrs = ATTRS
        order_by = ("-recorded_at",)

    def render_reason(self, value):
        return value if len(value) <= 60 else f"{value[:60]}…"


class ChecklistTemplateTable(tables.Table):
    title = tables.Column(linkify=True)
    items = tables.Column(verbose_name=_("Items"), accessor="n_items", orderable=False)

    class Meta:
        model = ChecklistTemplate
        fields = ("title", "family", "version_number", "is_active", "frozen_at", "items")
        attrs = ATTRS
        order_by = ("family", "-version_number")


class RoutingRuleTable(tables.Table):
    name = tables.Column(linkify=("construction:routingrule_edit", {"pk": tables.A("pk")}))
    match_city_key = tables.Column(verbose_name=_("Projects"), empty_values=())

    class Meta:
        model = RoutingRule
        fields = (
            "priority",
            "name",
            "match_city_key",
            "match_kind",
            "target",
            "department",
            "is_active",
        )
        attrs = ATTRS
        order_by = ("priority",)

    def render_match_city_key(self, value):
        if value is None:
            return _("Any project")
        return _("City key projects") if value else _("Other projects")

    value_match_city_key = render_match_city_key
