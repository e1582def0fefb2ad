from django.db import models
from django.utils.translation import gettext_lazy as _


class ScopeKind(models.TextChoices):
    """What a grant of a role is bound to."""

    REGION = "region", _("A region")
    ORGANISATION = "organisation", _("An organisation")


class RoleCode(models.TextChoices):
    """The roles of PRODUCT.md. What each may do lives in Role.permissions (data)."""

    BUREAU_ADMIN = "bureau_admin", _("Bureau administrator")
    LEADER = "leader", _("Bureau leader")
    DEPARTMENT_OFFICER = "department_officer", _("Department officer")
    DISTRICT_OFFICER = "district_officer", _("District officer")
    CADRE = "cadre", _("Community cadre (下沉干部)")
    COMMUNITY_WORKER = "community_worker", _("Community worker / gate volunteer")
    ENTERPRISE_USER = "enterprise_user", _("Enterprise user")
