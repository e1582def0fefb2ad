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


class ContactRole(models.TextChoices):
    """The responsible persons of a site (项目负责人…)."""

    PROJECT_MANAGER = "project_manager", _("Project manager (项目经理)")
    BUILDER_REPRESENTATIVE = "builder_representative", _("Builder's representative")
    CHIEF_SUPERVISOR = "chief_supervisor", _("Chief supervising engineer (总监)")
    EPIDEMIC_OFFICER = "epidemic_officer", _("Epidemic officer (防疫专员)")
    SAFETY_OFFICER = "safety_officer", _("Safety officer (安全员)")


class ProjectEventKind(models.TextChoices):
    CREATED = "created", _("Registered")
    STATUS_CHANGED = "status_changed", _("Status changed")
    COMMITMENT_FILED = "commitment_filed", _("Commitment filed")
    COMMITMENT_VERIFIED = "commitment_verified", _("Commitment verified on site")
    COMMITMENT_REVOKED = "commitment_revoked", _("Commitment revoked")
    REPORT_UNLOCKED = "report_unlocked", _("Daily report unlocked")
    CONCERN_REPORTED = "concern_reported", _("Concern reported by the public")
    IMPORTED = "imported", _("Imported from Excel")


class ItemKind(models.TextChoices):
    """What an answer to a checklist item must be."""

    YES_NO = "yes_no", _("Yes/no (must be yes)")
    NUMBER_MIN = "number_min", _("Number, at least")
    NUMBER_MAX = "number_max", _("Number, at most")
    TEXT = "text", _("Text")
    ATTACHMENT = "attachment", _("Attachment")


class CommitmentStatus(models.TextChoices):
    IN_FORCE = "in_force", _("In force")
    VERIFIED = "verified", _("Verified on site")
    REVOKED = "revoked", _("Revoked (false commitment)")
    SUPERSEDED = "superseded", _("Superseded by a newer commitment")


class CommitmentEventKind(models.TextChoices):
    FILED = "filed", _("Filed and in force")
    ROUTED = "routed", _("Sent to the authority")
    READ = "read", _("Opened by the authority")
    VERIFIED = "verified", _("Verified on site")
    REVOKED = "revoked", _("Revoked")
    SUPERSEDED = "superseded", _("Superseded")


class RouteTarget(models.TextChoices):
    """Where a commitment goes (seed: city key projects to the city department, others to
    their district's department)."""

    CITY_DEPARTMENT = "city_department", _("A city department")
    DISTRICT_DEPARTMENT = "district_department", _("The project's district department")


class ConcernStatus(models.TextChoices):
    NEW = "new", _("New")
    HANDLED = "handled", _("Handled")
