import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fugong.common.filters import ScopedFilterSet
from fugong.construction.models import Project


class ProjectFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")

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
