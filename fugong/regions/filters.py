import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from fugong.common.filters import ScopedFilterSet, search_q
from fugong.regions.models import Region


@extend_schema_field(OpenApiTypes.INT)
class RegionWithinFilter(django_filters.ModelChoiceFilter):
    """Everything below the chosen region (by path), not only its direct children."""

    def filter(self, qs, value):
        return qs.filter(path__startswith=value.path) if value else qs


class RegionFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    within = RegionWithinFilter(
        label=_("Within region"),
        queryset=Region.objects.filter(level__in=["city", "district", "subdistrict", "community"]),
    )

    class Meta:
        model = Region
        fields = ["q", "level", "within", "has_property_management"]

    def search(self, queryset, name, value):
        return queryset.filter(search_q(["name", "code", "address"], value))
