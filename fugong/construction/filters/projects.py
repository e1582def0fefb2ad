import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from fugong.common.filters import ScopedFilterSet
from fugong.construction.choices import CommitmentStatus
from fugong.construction.models import Commitment, Project
from fugong.regions.choices import RegionLevel
from fugong.regions.models import Region

# A commitment that lets the site work: filed (in force) or verified on site.
COMMITMENT_IN_FORCE = (CommitmentStatus.IN_FORCE, CommitmentStatus.VERIFIED)


class ProjectFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    # Districts only: a city-wide user would otherwise get thousands of <option>s.
    region = django_filters.ModelChoiceFilter(
        label=_("District"), queryset=Region.objects.filter(level=RegionLevel.DISTRICT)
    )
    is_city_key = django_filters.BooleanFilter(label=_("City key project"))
    has_commitment = django_filters.BooleanFilter(
        label=_("Has a commitment in force"), method="filter_has_commitment"
    )

    class Meta:
        model = Project
        fields = ["q", "region", "kind", "status", "is_city_key", "has_commitment"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value)
            | Q(address__icontains=value)
            | Q(builder__name__icontains=value)
            | Q(contractor__name__icontains=value)
        )

    def filter_has_commitment(self, queryset, name, value):
        if value is None:
            return queryset
        in_force = Commitment.objects.filter(
            project=OuterRef("pk"), status__in=COMMITMENT_IN_FORCE, archived_at__isnull=True
        )
        return queryset.filter(Exists(in_force)) if value else queryset.exclude(Exists(in_force))
