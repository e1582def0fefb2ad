import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from fugong.common.filters import ScopedFilterSet
from fugong.construction.models import DailyReport, Project
from fugong.regions.choices import RegionLevel
from fugong.regions.models import Region

DATE_INPUT = forms.DateInput(attrs={"type": "date"})


class DailyReportFilter(ScopedFilterSet):
    # A search rather than a dropdown: city-wide, a dropdown would list thousands of sites.
    q = django_filters.CharFilter(
        label=_("Project"), field_name="project__name", lookup_expr="icontains"
    )
    # Districts only: a city-wide user would otherwise get thousands of <option>s.
    region = django_filters.ModelChoiceFilter(
        label=_("District"),
        field_name="project__region",
        queryset=Region.objects.filter(level=RegionLevel.DISTRICT),
    )
    date_from = django_filters.DateFilter(
        label=_("From"), field_name="date", lookup_expr="gte", widget=DATE_INPUT
    )
    date_to = django_filters.DateFilter(
        label=_("To"), field_name="date", lookup_expr="lte", widget=DATE_INPUT
    )
    fevers = django_filters.BooleanFilter(
        label=_("With fevers"),
        method="with_fevers",
        widget=django_filters.widgets.BooleanWidget(),
    )

    class Meta:
        model = DailyReport
        fields = ["q", "region", "date_from", "date_to", "fevers"]

    def with_fevers(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(fevers__gt=0) if value else queryset.filter(fevers=0)


class MissingReportFilter(ScopedFilterSet):
    """The date is read by the view (it decides which projects are missing); only the
    district narrows the list here."""

    date = django_filters.DateFilter(label=_("Date"), method="keep", widget=DATE_INPUT)
    region = django_filters.ModelChoiceFilter(
        label=_("District"), queryset=Region.objects.filter(level=RegionLevel.DISTRICT)
    )

    class Meta:
        model = Project
        fields = ["date", "region"]

    def keep(self, queryset, name, value):
        return queryset
