"""Errands (代购代办): groceries, medicine and other errands run for a quarantined or
vulnerable household, with the money the cadre advanced and what was repaid."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fugong.care.choices import ErrandEventKind, ErrandKind, ErrandStatus
from fugong.common.models import ScopedModel, TimelineEvent
from fugong.common.scoping import Scope
from fugong.regions.choices import RegionLevel

OPEN_ERRANDS = (ErrandStatus.REQUESTED, ErrandStatus.ASSIGNED)
DONE_ERRANDS = (ErrandStatus.DELIVERED, ErrandStatus.CONFIRMED)


class Errand(ScopedModel):
    """An errand for a household (代购/送菜/买药)."""

    scope = Scope(region="household__building")

    household = models.ForeignKey(
        "community.Household",
        verbose_name=_("household"),
        on_delete=models.PROTECT,
        related_name="errands",
    )
    community = models.ForeignKey(
        "regions.Region",
        verbose_name=_("community"),
        on_delete=models.PROTECT,
        related_name="errands",
        limit_choices_to={"level": RegionLevel.COMMUNITY},
        editable=False,
    )
    # Set when the household asked through a quarantined member's personal link.
    quarantine = models.ForeignKey(
        "care.Quarantine",
        verbose_name=_("quarantine"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="errands",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ErrandKind.choices)
    items = models.TextField(_("what is needed"), max_length=1000)
    contact_note = models.CharField(_("how to reach them"), max_length=200, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ErrandStatus.choices,
        default=ErrandStatus.REQUESTED,
        editable=False,
        db_index=True,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty when the household asked through its link."),
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now, editable=False)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="care_errands",
    )
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True, editable=False)
    delivered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("delivered by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True, editable=False)
    advanced = models.DecimalField(
        _("money advanced (yuan)"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("0.00"),
        editable=False,
    )
    repaid = models.DecimalField(
        _("money repaid (yuan)"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("0.00"),
        editable=False,
    )
    # The form's one-time key: a double-submitted form asks once, not twice.
    submission_key = models.CharField(max_length=40, blank=True, editable=False)

    class Meta:
        verbose_name = _("errand")
        verbose_name_plural = _("errands")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(advanced__gte=0) & Q(repaid__gte=0) & Q(repaid__lte=F("advanced")),
                name="errand_money_consistent",
                violation_error_code="money",
            ),
            models.UniqueConstraint(
                fields=["submission_key"],
                condition=~Q(submission_key=""),
                name="errand_submission_once",
                violation_error_code="duplicate",
            ),
        ]
        indexes = [models.Index(fields=["community", "status"], name="errand_community")]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.household}"

    def get_absolute_url(self):
        return reverse("care:errand_detail", args=[self.pk])

    @property
    def outstanding(self) -> Decimal:
        return (self.advanced or Decimal("0")) - (self.repaid or Decimal("0"))

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ERRANDS


class ErrandEvent(TimelineEvent):
    scope = Scope(region="errand__household__building")

    errand = models.ForeignKey(
        Errand, verbose_name=_("errand"), on_delete=models.PROTECT, related_name="events"
    )
    time = models.DateTimeField(_("time"), auto_now_add=True)
    kind = models.CharField(_("event"), max_length=16, choices=ErrandEventKind.choices)
    amount = models.DecimalField(
        _("amount (yuan)"), max_digits=10, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("errand event")
        verbose_name_plural = _("errand events")
        ordering = ["time", "id"]

    def __str__(self):
        return str(self.get_kind_display())
