import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fugong.common.filters import ScopedFilterSet
from fugong.messaging.models import Channel, Notice, OutboxMessage


class NoticeFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("Search"), field_name="title", lookup_expr="icontains")

    class Meta:
        model = Notice
        fields = ["q", "kind", "status"]


class ChannelFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("Search"), field_name="name", lookup_expr="icontains")

    class Meta:
        model = Channel
        fields = ["q", "kind", "is_active"]


class OutboxFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")

    class Meta:
        model = OutboxMessage
        fields = ["q", "status", "channel"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(key__icontains=value) | Q(text__icontains=value))
