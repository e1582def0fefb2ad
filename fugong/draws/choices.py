from django.db import models
from django.utils.translation import gettext_lazy as _


class DrawStatus(models.TextChoices):
    """A draw's life: prepared → inputs published → drawn → inspections created."""

    PREPARED = "prepared", _("Prepared (inputs frozen)")
    PUBLISHED = "published", _("Inputs and seed hash published")
    DRAWN = "drawn", _("Drawn, seed revealed")
    ASSIGNED = "assigned", _("Inspections created")
    CANCELLED = "cancelled", _("Cancelled before publication")


class SelectionMode(models.TextChoices):
    COUNT = "count", _("A number of sites")
    SHARE = "share", _("A share of the sites (%)")


class Weighting(models.TextChoices):
    RISK = "risk", _("Weighted by risk score")
    EQUAL = "equal", _("Equal chance")


class DrawEventKind(models.TextChoices):
    PREPARED = "prepared", _("Inputs frozen")
    PUBLISHED = "published", _("Inputs and seed hash published")
    DRAWN = "drawn", _("Drawn and seed revealed")
    ASSIGNED = "assigned", _("Inspections created")
    CANCELLED = "cancelled", _("Cancelled")
