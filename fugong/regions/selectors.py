"""Reads of the region tree that other apps may use."""

from fugong.regions.choices import RegionLevel
from fugong.regions.models import Region


def regions_visible_to(user, *, level: str | None = None):
    qs = Region.objects.visible_to(user)
    return qs.filter(level=level) if level else qs


def districts_visible_to(user):
    return regions_visible_to(user, level=RegionLevel.DISTRICT)


def subtree(region: Region):
    return Region.objects.filter(path__startswith=region.path)
