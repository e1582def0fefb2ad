"""The commitment system (承诺制) that replaced approval of work (re)starts."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fugong.common.models import EvidenceModel, ScopedManager, ScopedModel, TimelineEvent
from fugong.common.pii.fields import MobileNumberField
from fugong.common.scoping import Scope
from fugong.construction.choices import (
    CommitmentEventKind,
    CommitmentStatus,
    ConcernStatus,
    ItemKind,
    ProjectKind,
    RouteTarget,
)
from fugong.construction.models.projects import PROJECT_SCOPE


class ChecklistTemplate(ScopedModel):
    """A version of the list of prevention conditions (承诺事项清单) a site commits to.

    Versions of one `family` are numbered; once a commitment has used a version it is frozen
    (`frozen_at`), and editing it means making the next version."""

    scope = Scope(everywhere=True)

    family = models.SlugField(_("family"), max_length=40, default="epidemic")
    version_number = models.PositiveIntegerField(_("version number"))
    title = models.CharField(_("title"), max_length=150)
    statement = models.TextField(
        _("statement the signer accepts"),
        help_text=_("The sentence the responsible person ticks before signing."),
    )
    is_active = models.BooleanField(_("offered for new commitments"), default=False)
    frozen_at = models.DateTimeField(_("frozen at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("checklist template")
        verbose_name_plural = _("checklist templates")
        ordering = ["family", "-version_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["family", "version_number"], name="checklist_version_unique"
            ),
            models.UniqueConstraint(
                fields=["family"],
                condition=models.Q(is_active=True),
                name="checklist_one_active_per_family",
            ),
        ]

    def __str__(self):
        return f"{self.title} v{self.version_number}"

    def get_absolute_url(self):
        return reverse("construction:template_detail", args=[self.pk])

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None


class ChecklistItem(models.Model):
    scope = Scope(everywhere=True)

    template = models.ForeignKey(
        ChecklistTemplate,
        verbose_name=_("template"),
        on_delete=models.CASCADE,
        related_name="items",
    )
    position = models.PositiveSmallIntegerField(_("position"))
    code = models.SlugField(_("code"), max_length=40)
    text = models.CharField(_("condition"), max_length=300)
    kind = models.CharField(
        _("answer type"), max_length=16, choices=ItemKind.choices, default=ItemKind.YES_NO
    )
    threshold = models.DecimalField(
        _("limit"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    required = models.BooleanField(_("required"), default=True)
    help_text = models.CharField(_("hint"), max_length=300, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["template", "position"]
        constraints = [
            models.UniqueConstraint(fields=["template", "code"], name="checklist_item_code_unique"),
            models.UniqueConstraint(
                fields=["template", "position"], name="checklist_item_position_unique"
            ),
        ]

    def __str__(self):
        return self.text


class RoutingRule(ScopedModel):
    """Which authority receives a commitment; the first matching rule (by `priority`) wins.

    Default rules: city key projects → the bureau's construction management department;
    everything else → the project's district housing department."""

    scope = Scope(everywhere=True)

    priority = models.PositiveSmallIntegerField(
        _("priority"), help_text=_("Lower numbers are tried first.")
    )
    name = models.CharField(_("name"), max_length=100)
    match_city_key = models.BooleanField(
        _("city key project"), null=True, blank=True, help_text=_("Empty: any project.")
    )
    match_kind = models.CharField(
        _("project kind"), max_length=16, choices=ProjectKind.choices, blank=True
    )
    target = models.CharField(_("send to"), max_length=24, choices=RouteTarget.choices)
    department = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("city department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Required when sending to a city department."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        ordering = ["priority", "id"]

    def __str__(self):
        return self.name


class Commitment(EvidenceModel):
    """A site's signed commitment (承诺书). It takes effect when filed: no approval step."""

    scope = Scope(region="project__region", organisations=(*PROJECT_SCOPE, "authority"))

    project = models.ForeignKey(
        "construction.Project",
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        related_name="commitments",
    )
    template = models.ForeignKey(
        ChecklistTemplate,
        verbose_name=_("checklist"),
        on_delete=models.PROTECT,
        related_name="commitments",
    )
    enterprise = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("committing enterprise"),
        on_delete=models.PROTECT,
        related_name="commitments",
    )
    authority = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("receiving authority"),
        on_delete=models.PROTECT,
        related_name="received_commitments",
    )
    routed_by = models.ForeignKey(
        RoutingRule,
        verbose_name=_("routing rule"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=CommitmentStatus.choices,
        default=CommitmentStatus.IN_FORCE,
        editable=False,
        db_index=True,
    )
    responsible_person = models.CharField(_("responsible person"), max_length=50)
    responsible_phone = MobileNumberField(_("responsible person's phone"))
    signed_name = models.CharField(_("signed by"), max_length=50)
    signed_on = models.DateField(_("signed on"))
    statement_accepted = models.BooleanField(_("statement accepted"), default=False)
    scan = models.FileField(_("signed scan"), upload_to="commitments/%Y/%m/", blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("filed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    filed_at = models.DateTimeField(_("filed at"), auto_now_add=True)
    read_at = models.DateTimeField(
        _("opened by the authority at"), null=True, blank=True, editable=False
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True, editable=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    revoke_reason = models.TextField(_("reason for revocation"), blank=True)

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["-filed_at", "-id"]
        permissions = [
            ("verify_commitment", _("Can mark commitments verified on site")),
            ("revoke_commitment", _("Can revoke false commitments")),
        ]
        constraints = [
            # One commitment in force per project: a double submission cannot add a second.
            models.UniqueConstraint(
                fields=["project"],
                condition=models.Q(status__in=["in_force", "verified"]),
                name="commitment_one_in_force_per_project",
                violation_error_code="duplicate",
            )
        ]

    def __str__(self):
        return _("Commitment of %(project)s") % {"project": self.project}

    def get_absolute_url(self):
        return reverse("construction:commitment_detail", args=[self.pk])


class CommitmentAnswer(models.Model):
    scope = Scope(
        region="commitment__project__region",
        organisations=tuple(f"commitment__{s}" for s in (*PROJECT_SCOPE, "authority")),
    )

    commitment = models.ForeignKey(
        Commitment, verbose_name=_("commitment"), on_delete=models.PROTECT, related_name="answers"
    )
    item = models.ForeignKey(
        ChecklistItem, verbose_name=_("item"), on_delete=models.PROTECT, related_name="+"
    )
    value_bool = models.BooleanField(_("yes/no"), null=True, blank=True)
    value_number = models.DecimalField(
        _("number"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    value_text = models.TextField(_("text"), blank=True)
    attachment = models.FileField(
        _("attachment"), upload_to="commitments/answers/%Y/%m/", blank=True
    )

    objects = ScopedManager()

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["commitment", "item__position"]
        constraints = [
            models.UniqueConstraint(fields=["commitment", "item"], name="commitment_answer_unique")
        ]

    def __str__(self):
        return f"{self.item}: {self.display_value}"

    @property
    def display_value(self):
        if self.value_bool is not None:
            return _("Yes") if self.value_bool else _("No")
        if self.value_number is not None:
            return f"{self.value_number.normalize():f} {self.item.unit}".strip()
        if self.attachment:
            return self.attachment.name.rsplit("/", 1)[-1]
        return self.value_text


class CommitmentEvent(TimelineEvent):
    """The commitment's timeline: filed, routed, opened, verified, revoked."""

    scope = Scope(
        region="commitment__project__region",
        organisations=tuple(f"commitment__{s}" for s in (*PROJECT_SCOPE, "authority")),
    )

    commitment = models.ForeignKey(
        Commitment, verbose_name=_("commitment"), on_delete=models.PROTECT, related_name="events"
    )
    time = models.DateTimeField(_("time"), auto_now_add=True)
    kind = models.CharField(_("event"), max_length=16, choices=CommitmentEventKind.choices)

    class Meta:
        verbose_name = _("commitment event")
        verbose_name_plural = _("commitment events")
        ordering = ["time", "id"]

    def __str__(self):
        return self.get_kind_display()


class CreditRecord(EvidenceModel):
    """A mark against an enterprise (信用记录), e.g. for a false commitment."""

    scope = Scope(region="enterprise__region", organisations=("enterprise",))

    enterprise = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="credit_records",
    )
    commitment = models.ForeignKey(
        Commitment,
        verbose_name=_("commitment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="credit_records",
    )
    reason = models.TextField(_("reason"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("credit record")
        verbose_name_plural = _("credit records")
        ordering = ["-recorded_at"]

    def __str__(self):
        return f"{self.enterprise}: {self.reason[:40]}"


class Concern(ScopedModel):
    """Something a member of the public reported from the site's QR sign (公示牌)."""

    scope = Scope(region="project__region", organisations=(*PROJECT_SCOPE,))

    project = models.ForeignKey(
        "construction.Project",
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        related_name="concerns",
    )
    text = models.TextField(_("what was seen"), max_length=1000)
    contact = MobileNumberField(_("contact phone"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ConcernStatus.choices,
        default=ConcernStatus.NEW,
        editable=False,
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True, editable=False)
    response = models.TextField(_("response"), blank=True)

    class Meta:
        verbose_name = _("public concern")
        verbose_name_plural = _("public concerns")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.project}: {self.text[:30]}"
