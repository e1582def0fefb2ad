import django_filters
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from fugong.care.choices import (
    ErrandKind,
    ErrandStatus,
    QuarantineKind,
    QuarantineStatus,
    SupplyCategory,
)
from fugong.care.models import Disinfection, Errand, Quarantine, SupplyItem
from fugong.care.selectors import overdue_q
from fugong.common.filters import ScopedFilterSet
from fugong.regions.choices import RegionLevel
from fugong.regions.models import Region


def _communities():
    return Region.objects.filter(level=RegionLevel.COMMUNITY)


class QuarantineFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=QuarantineStatus.choices)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=QuarantineKind.choices)
    community = django_filters.ModelChoiceFilter(label=_("Community"), queryset=_communities())
    overdue = django_filters.BooleanFilter(label=_("Check overdue"), method="filter_overdue")

    class Meta:
        model = Quarantine
        fields = ["q", "status", "kind", "community", "overdue"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(resident__name__icontains=value) | Q(resident__household__room=value.strip())
        )

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(overdue_q()) if value else queryset.exclude(overdue_q())


class ErrandFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ErrandStatus.choices)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ErrandKind.choices)
    community = django_filters.ModelChoiceFilter(label=_("Community"), queryset=_communities())
    outstanding = django_filters.BooleanFilter(label=_("Money outstanding"), method="owed")

    class Meta:
        model = Errand
        fields = ["q", "status", "kind", "community", "outstanding"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(items__icontains=value)
            | Q(household__room=value.strip())
            | Q(household__residents__name__icontains=value)
        ).distinct()

    def owed(self, queryset, name, value):
        if value is None:
            return queryset
        owed = Q(advanced__gt=F("repaid"))
        return queryset.filter(owed) if value else queryset.exclude(owed)


class DisinfectionFilter(ScopedFilterSet):
    community = django_filters.ModelChoiceFilter(label=_("Community"), queryset=_communities())
    done_after = django_filters.DateFilter(
        label=_("Done since"), field_name="done_at", lookup_expr="date__gte"
    )

    class Meta:
        model = Disinfection
        fields = ["community", "done_after"]


class SupplyItemFilter(ScopedFilterSet):
    category = django_filters.ChoiceFilter(label=_("Category"), choices=SupplyCategory.choices)
    community = django_filters.ModelChoiceFilter(label=_("Community"), queryset=_communities())
    low = django_filters.BooleanFilter(label=_("Low stock"), method="filter_low")

    class Meta:
        model = SupplyItem
        fields = ["category", "community", "low"]

    def filter_low(self, queryset, name, value):
        if value is None:
            return queryset
        low = Q(stock__lte=F("low_threshold"))
        return queryset.filter(low) if value else queryset.exclude(low)
