"""Persisted states of gates and passages (门岗, 出入登记)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CheckpointKind(models.TextChoices):
    GATE = "gate", _("Compound gate")
    TENT = "tent", _("Tent post")
    DOOR = "door", _("Building door")


class Direction(models.TextChoices):
    IN = "in", _("In")
    OUT = "out", _("Out")


class PassageSource(models.TextChoices):
    QR = "qr", _("Scanned by the resident")
    VOLUNTEER = "volunteer", _("Recorded by the gate volunteer")
    API = "api", _("Through the API")


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
