"""Double-random spot checks (双随机抽查): the draw, the sites it drew and its timeline."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fugong.common.models import EvidenceModel, ScopedManager, TimelineEvent
from fugong.common.scoping import Scope
from fugong.draws.choices import DrawEventKind, DrawStatus, SelectionMode, Weighting
from fugong.supervision.choices import InspectionField

DRAW_SCOPE = Scope(region="region")
MIN_INSPECTORS = 2
MAX_INSPECTORS = 5


class Draw(EvidenceModel):
    """One draw in a scope (a city or district, a project kind, a field). Its inputs are
    frozen when prepared; the seed is secret until the draw, then published with it."""

    scope = DRAW_SCOPE

    number = models.CharField(_("number"), max_length=24, unique=True, null=True, editable=False)
    title = models.CharField(_("title"), max_length=150)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    field = models.CharField(
        _("field of inspection"), max_length=16, choices=InspectionField.choices
    )
    project_kind = models.CharField(_("project kind"), max_length=16, blank=True)
    mode = models.CharField(_("select"), max_length=8, choices=SelectionMode.choices)
    count = models.PositiveIntegerField(_("number of sites"), null=True, blank=True)
    share_percent = models.PositiveSmallIntegerField(
        _("share of sites (%)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    inspectors_per_target = models.PositiveSmallIntegerField(
        _("inspectors per site"),
        default=MIN_INSPECTORS,
        validators=[MinValueValidator(MIN_INSPECTORS), MaxValueValidator(MAX_INSPECTORS)],
    )
    weighting = models.CharField(
        _("weighting"), max_length=8, choices=Weighting.choices, default=Weighting.RISK
    )
    planned_on = models.DateField(_("inspection date"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=DrawStatus.choices,
        default=DrawStatus.PREPARED,
        editable=False,
        db_index=True,
    )
    inputs = models.JSONField(_("inputs"), editable=False)
    inputs_hash = models.CharField(_("SHA-256 of the inputs"), max_length=64, editable=False)
    candidates = models.PositiveIntegerField(_("eligible sites"), editable=False)
    selected = models.PositiveIntegerField(_("sites to draw"), editable=False)
    # Secret until drawn: never shown, exported or serialised before `drawn_at`.
    seed = models.CharField(_("seed"), max_length=64, blank=True, editable=False)
    seed_hash = models.CharField(
        _("SHA-256 of the seed"), max_length=64, blank=True, editable=False
    )
    result = models.JSONField(_("result"), null=True, blank=True, editable=False)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("prepared by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    drawn_at = models.DateTimeField(_("drawn at"), null=True, blank=True, editable=False)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drawn by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    assigned_at = models.DateTimeField(
        _("inspections created at"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("double-random draw")
        verbose_name_plural = _("double-random draws")
        ordering = ["-created_at", "-id"]
        permissions = [
            ("run_draw", _("Can prepare and run double-random draws")),
            ("view_any_field_draw", _("Can see draws of every field")),
        ]

    def __str__(self):
        return self.number or self.title

    def get_absolute_url(self):
        return reverse("draws:draw_detail", args=[self.pk])

    def get_public_url(self):
        return reverse("draws:public_detail", args=[self.number])

    @property
    def seed_revealed(self) -> bool:
        return self.status in (DrawStatus.DRAWN, DrawStatus.ASSIGNED)


class DrawTarget(models.Model):
    """A site the draw chose, its place in the draw and the inspection it led to."""

    scope = Scope(region="draw__region")

    draw = models.ForeignKey(
        Draw, verbose_name=_("draw"), on_delete=models.PROTECT, related_name="targets"
    )
    project = models.ForeignKey(
        "construction.Project",
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    rank = models.PositiveIntegerField(_("order drawn"))
    weight = models.PositiveIntegerField(_("weight"))
    inspectors = models.ManyToManyField(
        "supervision.Inspector", verbose_name=_("inspectors"), related_name="+"
    )
    inspection = models.OneToOneField(
        "supervision.Inspection",
        verbose_name=_("inspection"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="draw_target",
    )

    objects = ScopedManager()

    class Meta:
        verbose_name = _("drawn site")
        verbose_name_plural = _("drawn sites")
        ordering = ["draw", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["draw", "project"], name="draw_target_unique"),
            models.UniqueConstraint(fields=["draw", "rank"], name="draw_target_rank_unique"),
        ]

    def __str__(self):
        return f"{self.rank}. {self.project}"


class DrawEvent(TimelineEvent):
    """The draw's timeline as people read it."""

    scope = Scope(region="draw__region")

    draw = models.ForeignKey(
        Draw, verbose_name=_("draw"), on_delete=models.PROTECT, related_name="events"
    )
    time = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("event"), max_length=16, choices=DrawEventKind.choices)

    class Meta:
        verbose_name = _("draw event")
        verbose_name_plural = _("draw events")
        ordering = ["time", "id"]

    def __str__(self):
        return self.get_kind_display()
