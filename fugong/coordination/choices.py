"""Persisted states and kinds of coordination tickets (协调事项) and vehicle passes (车辆通行证)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TicketCategory(models.TextChoices):
    """What an enterprise needs help with (seed: 人员、防疫物资、车辆通行、商砼等原材料)."""

    WORKERS = "workers", _("Workers")
    EPIDEMIC_SUPPLIES = "epidemic_supplies", _("Epidemic supplies")
    VEHICLE_PASS = "vehicle_pass", _("Vehicle pass")
    MATERIALS = "materials", _("Materials (ready-mixed concrete…)")
    FUNDING = "funding", _("Funding")
    APPROVALS = "approvals", _("Approvals")
    OTHER = "other", _("Other")


class TicketStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved")
    REOPENED = "reopened", _("Reopened")
    CONFIRMED = "confirmed", _("Confirmed")


class TicketEventKind(models.TextChoices):
    RAISED = "raised", _("Raised")
    ROUTED = "routed", _("Routed")
    ASSIGNED = "assigned", _("Assigned")
    STARTED = "started", _("Work started")
    RESOLVED = "resolved", _("Resolved")
    REOPENED = "reopened", _("Reopened")
    CONFIRMED = "confirmed", _("Confirmed and rated")


class RouteTarget(models.TextChoices):
    CITY_DEPARTMENT = "city_department", _("A city department")
    DISTRICT_DEPARTMENT = "district_department", _("The project's district department")


class DeadlineUnit(models.TextChoices):
    HOURS = "hours", _("hours")
    DAYS = "days", _("days")


class PassStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting decision")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")
    REVOKED = "revoked", _("Revoked")


class PassValidity(models.TextChoices):
    """What the public QR page says (computed from status and dates, never stored)."""

    VALID = "valid", _("Valid")
    NOT_YET_VALID = "not_yet_valid", _("Not yet valid")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")
    NOT_ISSUED = "not_issued", _("Not issued")
