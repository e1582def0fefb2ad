from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ProjectKind(models.TextChoices):
    ROAD = "road", _("Road")
    BRIDGE = "bridge", _("Bridge")
    RIVER = "river", _("River works")
    BUILDING = "building", pgettext_lazy("project kind", "Building")
    SHANTYTOWN = "shantytown", _("Shantytown renewal (棚户区改造)")
    REAL_ESTATE = "real_estate", _("Real estate")
    OTHER = "other", _("Other")


class ProjectStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    RESUMED = "resumed", _("Resumed under commitment")
    SUSPENDED = "suspended", _("Suspended for rectification")
    COMPLETED = "completed", _("Completed")
