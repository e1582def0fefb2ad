from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    CITY = "city", _("City")
    DISTRICT = "district", _("District")
    SUBDISTRICT = "subdistrict", _("Sub-district")
    COMMUNITY = "community", _("Community")
    COMPOUND = "compound", _("Compound")
    BUILDING = "building", pgettext_lazy("region level", "Building")


LEVEL_ORDER = [level.value for level in RegionLevel]

# Code length per level: GB/T 2260 for province/city/district (6 digits), the statistical
# division codes for sub-districts (9) and communities (12); compounds and buildings get
# local codes that extend their parent's by three digits.
CODE_LENGTH = {
    RegionLevel.PROVINCE: 6,
    RegionLevel.CITY: 6,
    RegionLevel.DISTRICT: 6,
    RegionLevel.SUBDISTRICT: 9,
    RegionLevel.COMMUNITY: 12,
    RegionLevel.COMPOUND: 15,
    RegionLevel.BUILDING: 18,
}
