import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fugong.common.filters import ScopedFilterSet
from fugong.construction.choices import ProjectKind
from fugong.construction.models import Project
from fugong.regions.choices import RegionLevel
from fugong.regions.models import Region
from fugong.supervision.choices import InspectionField
from fugong.supervision.models import Finding, Inspection, Inspector, StopWorkOrder


def _districts():
    return Region.objects.filter(level=RegionLevel.DISTRICT)


def _project():
    """One project's records (the links of the project page's supervision panel)."""
    return django_filters.NumberFilter(field_name="project", widget=forms.HiddenInput)


class InspectionFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    project = _project()
    district = django_filters.ModelChoiceFilter(
        label=_("District"), field_name="project__region", queryset=_districts()
    )

    class Meta:
        model = Inspection
        fields = ["q", "status", "kind", "field", "result", "district", "project"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(project__name__icontains=value) | Q(number__icontains=value))


class FindingFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    project = _project()
    district = django_filters.ModelChoiceFilter(
        label=_("District"), field_name="project__region", queryset=_districts()
    )
    overdue = django_filters.BooleanFilter(label=_("Overdue"), field_name="is_overdue")

    class Meta:
        model = Finding
        fields = ["q", "status", "severity", "overdue", "district", "project"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(project__name__icontains=value)
            | Q(notice__number__icontains=value)
            | Q(description__icontains=value)
        )


class StopWorkFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    project = _project()
    district = django_filters.ModelChoiceFilter(
        label=_("District"), field_name="project__region", queryset=_districts()
    )

    class Meta:
        model = StopWorkOrder
        fields = ["q", "status", "district", "project"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(project__name__icontains=value) | Q(number__icontains=value))


class InspectorFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")

    class Meta:
        model = Inspector
        fields = ["q", "field", "is_active"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(user__full_name__icontains=value)
            | Q(user__username__icontains=value)
            | Q(certificate_number__icontains=value)
        )


class TargetFilter(ScopedFilterSet):
    """The draw's scope as a filter; the field only chooses which inspections count as
    the last (the view passes it to `eligible_targets`)."""

    q = django_filters.CharFilter(label=_("Search"), field_name="name", lookup_expr="icontains")
    district = django_filters.ModelChoiceFilter(
        label=_("District"), queryset=_districts(), method="in_district"
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ProjectKind.choices)
    field = django_filters.ChoiceFilter(
        label=_("Field"), choices=InspectionField.choices, method="keep"
    )

    class Meta:
        model = Project
        fields = ["q", "district", "kind", "field"]

    def in_district(self, queryset, name, value):
        return queryset.filter(region__path__startswith=value.path)

    def keep(self, queryset, name, value):
        return queryset
