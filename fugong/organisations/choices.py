from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    BUREAU = "bureau", _("Bureau")
    DEPARTMENT = "department", _("Bureau department or station")
    DISTRICT_DEPARTMENT = "district_department", _("District housing department")
    SUBDISTRICT_OFFICE = "subdistrict_office", _("Sub-district office")
    COMMUNITY_COMMITTEE = "community_committee", _("Community committee")
    ENTERPRISE = "enterprise", _("Enterprise")


class DepartmentField(models.TextChoices):
    """What a bureau department supervises."""

    QUALITY = "quality", _("Quality supervision (质监站)")
    SAFETY = "safety", _("Safety supervision (安监站)")
    DUST = "dust", _("Dust control (扬尘办)")
    CONSTRUCTION = "construction", _("Construction management")
    EPIDEMIC = "epidemic", _("Epidemic control")
    GENERAL = "general", _("General affairs")


class EnterpriseRole(models.TextChoices):
    BUILDER = "builder", _("Builder (建设单位)")
    CONTRACTOR = "contractor", _("Contractor (施工单位)")
    SUPERVISOR = "supervisor", _("Supervisor (监理单位)")
    OTHER = "other", _("Other")
