import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from fugong.gates.models import Checkpoint, ContactTracingCase, Passage, TracingRun

ATTRS = {"class": "table table-sm table-hover align-middle"}


class CheckpointTable(tables.Table):
    name = tables.Column(linkify=lambda record: record.get_absolute_url())
    compound = tables.Column(verbose_name=_("Compound"), accessor="compound__name")
    community = tables.Column(verbose_name=_("Community"), accessor="compound__parent__name")

    class Meta:
        model = Checkpoint
        fields = ("name", "compound", "community", "kind", "location", "is_active")
        attrs = ATTRS
        order_by = ("compound", "name")


class PassageTable(tables.Table):
    at = tables.DateTimeColumn(format="Y-m-d H:i", linkify=lambda record: record.get_absolute_url())
    person = tables.Column(verbose_name=_("Person"), accessor="pk", orderable=False)
    checkpoint = tables.Column(verbose_name=_("Gate"), accessor="checkpoint__name")
    compound = tables.Column(verbose_name=_("Compound"), accessor="checkpoint__compound__name")
    alert = tables.Column(verbose_name=_("Alert"), accessor="pk", orderable=False)

    class Meta:
        model = Passage
        fields = ("at", "person", "direction", "temperature", "alert", "checkpoint", "compound")
        attrs = ATTRS
        row_attrs = {"data-fever": lambda record: "1" if record.fever else "0"}
        order_by = ("-at",)

    def render_person(self, record):
        return record.person_label

    def value_person(self, record):
        return record.person_label

    def _alerts(self, record):
        labels = []
        if record.fever:
            labels.append(str(_("Fever")))
        if record.quarantine_alert:
            labels.append(str(_("Left under quarantine")))
        return labels

    def render_alert(self, record):
        labels = self._alerts(record)
        return format_html(
            "".join('<span class="badge text-bg-danger me-1">{}</span>' for _l in labels),
            *labels,
        )

    def value_alert(self, record):
        return ", ".join(self._alerts(record))


class CaseTable(tables.Table):
    subject_label = tables.Column(linkify=lambda record: record.get_absolute_url())
    community = tables.Column(verbose_name=_("Community"), accessor="community__name")
    created_at = tables.DateTimeColumn(verbose_name=_("Opened"), format="Y-m-d H:i")
    held = tables.Column(verbose_name=_("Passages held"), accessor="held", orderable=False)

    class Meta:
        model = ContactTracingCase
        fields = ("subject_label", "community", "status", "created_at", "opened_by", "held")
        attrs = ATTRS


class TracingRunTable(tables.Table):
    at = tables.DateTimeColumn(format="Y-m-d H:i")
    community = tables.Column(verbose_name=_("Community"), accessor="community__name")

    class Meta:
        model = TracingRun
        fields = (
            "at",
            "run_by",
            "subject_label",
            "community",
            "minutes",
            "days",
            "found",
            "exported",
        )
        attrs = ATTRS
