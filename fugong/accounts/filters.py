import django_filters
from django.utils.translation import gettext_lazy as _

from fugong.accounts.models import User
from fugong.common.filters import ScopedFilterSet, search_q


class UserFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    role = django_filters.CharFilter(
        label=_("Role code"), field_name="grants__role__code", distinct=True
    )

    class Meta:
        model = User
        fields = ["q", "role", "is_active", "is_party_member"]

    def search(self, queryset, name, value):
        return queryset.filter(search_q(["username", "full_name", "email"], value))
