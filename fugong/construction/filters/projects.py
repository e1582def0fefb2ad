import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fugong.common.filters import ScopedFilterSet
from fugong.construction.models import Project
from fugong.regions.choices import RegionLevel
from fugong.regions.models import Region


class ProjectFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    # Districts only: a city-wide user would otherwise get thousands of <option>s.
    region = django_filters.ModelChoiceFilter(
        label=_("District"), queryset=Region.objects.filter(level=RegionLevel.DISTRICT)
    )

    class Meta:
        model = Project
        fields = ["q", "region", "kind", "status", "is_city_key"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value)
            | Q(address__icontains=value)
            | Q(builder__name__icontains=value)
            | Q(contractor__name__icontains=value)
        )
