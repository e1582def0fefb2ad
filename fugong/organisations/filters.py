import django_filters
from django.utils.translation import gettext_lazy as _

from fugong.common.filters import ScopedFilterSet, search_q
from fugong.organisations.models import Organisation


class OrganisationFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")

    class Meta:
        model = Organisation
        fields = ["q", "kind", "enterprise_role", "field"]

    def search(self, queryset, name, value):
        return queryset.filter(
            search_q(["name", "short_name", "credit_code", "contact_person"], value)
        )
