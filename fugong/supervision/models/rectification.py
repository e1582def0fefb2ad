"""Rectification notices (整改通知书), the enterprise's replies, stop-work orders
(停工整改通知) and the supervision timeline."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fugong.common.models import EvidenceModel, TimelineEvent
from fugong.supervision.choices import EventKind, ReplyOutcome, StopWorkStatus
from fugong.supervision.models.inspections import PROJECT_RECORD_SCOPE


class RectificationNotice(EvidenceModel):
    """Fix-by-deadline for one finding, addressed to a party of the project. Issued when
    the inspection is completed; overdue while unanswered past the deadline."""

    scope = PROJECT_RECORD_SCOPE

    number = models.CharField(_("number"), max_length=24, unique=True, null=True, editable=False)
    finding = models.OneToOneField(
        "supervision.Finding",
        verbose_name=_("finding"),
        on_delete=models.PROTECT,
        related_name="notice",
    )
    project = models.ForeignKey(
        "construction.Project",
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        related_name="rectification_notices",
    )
    enterprise = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("addressed to"),
        on_delete=models.PROTECT,
        related_name="rectification_notices",
    )
    required_actions = models.TextField(_("required actions"), max_length=2000)
    deadline = models.DateField(_("rectify by"))
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    overdue_flagged_at = models.DateTimeField(
        _("flagged overdue at"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("rectification notice")
        verbose_name_plural = _("rectification notices")
        ordering = ["deadline", "id"]
        indexes = [models.Index(fields=["deadline"])]

    def __str__(self):
        return self.number or _("Rectification notice (not issued)")

    def get_absolute_url(self):
        return reverse("supervision:finding_detail", args=[self.finding_id])


class RectificationReply(EvidenceModel):
    """The enterprise's report that it rectified (整改回复), with evidence; a re-inspection
    accepts or rejects it. One reply awaits re-inspection at a time."""

    scope = PROJECT_RECORD_SCOPE

    notice = models.ForeignKey(
        RectificationNotice,
        verbose_name=_("rectification notice"),
        on_delete=models.PROTECT,
        related_name="replies",
    )
    project = models.ForeignKey(
        "construction.Project",
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    enterprise = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("what was done"), max_length=2000)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    outcome = models.CharField(
        _("outcome"),
        max_length=16,
        choices=ReplyOutcome.choices,
        default=ReplyOutcome.PENDING,
        editable=False,
    )
    reinspection = models.ForeignKey(
        "supervision.Inspection",
        verbose_name=_("re-inspection"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="reviewed_replies",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("re-inspected by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("re-inspected at"), null=True, blank=True, editable=False)
    review_note = models.TextField(_("re-inspection note"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("rectification reply")
        verbose_name_plural = _("rectification replies")
        ordering = ["created_at", "id"]
        constraints = [
            # A double submission cannot leave two replies waiting for the same notice.
            models.UniqueConstraint(
                fields=["notice"],
                condition=models.Q(outcome="pending"),
                name="rectification_one_pending_reply",
                violation_error_code="duplicate",
            )
        ]

    def __str__(self):
        return _("Reply to %(notice)s") % {"notice": self.notice}


class StopWorkOrder(EvidenceModel):
    """停工整改通知: a major finding suspends the site; only a passed re-inspection lifts it."""

    scope = PROJECT_RECORD_SCOPE

    number = models.CharField(_("number"), max_length=24, unique=True, null=True, editable=False)
    project = models.ForeignKey(
        "construction.Project",
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        related_name="stop_work_orders",
    )
    inspection = models.ForeignKey(
        "supervision.Inspection",
        verbose_name=_("inspection"),
        on_delete=models.PROTECT,
        related_name="stop_work_orders",
    )
    reason = models.TextField(_("reason"), max_length=2000)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=StopWorkStatus.choices,
        default=StopWorkStatus.IN_FORCE,
        editable=False,
        db_index=True,
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    # Whether this order suspended the site (it may already have been suspended, e.g. by a
    # revoked commitment): lifting resumes only what the order itself stopped.
    suspended_project = models.BooleanField(_("suspended the project"), default=False)
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True, editable=False)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lifted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    lifting_inspection = models.ForeignKey(
        "supervision.Inspection",
        verbose_name=_("lifted by re-inspection"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="lifted_orders",
    )

    class Meta:
        verbose_name = _("stop-work order")
        verbose_name_plural = _("stop-work orders")
        ordering = ["-issued_at", "-id"]
        permissions = [("lift_stopworkorder", _("Can lift stop-work orders at re-inspection"))]
        constraints = [
            models.UniqueConstraint(
                fields=["project"],
                condition=models.Q(status="in_force"),
                name="stop_work_one_in_force_per_project",
                violation_error_code="duplicate",
            )
        ]

    def __str__(self):
        return self.number or _("Stop-work order")

    def get_absolute_url(self):
        return reverse("supervision:stopwork_detail", args=[self.pk])


class SupervisionEvent(TimelineEvent):
    """The typed supervision timeline of a project: inspections, findings, notices,
    replies, re-inspections and stop-work orders, as people read it."""

    scope = PROJECT_RECORD_SCOPE

    project = models.ForeignKey(
        "construction.Project",
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        related_name="supervision_events",
    )
    inspection = models.ForeignKey(
        "supervision.Inspection",
        verbose_name=_("inspection"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    finding = models.ForeignKey(
        "supervision.Finding",
        verbose_name=_("finding"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    stop_work_order = models.ForeignKey(
        StopWorkOrder,
        verbose_name=_("stop-work order"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    time = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("event"), max_length=24, choices=EventKind.choices)

    class Meta:
        verbose_name = _("supervision event")
        verbose_name_plural = _("supervision events")
        ordering = ["time", "id"]

    def __str__(self):
        return self.get_kind_display()
