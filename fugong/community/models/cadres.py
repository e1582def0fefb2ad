"""Cadres in communities (下沉干部): where they are sent, their duty days, and what the
residents and the sub-district say about them."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fugong.common.models import EvidenceModel, ScopedModel
from fugong.common.pii.fields import MobileNumberField
from fugong.common.scoping import Scope
from fugong.community.choices import FeedbackSource
from fugong.regions.choices import RegionLevel


class Deployment(ScopedModel):
    """A cadre sent to a community (派驻), from a day to a day (open while it lasts)."""

    scope = Scope(region="community")

    cadre = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cadre"),
        on_delete=models.PROTECT,
        related_name="deployments",
    )
    community = models.ForeignKey(
        "regions.Region",
        verbose_name=_("community"),
        on_delete=models.PROTECT,
        related_name="deployments",
        limit_choices_to={"level": RegionLevel.COMMUNITY},
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    duty = models.CharField(_("duty"), max_length=100, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    # The cadre role granted on the community for this deployment (revoked when it ends).
    grant = models.ForeignKey(
        "accounts.RoleGrant",
        verbose_name=_("role grant"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("deployment")
        verbose_name_plural = _("deployments")
        ordering = ["community__path", "starts_on", "cadre__username"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="deployment_ends_after_start",
                violation_error_code="dates",
                violation_error_message=_("A deployment cannot end before it starts."),
            )
        ]
        indexes = [models.Index(fields=["cadre", "starts_on"], name="deployment_cadre")]

    def __str__(self):
        return f"{self.cadre} → {self.community}"

    def get_absolute_url(self):
        return reverse("community:deployment_detail", args=[self.pk])

    def is_active_on(self, day) -> bool:
        return self.starts_on <= day and (self.ends_on is None or self.ends_on >= day)


def duty_photo_path(instance, filename):
    # No user-chosen names on disk: the date and a random part, under the community.
    import uuid

    return f"community/duty/{instance.date:%Y/%m}/{uuid.uuid4().hex}.jpg"


class DutyLog(EvidenceModel):
    """A cadre's duty day (值守记录): one per cadre per day, checked in from a phone."""

    scope = Scope(region="community")

    cadre = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cadre"),
        on_delete=models.PROTECT,
        related_name="duty_logs",
    )
    deployment = models.ForeignKey(
        Deployment,
        verbose_name=_("deployment"),
        on_delete=models.PROTECT,
        related_name="duty_logs",
    )
    community = models.ForeignKey(
        "regions.Region",
        verbose_name=_("community"),
        on_delete=models.PROTECT,
        related_name="duty_logs",
    )
    compound = models.ForeignKey(
        "regions.Region",
        verbose_name=_("compound"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="compound_duty_logs",
        limit_choices_to={"level": RegionLevel.COMPOUND},
    )
    date = models.DateField(_("date"))
    activities = models.JSONField(_("activities"), default=list)
    notes = models.TextField(_("notes"), blank=True, max_length=2000)
    photo = models.ImageField(_("photo"), upload_to=duty_photo_path, blank=True, max_length=200)
    # Days in a row up to this one (on duty anywhere; at the same compound), fixed at
    # check-in: a day can only be checked in on the day itself, so they never go stale.
    streak_days = models.PositiveIntegerField(_("days in a row"), default=1, editable=False)
    compound_streak_days = models.PositiveIntegerField(
        _("days in a row at this compound"), default=0, editable=False
    )
    checked_in_at = models.DateTimeField(_("checked in at"), auto_now_add=True)

    class Meta:
        verbose_name = _("duty log")
        verbose_name_plural = _("duty logs")
        ordering = ["-date", "cadre__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["cadre", "date"],
                name="duty_log_one_per_day",
                violation_error_code="duplicate",
                violation_error_message=_("You have already checked in today."),
            )
        ]
        indexes = [models.Index(fields=["community", "date"], name="duty_log_community_date")]

    def __str__(self):
        return f"{self.cadre} · {self.date:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("community:duty_detail", args=[self.pk])

    def activity_labels(self) -> list[str]:
        from fugong.community.choices import DutyActivity

        labels = dict(DutyActivity.choices)
        return [str(labels.get(code, code)) for code in self.activities]


class Feedback(ScopedModel):
    """A rating (1–5) and comment on a cadre (评价), by a resident through the community's
    public link or by a sub-district official. One per rater per cadre per day."""

    scope = Scope(region="community")

    cadre = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cadre"),
        on_delete=models.PROTECT,
        related_name="feedback_received",
    )
    community = models.ForeignKey(
        "regions.Region",
        verbose_name=_("community"),
        on_delete=models.PROTECT,
        related_name="cadre_feedback",
    )
    source = models.CharField(_("from"), max_length=16, choices=FeedbackSource.choices)
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), blank=True, max_length=1000)
    date = models.DateField(_("date"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("official"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="feedback_given",
    )
    author_name = models.CharField(_("name"), max_length=50, blank=True)
    author_phone = MobileNumberField(_("phone"), null=True, blank=True)
    # Who rated, as a key: "u<user id>" or the phone's hash, for one rating a day.
    rater_key = models.CharField(max_length=80, editable=False)
    hidden = models.BooleanField(
        _("hidden"), default=False, help_text=_("Abusive comments are hidden, not deleted.")
    )

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cadre", "rater_key", "date"],
                name="feedback_one_per_rater_day",
                violation_error_code="duplicate",
                violation_error_message=_("You have already rated this cadre today."),
            ),
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5),
                name="feedback_rating_1_5",
            ),
        ]
        indexes = [models.Index(fields=["cadre", "date"], name="feedback_cadre_date")]

    def __str__(self):
        return f"{self.cadre} · {self.rating}★ · {self.date:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("community:feedback_detail", args=[self.pk])

    @property
    def stars(self) -> str:
        return "★" * self.rating
