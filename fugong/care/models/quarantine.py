"""Quarantine follow-up (居家/集中隔离, 健康监测): the period, its typed timeline and the
daily health checks, recorded by a cadre or self-reported through a personal link."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fugong.care.choices import (
    CheckSource,
    QuarantineEventKind,
    QuarantineKind,
    QuarantineStatus,
)
from fugong.common.models import ScopedModel, TimelineEvent
from fugong.common.scoping import Scope
from fugong.regions.choices import RegionLevel

# Body temperatures a thermometer can honestly show; anything else is a typo.
TEMPERATURE_MIN = Decimal("34.0")
TEMPERATURE_MAX = Decimal("43.0")
FEVER = Decimal("37.3")


class Quarantine(ScopedModel):
    """A person's quarantine (隔离): from a day to a planned end, until released."""

    scope = Scope(region="resident__household__building")

    resident = models.ForeignKey(
        "community.Resident",
        verbose_name=_("resident"),
        on_delete=models.PROTECT,
        related_name="quarantines",
    )
    # The community of the resident's building, kept for alerts and the dashboard.
    community = models.ForeignKey(
        "regions.Region",
        verbose_name=_("community"),
        on_delete=models.PROTECT,
        related_name="quarantines",
        limit_choices_to={"level": RegionLevel.COMMUNITY},
        editable=False,
    )
    kind = models.CharField(
        _("kind"), max_length=16, choices=QuarantineKind.choices, default=QuarantineKind.HOME
    )
    place = models.CharField(
        _("place"),
        max_length=100,
        blank=True,
        help_text=_("For centralised quarantine: the hotel or site."),
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    starts_on = models.DateField(_("starts on"))
    planned_end_on = models.DateField(_("planned end"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=QuarantineStatus.choices,
        default=QuarantineStatus.ACTIVE,
        editable=False,
        db_index=True,
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    released_at = models.DateTimeField(_("released at"), null=True, blank=True, editable=False)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("released by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    release_note = models.CharField(_("release note"), max_length=300, blank=True)
    # The personal link: only the SHA-256 of its token is kept, so a copy of the
    # database opens no one's page; the link is shown once, when it is issued.
    token_hash = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    link_issued_at = models.DateTimeField(
        _("link issued at"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("quarantine")
        verbose_name_plural = _("quarantines")
        ordering = ["-starts_on", "-id"]
        permissions = [("release_quarantine", _("Can release people from quarantine"))]
        constraints = [
            models.UniqueConstraint(
                fields=["resident"],
                condition=Q(status="active"),
                name="quarantine_one_active_per_resident",
                violation_error_code="duplicate",
                violation_error_message=_("This resident is already in quarantine."),
            ),
            models.CheckConstraint(
                condition=Q(planned_end_on__gte=F("starts_on")),
                name="quarantine_ends_after_start",
                violation_error_code="dates",
                violation_error_message=_("The planned end cannot be before the start."),
            ),
        ]
        indexes = [models.Index(fields=["community", "status"], name="quarantine_community")]

    def __str__(self):
        return f"{self.resident} · {self.starts_on:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("care:quarantine_detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status == QuarantineStatus.ACTIVE

    @property
    def has_link(self) -> bool:
        return bool(self.token_hash)

    def day_number(self, day) -> int:
        """Day 1 is the first day of quarantine."""
        return (day - self.starts_on).days + 1

    @property
    def planned_days(self) -> int:
        return (self.planned_end_on - self.starts_on).days + 1


class QuarantineEvent(TimelineEvent):
    """The quarantine's timeline: started, extended or shortened (with the reason and
    both dates), link issued or revoked, released."""

    scope = Scope(region="quarantine__resident__household__building")

    quarantine = models.ForeignKey(
        Quarantine, verbose_name=_("quarantine"), on_delete=models.CASCADE, related_name="events"
    )
    time = models.DateTimeField(_("time"), auto_now_add=True)
    kind = models.CharField(_("event"), max_length=16, choices=QuarantineEventKind.choices)
    end_before = models.DateField(_("planned end before"), null=True, blank=True)
    end_after = models.DateField(_("planned end after"), null=True, blank=True)

    class Meta:
        verbose_name = _("quarantine event")
        verbose_name_plural = _("quarantine events")
        ordering = ["time", "id"]

    def __str__(self):
        return str(self.get_kind_display())


class HealthCheck(ScopedModel):
    """A day's health check (健康监测) of a person in quarantine: one per day. Personal
    data: purged after the retention period."""

    scope = Scope(region="quarantine__resident__household__building")

    quarantine = models.ForeignKey(
        Quarantine, verbose_name=_("quarantine"), on_delete=models.CASCADE, related_name="checks"
    )
    date = models.DateField(_("date"))
    temperature = models.DecimalField(_("temperature (°C)"), max_digits=3, decimal_places=1)
    symptoms = models.JSONField(_("symptoms"), default=list, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    source = models.CharField(_("recorded"), max_length=8, choices=CheckSource.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("health check")
        verbose_name_plural = _("health checks")
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["quarantine", "date"],
                name="health_check_one_per_day",
                violation_error_code="duplicate",
                violation_error_message=_("Today's health check is already recorded."),
            ),
            models.CheckConstraint(
                condition=Q(temperature__gte=TEMPERATURE_MIN, temperature__lte=TEMPERATURE_MAX),
                name="health_check_temperature_range",
                violation_error_code="temperature",
            ),
        ]
        indexes = [models.Index(fields=["date"], name="health_check_date")]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} · {self.temperature} °C"

    @property
    def is_fever(self) -> bool:
        return self.temperature is not None and self.temperature >= FEVER

    def symptom_labels(self) -> list[str]:
        from fugong.care.choices import Symptom

        labels = dict(Symptom.choices)
        return [str(labels.get(code, code)) for code in self.symptoms]
