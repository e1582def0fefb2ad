"""Vehicle passes (车辆通行证): transport permits for a site's vehicles, checked by QR."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fugong.common.models import EvidenceModel
from fugong.common.pii.fields import MobileNumberField
from fugong.common.scoping import Scope
from fugong.construction.models.projects import PROJECT_SCOPE
from fugong.coordination.choices import PassStatus, PassValidity
from fugong.coordination.plates import display_plate


class VehiclePass(EvidenceModel):
    """One vehicle's pass for one project's transport, valid between two dates."""

    scope = Scope(region="project__region", organisations=PROJECT_SCOPE)

    project = models.ForeignKey(
        "construction.Project",
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        related_name="vehicle_passes",
    )
    enterprise = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("applying enterprise"),
        on_delete=models.PROTECT,
        related_name="vehicle_passes",
    )
    plate_number = models.CharField(_("plate number"), max_length=10, db_index=True)
    driver_name = models.CharField(_("driver"), max_length=50)
    driver_phone = MobileNumberField(_("driver's phone"))
    route = models.CharField(_("route"), max_length=300)
    purpose = models.CharField(_("purpose"), max_length=300)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=PassStatus.choices,
        default=PassStatus.PENDING,
        editable=False,
        db_index=True,
    )
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applied by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, editable=False)
    refuse_reason = models.TextField(_("reason for refusal"), blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)
    revoke_reason = models.TextField(_("reason for revocation"), blank=True)
    # What the QR code carries: random, so a pass cannot be found from its id.
    token = models.CharField(max_length=48, unique=True, editable=False)

    class Meta:
        verbose_name = _("vehicle pass")
        verbose_name_plural = _("vehicle passes")
        ordering = ["-created_at", "-id"]
        permissions = [
            ("approve_vehiclepass", _("Can approve or refuse vehicle passes")),
            ("revoke_vehiclepass", _("Can revoke vehicle passes")),
        ]
        constraints = [
            # A double-submitted application cannot create a second pass.
            models.UniqueConstraint(
                fields=["project", "plate_number", "valid_from"],
                condition=Q(status__in=["pending", "approved"]),
                name="vehiclepass_one_live_per_start",
                violation_error_code="duplicate",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__gte=models.F("valid_from")),
                name="vehiclepass_dates_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.plate_display} · {self.project.name}"

    def get_absolute_url(self):
        return reverse("coordination:pass_detail", args=[self.pk])

    @property
    def plate_display(self) -> str:
        return display_plate(self.plate_number)

    @property
    def reference(self) -> str:
        return f"TX-{self.pk:06d}"

    def validity(self, today=None) -> str:
        """What the QR page says today."""
        today = today or timezone.localdate()
        if self.status == PassStatus.REVOKED:
            return PassValidity.REVOKED
        if self.status != PassStatus.APPROVED:
            return PassValidity.NOT_ISSUED
        if today < self.valid_from:
            return PassValidity.NOT_YET_VALID
        if today > self.valid_until:
            return PassValidity.EXPIRED
        return PassValidity.VALID
