import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fugong.common.filters import ScopedFilterSet
from fugong.coordination.choices import PassStatus, TicketCategory, TicketStatus
from fugong.coordination.models import Ticket, VehiclePass
from fugong.coordination.models.tickets import OPEN_STATUSES
from fugong.regions.choices import RegionLevel
from fugong.regions.models import Region


def _districts():
    return Region.objects.filter(level=RegionLevel.DISTRICT)


class TicketFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=TicketStatus.choices)
    category = django_filters.ChoiceFilter(label=_("Category"), choices=TicketCategory.choices)
    district = django_filters.ModelChoiceFilter(
        label=_("District"), field_name="project__region", queryset=_districts()
    )
    overdue = django_filters.BooleanFilter(label=_("Overdue"), method="filter_overdue")

    class Meta:
        model = Ticket
        fields = ["q", "status", "category", "district", "overdue"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(title__icontains=value)
            | Q(project__name__icontains=value)
            | Q(enterprise__name__icontains=value)
        )

    def filter_overdue(self, queryset, name, value):
        late = Q(status__in=OPEN_STATUSES, due_at__lt=timezone.now())
        if value is None:
            return queryset
        return queryset.filter(late) if value else queryset.exclude(late)


class VehiclePassFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=PassStatus.choices)
    district = django_filters.ModelChoiceFilter(
        label=_("District"), field_name="project__region", queryset=_districts()
    )
    valid_on = django_filters.DateFilter(label=_("Valid on"), method="filter_valid_on")

    class Meta:
        model = VehiclePass
        fields = ["q", "status", "district", "valid_on"]

    def search(self, queryset, name, value):
        plate = value.replace("·", "").replace(" ", "").upper()
        return queryset.filter(
            Q(plate_number__icontains=plate)
            | Q(project__name__icontains=value)
            | Q(enterprise__name__icontains=value)
        )

    def filter_valid_on(self, queryset, name, value):
        return queryset.filter(
            status=PassStatus.APPROVED, valid_from__lte=value, valid_until__gte=value
        )
