"""Contact tracing (密接排查): every run is kept (who asked about whom, with what window,
how many were found), and a case holds the records it needs against the retention purge."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fugong.common.models import ScopedModel
from fugong.common.pii.fields import MobileNumberField
from fugong.common.scoping import Scope, ScopedQuerySet
from fugong.gates.choices import CaseStatus
from fugong.regions.choices import RegionLevel


class ContactTracingCase(ScopedModel):
    """密接排查案件: opened on a person; while open, the passages found stay identified."""

    scope = Scope(region="community")

    community = models.ForeignKey(
        "regions.Region",
        verbose_name=_("community"),
        on_delete=models.PROTECT,
        related_name="tracing_cases",
        limit_choices_to={"level": RegionLevel.COMMUNITY},
    )
    subject_label = models.CharField(_("person"), max_length=80)
    subject_resident = models.ForeignKey(
        "community.Resident",
        verbose_name=_("resident"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tracing_cases",
    )
    subject_phone = MobileNumberField(_("phone"), null=True, blank=True)
    reason = models.TextField(_("reason"), max_length=1000)
    minutes = models.PositiveSmallIntegerField(_("± minutes"))
    days = models.PositiveSmallIntegerField(_("days back"))
    status = models.CharField(
        _("status"), max_length=8, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    passages = models.ManyToManyField(
        "gates.Passage", verbose_name=_("passages held"), related_name="cases", blank=True
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    close_note = models.CharField(_("closing note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("contact-tracing case")
        verbose_name_plural = _("contact-tracing cases")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "community"], name="tracing_case_status")]

    def __str__(self):
        return str(_("Case %(n)s: %(who)s") % {"n": self.pk, "who": self.subject_label})

    def get_absolute_url(self):
        return reverse("gates:case_detail", args=[self.pk])


class TracingRun(models.Model):
    """One run of the contact-tracing query: the audit of who looked at whose contacts."""

    scope = Scope(region="community")

    community = models.ForeignKey(
        "regions.Region",
        verbose_name=_("community"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("run by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("time"), auto_now_add=True)
    subject_label = models.CharField(_("person"), max_length=80)
    subject_resident = models.ForeignKey(
        "community.Resident",
        verbose_name=_("resident"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    subject_passage = models.ForeignKey(
        "gates.Passage",
        verbose_name=_("passage"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    minutes = models.PositiveSmallIntegerField(_("± minutes"))
    days = models.PositiveSmallIntegerField(_("days back"))
    found = models.PositiveIntegerField(_("contacts found"))
    exported = models.BooleanField(_("exported"), default=False)

    objects = models.Manager.from_queryset(ScopedQuerySet)()

    class Meta:
        verbose_name = _("contact-tracing run")
        verbose_name_plural = _("contact-tracing runs")
        ordering = ["-at", "-id"]
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.subject_label} · {self.at:%Y-%m-%d %H:%M}"


class RetentionPurge(models.Model):
    """One run of the retention purge (到期清除): when, the cut-off, what it counted."""

    at = models.DateTimeField(_("time"), auto_now_add=True)
    cutoff = models.DateTimeField(_("records before"))
    counts = models.JSONField(_("counts"), default=dict)
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("run by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("retention purge")
        verbose_name_plural = _("retention purges")
        ordering = ["-at"]
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} · {self.counts}"
