import django_filters
from django.utils.translation import gettext_lazy as _

from fugong.common.filters import ScopedFilterSet, search_q
from fugong.regions.models import Region


class RegionFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    within = django_filters.ModelChoiceFilter(
        label=_("Within"),
        queryset=Region.objects.filter(level__in=["city", "district", "subdistrict", "community"]),
        method="filter_within",
    )

    class Meta:
        model = Region
        fields = ["q", "level", "within", "has_property_management"]

    def search(self, queryset, name, value):
        return queryset.filter(search_q(["name", "code", "address"], value))

    def filter_within(self, queryset, name, value):
        return queryset.filter(path__startswith=value.path)
