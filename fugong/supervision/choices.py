from django.db import models
from django.utils.translation import gettext_lazy as _


class InspectionField(models.TextChoices):
    """The fields a station inspects in (检查专业)."""

    QUALITY = "quality", _("Quality (质量)")
    SAFETY = "safety", _("Safety (安全)")
    DUST = "dust", _("Dust control (扬尘)")
    EPIDEMIC = "epidemic", _("Epidemic control (防疫)")


class InspectionKind(models.TextChoices):
    PLANNED = "planned", _("Planned inspection")
    DOUBLE_RANDOM = "double_random", _("Double-random spot check (双随机)")
    LEADER_SPOT_CHECK = "leader_spot_check", _("Leader's unannounced spot check")
    COMPLAINT = "complaint", _("Complaint-driven inspection")
    REINSPECTION = "reinspection", _("Re-inspection (复查)")


class InspectionStatus(models.TextChoices):
    OPEN = "open", _("Being recorded")
    COMPLETED = "completed", _("Completed")


class InspectionResult(models.TextChoices):
    PASSED = "passed", _("Passed (合格)")
    RECTIFY = "rectify", _("Rectification required (限期整改)")
    STOP_WORK = "stop_work", _("Stop work for rectification (停工整改)")


class ItemOutcome(models.TextChoices):
    PASS = "pass", _("Meets")
    FAIL = "fail", _("Does not meet")
    NOT_APPLICABLE = "na", _("Not applicable")


class Severity(models.TextChoices):
    GENERAL = "general", _("General (一般)")
    MAJOR = "major", _("Major (重大)")


class FindingStatus(models.TextChoices):
    """A finding's life: recorded → notice issued → replied → closed (or back to notice)."""

    RECORDED = "recorded", _("Recorded")
    NOTICE_ISSUED = "notice_issued", _("Awaiting rectification")
    REPLIED = "replied", _("Rectification reported")
    CLOSED = "closed", _("Closed")


class ReplyOutcome(models.TextChoices):
    PENDING = "pending", _("Awaiting re-inspection")
    ACCEPTED = "accepted", _("Accepted at re-inspection")
    REJECTED = "rejected", _("Rejected at re-inspection")


class StopWorkStatus(models.TextChoices):
    IN_FORCE = "in_force", _("In force")
    LIFTED = "lifted", _("Lifted after re-inspection")


class EventKind(models.TextChoices):
    """The supervision timeline (监管记录)."""

    INSPECTION_ORDERED = "inspection_ordered", _("Inspection ordered")
    INSPECTION_STARTED = "inspection_started", _("Inspection started")
    FINDING_RECORDED = "finding_recorded", _("Finding recorded")
    INSPECTION_COMPLETED = "inspection_completed", _("Inspection completed")
    NOTICE_ISSUED = "notice_issued", _("Rectification notice issued")
    NOTICE_OVERDUE = "notice_overdue", _("Rectification overdue")
    REPLY_SUBMITTED = "reply_submitted", _("Rectification reported by the enterprise")
    REPLY_ACCEPTED = "reply_accepted", _("Accepted at re-inspection")
    REPLY_REJECTED = "reply_rejected", _("Rejected at re-inspection")
    FINDING_CLOSED = "finding_closed", _("Finding closed")
    STOP_WORK_ORDERED = "stop_work_ordered", _("Stop-work order issued")
    STOP_WORK_LIFTED = "stop_work_lifted", _("Stop-work order lifted")
