"""The inspector registry (执法检查人员名录) and declared conflicts of interest (回避)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fugong.common.models import EvidenceModel
from fugong.common.scoping import Scope
from fugong.supervision.choices import InspectionField

INSPECTOR_SCOPE = Scope(region="organisation__region", organisations=("organisation",))


class Inspector(EvidenceModel):
    """An officer who may inspect sites in one field, with the certificate that allows it."""

    scope = INSPECTOR_SCOPE

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officer"),
        on_delete=models.PROTECT,
        related_name="inspector_entries",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("department or station"),
        on_delete=models.PROTECT,
        related_name="inspectors",
    )
    field = models.CharField(_("field"), max_length=16, choices=InspectionField.choices)
    certificate_number = models.CharField(_("certificate number"), max_length=40)
    is_active = models.BooleanField(_("available for inspections"), default=True)

    class Meta:
        verbose_name = _("inspector")
        verbose_name_plural = _("inspectors")
        ordering = ["field", "user__username", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "field"],
                condition=models.Q(archived_at__isnull=True),
                name="inspector_one_entry_per_field",
                violation_error_code="duplicate",
            ),
            models.UniqueConstraint(
                fields=["certificate_number"],
                condition=models.Q(archived_at__isnull=True),
                name="inspector_certificate_unique",
                violation_error_code="duplicate",
            ),
        ]

    def __str__(self):
        return f"{self.display_name} · {self.get_field_display()}"

    @property
    def display_name(self) -> str:
        return self.user.get_full_name() or self.user.get_username()

    def get_absolute_url(self):
        return reverse("supervision:inspector_detail", args=[self.pk])


class ConflictDeclaration(EvidenceModel):
    """An inspector's declared conflict of interest (利益冲突) with a project or an
    enterprise: the draw never assigns them there. Withdrawn by archiving."""

    scope = Scope(
        region="inspector__organisation__region", organisations=("inspector__organisation",)
    )

    inspector = models.ForeignKey(
        Inspector,
        verbose_name=_("inspector"),
        on_delete=models.PROTECT,
        related_name="conflicts",
    )
    project = models.ForeignKey(
        "construction.Project",
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    enterprise = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("enterprise"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=300)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("declared by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        ordering = ["inspector", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(project__isnull=False, enterprise__isnull=True)
                    | models.Q(project__isnull=True, enterprise__isnull=False)
                ),
                name="conflict_project_or_enterprise",
            )
        ]

    def __str__(self):
        return f"{self.inspector}: {self.project or self.enterprise}"
