"""Inspections on site (检查), their checklist answers and findings (问题/隐患) with photos."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fugong.common.models import EvidenceModel, ScopedManager
from fugong.common.scoping import Scope
from fugong.supervision.choices import (
    FindingStatus,
    InspectionField,
    InspectionKind,
    InspectionResult,
    InspectionStatus,
    ItemOutcome,
    Severity,
)

# Supervision records belong to a project: seen by its region's officials and its parties.
PARTIES = ("project__builder", "project__contractor", "project__supervisor")
PROJECT_RECORD_SCOPE = Scope(region="project__region", organisations=PARTIES)


class Inspection(EvidenceModel):
    """One visit to a site by ≥ 1 inspector of one field (≥ 2 for a double-random check)."""

    scope = PROJECT_RECORD_SCOPE

    number = models.CharField(_("number"), max_length=24, unique=True, null=True, editable=False)
    project = models.ForeignKey(
        "construction.Project",
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    kind = models.CharField(_("kind"), max_length=24, choices=InspectionKind.choices)
    field = models.CharField(_("field"), max_length=16, choices=InspectionField.choices)
    checklist = models.ForeignKey(
        "supervision.InspectionChecklist",
        verbose_name=_("checklist"),
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    inspectors = models.ManyToManyField(
        "supervision.Inspector", verbose_name=_("inspectors"), related_name="inspections"
    )
    follows = models.ForeignKey(
        "self",
        verbose_name=_("re-inspection of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reinspections",
    )
    planned_on = models.DateField(_("date"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=InspectionStatus.choices,
        default=InspectionStatus.OPEN,
        editable=False,
        db_index=True,
    )
    result = models.CharField(
        _("result"), max_length=16, choices=InspectionResult.choices, blank=True, editable=False
    )
    notes = models.TextField(_("notes"), blank=True, max_length=4000)
    ordered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ordered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True, editable=False)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("completed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-planned_on", "-id"]
        indexes = [
            models.Index(fields=["project", "field", "status"]),
            # The dashboard's counts of the inspections done (by day and result, of the
            # projects in scope) from the index alone: SQLite's indexes hold the row id,
            # PostgreSQL's include it. Not a partial index: SQLite reads the row of each
            # entry of one to test its condition.
            models.Index(
                fields=["status", "planned_on", "result", "project", "archived_at"],
                include=["id"],
                name="inspection_done_by_day",
            ),
        ]
        permissions = [
            ("order_spot_check", _("Can order leaders' spot checks")),
            ("export_inspection", _("Can export inspections")),
        ]

    def __str__(self):
        return self.number or _("Inspection of %(project)s") % {"project": self.project}

    def get_absolute_url(self):
        return reverse("supervision:inspection_detail", args=[self.pk])


class InspectionAnswer(models.Model):
    """The inspector's answer to one checklist item."""

    scope = Scope(
        region="inspection__project__region",
        organisations=tuple(f"inspection__{p}" for p in PARTIES),
    )

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("inspection"), on_delete=models.PROTECT, related_name="answers"
    )
    item = models.ForeignKey(
        "supervision.InspectionChecklistItem",
        verbose_name=_("item"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    outcome = models.CharField(_("outcome"), max_length=8, choices=ItemOutcome.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("checklist answer")
        verbose_name_plural = _("checklist answers")
        ordering = ["inspection", "item__position"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "item"], name="inspection_answer_unique")
        ]

    def __str__(self):
        return f"{self.item}: {self.get_outcome_display()}"


class Finding(EvidenceModel):
    """A problem found on site (问题/隐患); it lives until a re-inspection closes it."""

    scope = PROJECT_RECORD_SCOPE

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("inspection"), on_delete=models.PROTECT, related_name="findings"
    )
    project = models.ForeignKey(
        "construction.Project",
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        related_name="findings",
    )
    item = models.ForeignKey(
        "supervision.InspectionChecklistItem",
        verbose_name=_("checklist item"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    severity = models.CharField(_("severity"), max_length=8, choices=Severity.choices)
    description = models.TextField(_("what was found"), max_length=2000)
    notes = models.TextField(_("notes"), blank=True, max_length=2000)
    stop_work = models.BooleanField(
        _("stop work until rectified"),
        default=False,
        help_text=_("Only for a major finding: the site is suspended (停工整改)."),
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=FindingStatus.choices,
        default=FindingStatus.RECORDED,
        editable=False,
        db_index=True,
    )
    stop_work_order = models.ForeignKey(
        "supervision.StopWorkOrder",
        verbose_name=_("stop-work order"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="findings",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(stop_work=False) | models.Q(severity="major"),
                name="finding_stop_work_only_major",
            )
        ]

    def __str__(self):
        return f"{self.get_severity_display()}: {self.description[:40]}"

    def get_absolute_url(self):
        return reverse("supervision:finding_detail", args=[self.pk])


class EvidencePhoto(EvidenceModel):
    """A photo (or PDF) of a finding taken by the inspector, or of the rectification sent
    by the enterprise with its reply."""

    scope = PROJECT_RECORD_SCOPE

    project = models.ForeignKey(
        "construction.Project",
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    finding = models.ForeignKey(
        Finding,
        verbose_name=_("finding"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="photos",
    )
    reply = models.ForeignKey(
        "supervision.RectificationReply",
        verbose_name=_("rectification reply"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="photos",
    )
    file = models.FileField(_("photo"), upload_to="supervision/%Y/%m/")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("evidence photo")
        verbose_name_plural = _("evidence photos")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(finding__isnull=False, reply__isnull=True)
                    | models.Q(finding__isnull=True, reply__isnull=False)
                ),
                name="photo_of_finding_or_reply",
            )
        ]

    def __str__(self):
        return self.file.name.rsplit("/", 1)[-1]

    def get_absolute_url(self):
        return reverse("supervision:photo", args=[self.pk])

    @property
    def is_image(self) -> bool:
        return self.file.name.lower().endswith((".jpg", ".jpeg", ".png"))
