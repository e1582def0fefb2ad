import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fugong.common.filters import ScopedFilterSet
from fugong.construction.choices import ProjectKind
from fugong.construction.models import (
    ChecklistTemplate,
    Commitment,
    Concern,
    CreditRecord,
    RoutingRule,
)
from fugong.regions.choices import RegionLevel
from fugong.regions.models import Region


def _districts():
    return Region.objects.filter(level=RegionLevel.DISTRICT)


class CommitmentFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    district = django_filters.ModelChoiceFilter(
        label=_("District"), field_name="project__region", queryset=_districts()
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), field_name="project__kind", choices=ProjectKind.choices
    )
    unread = django_filters.BooleanFilter(
        label=_("Unread"), field_name="read_at", lookup_expr="isnull"
    )

    class Meta:
        model = Commitment
        fields = ["q", "status", "district", "kind", "unread"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(project__name__icontains=value)
            | Q(enterprise__name__icontains=value)
            | Q(authority__name__icontains=value)
        )


class ConcernFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    district = django_filters.ModelChoiceFilter(
        label=_("District"), field_name="project__region", queryset=_districts()
    )

    class Meta:
        model = Concern
        fields = ["q", "status", "district"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(project__name__icontains=value) | Q(text__icontains=value))


class CreditRecordFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    district = django_filters.ModelChoiceFilter(
        label=_("District"), field_name="enterprise__region", queryset=_districts()
    )
    recorded_from = django_filters.DateFilter(
        label=_("Recorded from"), field_name="recorded_at__date", lookup_expr="gte"
    )
    recorded_to = django_filters.DateFilter(
        label=_("Recorded to"), field_name="recorded_at__date", lookup_expr="lte"
    )

    class Meta:
        model = CreditRecord
        fields = ["q", "district", "recorded_from", "recorded_to"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(enterprise__name__icontains=value)
            | Q(enterprise__credit_code__iexact=value)
            | Q(commitment__project__name__icontains=value)
            | Q(reason__icontains=value)
        )


class ChecklistTemplateFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("Search"), field_name="title", lookup_expr="icontains")

    class Meta:
        model = ChecklistTemplate
        fields = ["q", "family", "is_active"]


class RoutingRuleFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("Search"), field_name="name", lookup_expr="icontains")

    class Meta:
        model = RoutingRule
        fields = ["q", "target", "is_active"]
