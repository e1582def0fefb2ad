"""Persisted states of community care (居家隔离、代购代办、消杀、防疫物资)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class QuarantineKind(models.TextChoices):
    HOME = "home", _("Home quarantine")
    CENTRAL = "central", _("Centralised quarantine")


class QuarantineStatus(models.TextChoices):
    ACTIVE = "active", _("In quarantine")
    RELEASED = "released", _("Released")


class QuarantineEventKind(models.TextChoices):
    STARTED = "started", _("Started")
    EXTENDED = "extended", _("Extended")
    SHORTENED = "shortened", _("Shortened")
    LINK_ISSUED = "link_issued", _("Personal link issued")
    LINK_REVOKED = "link_revoked", _("Personal link revoked")
    RELEASED = "released", _("Released")


class Symptom(models.TextChoices):
    COUGH = "cough", _("Cough")
    FATIGUE = "fatigue", _("Fatigue")
    SORE_THROAT = "sore_throat", _("Sore throat")
    SHORT_BREATH = "short_breath", _("Shortness of breath")
    DIARRHOEA = "diarrhoea", _("Diarrhoea")
    LOSS_OF_TASTE = "loss_of_taste", _("Loss of taste or smell")


class CheckSource(models.TextChoices):
    CADRE = "cadre", _("Recorded by a cadre")
    SELF = "self", _("Self-reported")


class ErrandKind(models.TextChoices):
    GROCERIES = "groceries", _("Groceries")
    MEDICINE = "medicine", _("Medicine")
    OTHER = "other", _("Other errand")


class ErrandStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ASSIGNED = "assigned", _("Assigned")
    DELIVERED = "delivered", _("Delivered")
    CONFIRMED = "confirmed", _("Confirmed by the household")
    CANCELLED = "cancelled", _("Cancelled")


class ErrandEventKind(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ASSIGNED = "assigned", _("Assigned")
    DELIVERED = "delivered", _("Delivered")
    CONFIRMED = "confirmed", _("Confirmed by the household")
    REPAID = "repaid", _("Repayment recorded")
    CANCELLED = "cancelled", _("Cancelled")


class SupplyCategory(models.TextChoices):
    TENT = "tent", _("Tents")
    MASK = "mask", _("Masks")
    DISINFECTANT = "disinfectant", _("Disinfectant")
    THERMOMETER = "thermometer", _("Thermometers")
    PROTECTIVE_SUIT = "protective_suit", _("Protective suits")
    GLOVES = "gloves", _("Gloves")
    OTHER = "other", _("Other supplies")


class MovementKind(models.TextChoices):
    RECEIVED = "received", pgettext_lazy("supplies", "Received")
    ISSUED = "issued", pgettext_lazy("supplies", "Issued")
