"""The daily report (每日上报): one per site per calendar day (Asia/Shanghai)."""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fugong.common.caches import TimedValue
from fugong.common.models import EvidenceModel, ScopedManager
from fugong.common.scoping import Scope
from fugong.construction.models.projects import PROJECT_SCOPE


def _count(label, maximum=100_000):
    return models.PositiveIntegerField(label, default=0, validators=[MaxValueValidator(maximum)])


class DailyReport(EvidenceModel):
    """The site's construction and epidemic status for one day."""

    scope = Scope(region="project__region", organisations=PROJECT_SCOPE)

    project = models.ForeignKey(
        "construction.Project",
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        related_name="daily_reports",
        db_index=False,  # the unique (project, date) index leads with it
    )
    date = models.DateField(_("date"))
    workers_on_site = _count(_("workers on site"))
    managers_on_site = _count(_("managers on site"), 10_000)
    returned_today = _count(_("returned today"))
    from_outside_province = _count(_("from outside the province"))
    under_observation = _count(_("under medical observation"))
    temperature_checked = _count(_("temperature-checked"))
    fevers = _count(_("with fever (≥ 37.3 °C)"))
    mask_days = models.PositiveSmallIntegerField(
        _("days of masks in stock"), default=0, validators=[MaxValueValidator(365)]
    )
    disinfectant_days = models.PositiveSmallIntegerField(
        _("days of disinfectant in stock"), default=0, validators=[MaxValueValidator(365)]
    )
    disinfections_done = models.PositiveSmallIntegerField(
        _("disinfections done"), default=0, validators=[MaxValueValidator(100)]
    )
    closed_management = models.BooleanField(_("closed management kept"), default=True)
    output_value = models.DecimalField(
        _("output value today (10,000 yuan)"),
        max_digits=12,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(1_000_000)],
    )
    notes = models.TextField(_("notes"), blank=True, max_length=2000)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    copied_from_previous = models.BooleanField(
        _("same numbers as the previous report"), default=False, editable=False
    )

    class Meta:
        verbose_name = _("daily report")
        verbose_name_plural = _("daily reports")
        ordering = ["-date", "project__name"]
        permissions = [("unlock_dailyreport", _("Can unlock a daily report after the cut-off"))]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "date"],
                name="daily_report_one_per_day",
                violation_error_code="duplicate",
            ),
            models.CheckConstraint(
                condition=models.Q(fevers__lte=models.F("temperature_checked")),
                name="daily_report_fevers_le_checked",
            ),
        ]
        indexes = [models.Index(fields=["date", "project"], name="daily_report_by_date")]

    def __str__(self):
        return f"{self.project} · {self.date:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("construction:report_detail", args=[self.pk])

    @property
    def people_on_site(self) -> int:
        return self.workers_on_site + self.managers_on_site


class ReportUnlock(models.Model):
    """An authority reopened one day's report after the cut-off, until a time."""

    scope = Scope(region="project__region", organisations=PROJECT_SCOPE)

    project = models.ForeignKey(
        "construction.Project",
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        related_name="report_unlocks",
    )
    date = models.DateField(_("report date"))
    until = models.DateTimeField(_("editable until"))
    reason = models.CharField(_("reason"), max_length=300)
    unlocked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("unlocked by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("report unlock")
        verbose_name_plural = _("report unlocks")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.project} · {self.date}"


def default_deadline() -> datetime.time:
    # Callables, not fixed times: Django's check (fields.W161) mistakes a fixed time near
    # the current hour for a forgotten "now".
    return datetime.time(17, 0)


def default_cutoff() -> datetime.time:
    return datetime.time(23, 59)


class ReportingSettings(models.Model):
    """The bureau's reporting times (one row): when a report is missing, when it locks."""

    scope = Scope(everywhere=True)

    deadline = models.TimeField(
        _("report deadline"),
        default=default_deadline,
        help_text=_("After this a resumed site without a report is listed as missing."),
    )
    cutoff = models.TimeField(
        _("editing cut-off"),
        default=default_cutoff,
        help_text=_("After this the day's report can only be changed if an authority unlocks it."),
    )
    reminder_lead_minutes = models.PositiveSmallIntegerField(
        _("remind this many minutes before the deadline"),
        default=60,
        validators=[MaxValueValidator(720)],
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("reporting settings")
        verbose_name_plural = _("reporting settings")

    def __str__(self):
        return str(_("Reporting settings"))

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        transaction.on_commit(_current_settings.clear)
        _current_settings.clear()

    @classmethod
    def current(cls) -> "ReportingSettings":
        """The settings row (defaults when none was saved). Read on every submission, so
        kept in process memory for `SETTINGS_TTL` seconds; saving clears it in this
        process, and the other workers follow within the TTL."""
        return _current_settings.get()

    @classmethod
    def load(cls) -> "ReportingSettings":
        return cls.objects.order_by("pk").first() or cls(pk=1)


SETTINGS_TTL = 30.0
_current_settings = TimedValue(lambda: ReportingSettings.load(), SETTINGS_TTL)
