import django_filters
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fugong.audit.models import ChangeLog
from fugong.common.filters import ScopedFilterSet


class ChangeLogFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    content_type = django_filters.ModelChoiceFilter(
        label=_("Record type"),
        queryset=ContentType.objects.filter(
            app_label__in=["regions", "organisations", "accounts", "construction"]
        ),
    )
    object_id = django_filters.CharFilter(label=_("Record id"))
    since = django_filters.DateFilter(field_name="time", lookup_expr="date__gte", label=_("From"))
    until = django_filters.DateFilter(field_name="time", lookup_expr="date__lte", label=_("To"))

    class Meta:
        model = ChangeLog
        fields = ["q", "action", "content_type", "object_id", "since", "until"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(object_repr__icontains=value)
            | Q(actor_name__icontains=value)
            | Q(request_id=value)
            | Q(message__icontains=value)
        )
