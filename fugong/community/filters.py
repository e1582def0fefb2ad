import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fugong.common.filters import ScopedFilterSet
from fugong.community.choices import DutyActivity
from fugong.community.models import (
    Deployment,
    DutyLog,
    Feedback,
    Household,
    Resident,
    ResidentGroup,
)
from fugong.community.selectors import active_on, vulnerable_q
from fugong.regions.choices import RegionLevel
from fugong.regions.models import Region


def _communities():
    return Region.objects.filter(level=RegionLevel.COMMUNITY)


def _compounds():
    return Region.objects.filter(level=RegionLevel.COMPOUND)


class DeploymentFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    community = django_filters.ModelChoiceFilter(label=_("Community"), queryset=_communities())
    active = django_filters.BooleanFilter(label=_("Active today"), method="filter_active")

    class Meta:
        model = Deployment
        fields = ["q", "community", "active"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(cadre__full_name__icontains=value) | Q(community__name__icontains=value)
        )

    def filter_active(self, queryset, name, value):
        if value is None:
            return queryset
        q = active_on(timezone.localdate())
        return queryset.filter(q) if value else queryset.exclude(q)


class DutyLogFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    community = django_filters.ModelChoiceFilter(label=_("Community"), queryset=_communities())
    date = django_filters.DateFilter(label=_("Date"))
    activity = django_filters.ChoiceFilter(
        label=_("Activity"), choices=DutyActivity.choices, method="filter_activity"
    )

    class Meta:
        model = DutyLog
        fields = ["q", "community", "date", "activity"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(cadre__full_name__icontains=value) | Q(notes__icontains=value))

    def filter_activity(self, queryset, name, value):
        # JSON lists: a containment test that works on SQLite and PostgreSQL alike.
        return queryset.filter(activities__icontains=f'"{value}"')


class HouseholdFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    compound = django_filters.ModelChoiceFilter(
        label=_("Compound"), queryset=_compounds(), field_name="building__parent"
    )

    class Meta:
        model = Household
        fields = ["q", "compound"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(room__icontains=value) | Q(building__name__icontains=value) | Q(note__icontains=value)
        )


class ResidentFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    compound = django_filters.ModelChoiceFilter(
        label=_("Compound"), queryset=_compounds(), field_name="household__building__parent"
    )
    vulnerable = django_filters.BooleanFilter(label=_("Needs care"), method="filter_vulnerable")
    returned = django_filters.BooleanFilter(
        label=_("Came back from elsewhere"), method="filter_returned"
    )

    class Meta:
        model = Resident
        fields = ["q", "compound", "health_status", "residency", "vulnerable", "returned"]

    def search(self, queryset, name, value):
        from fugong.common.pii.fields import filter_by_personal

        compact = value.replace(" ", "")
        if compact.isdigit() and len(compact) == 11:
            return filter_by_personal(queryset, "phone", compact)
        if len(compact) == 18 and compact[:17].isdigit():
            return filter_by_personal(queryset, "id_number", compact)
        return queryset.filter(
            Q(name__icontains=value)
            | Q(household__room=compact)
            | Q(returned_from__icontains=value)
        )

    def filter_vulnerable(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(vulnerable_q()) if value else queryset.exclude(vulnerable_q())

    def filter_returned(self, queryset, name, value):
        if value is None:
            return queryset
        q = Q(returned_on__isnull=False) | Q(returned_from__gt="")
        return queryset.filter(q) if value else queryset.exclude(q)


class ResidentGroupFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    compound = django_filters.ModelChoiceFilter(
        label=_("Compound"), queryset=_compounds(), field_name="building__parent"
    )

    class Meta:
        model = ResidentGroup
        fields = ["q", "compound", "platform", "is_active"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(owner_name__icontains=value))


class FeedbackFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    community = django_filters.ModelChoiceFilter(label=_("Community"), queryset=_communities())

    class Meta:
        model = Feedback
        fields = ["q", "community", "source", "rating", "hidden"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(cadre__full_name__icontains=value) | Q(comment__icontains=value))
