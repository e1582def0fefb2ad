import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fugong.common.filters import ScopedFilterSet
from fugong.gates.choices import CaseStatus, CheckpointKind, Direction, PassageSource
from fugong.gates.models import Checkpoint, ContactTracingCase, Passage, TracingRun


class CheckpointFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=CheckpointKind.choices)
    is_active = django_filters.BooleanFilter(label=_("In use"))

    class Meta:
        model = Checkpoint
        fields = ["q", "kind", "is_active"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value)
            | Q(compound__name__icontains=value)
            | Q(compound__parent__name__icontains=value)
        )


class PassageFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    checkpoint = django_filters.ModelChoiceFilter(
        label=_("Gate"), queryset=Checkpoint.objects.select_related("compound")
    )
    direction = django_filters.ChoiceFilter(label=_("Direction"), choices=Direction.choices)
    source = django_filters.ChoiceFilter(label=_("Recorded"), choices=PassageSource.choices)
    alert = django_filters.BooleanFilter(label=_("Alerts only"), method="filter_alert")
    date = django_filters.DateFilter(label=_("Date"), field_name="at", lookup_expr="date")

    class Meta:
        model = Passage
        fields = ["q", "checkpoint", "direction", "source", "alert", "date"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(resident__name__icontains=value)
            | Q(visitor_name__icontains=value)
            | Q(visiting__icontains=value)
        )

    def filter_alert(self, queryset, name, value):
        alert = Q(fever=True) | Q(quarantine_alert=True)
        if value is None:
            return queryset
        return queryset.filter(alert) if value else queryset.exclude(alert)


class CaseFilter(ScopedFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=CaseStatus.choices)

    class Meta:
        model = ContactTracingCase
        fields = ["status"]


class TracingRunFilter(ScopedFilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), field_name="subject_label", lookup_expr="icontains"
    )

    class Meta:
        model = TracingRun
        fields = ["q"]
