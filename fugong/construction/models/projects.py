from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fugong.common.models import EvidenceModel, TimelineEvent
from fugong.common.pii.fields import MobileNumberField
from fugong.common.scoping import Scope
from fugong.construction.choices import ContactRole, ProjectEventKind, ProjectKind, ProjectStatus

# Records that belong to a project are seen by whoever may see the project's parties.
PROJECT_SCOPE = ("project__builder", "project__contractor", "project__supervisor")


class Project(EvidenceModel):
    """A construction project / site (工程项目). Seen by the region's officials and by the
    builder, contractor and supervisor enterprises."""

    scope = Scope(region="region", organisations=("builder", "contractor", "supervisor"))

    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=16, choices=ProjectKind.choices)
    is_city_key = models.BooleanField(
        _("city key project"),
        default=False,
        help_text=_("A city key project commits to the city department."),
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="projects",
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    builder = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("builder"),
        on_delete=models.PROTECT,
        related_name="built_projects",
    )
    contractor = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("contractor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contracted_projects",
    )
    supervisor = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("supervisor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supervised_projects",
    )
    contract_value = models.DecimalField(
        _("contract value (10,000 yuan)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    responsible_person = models.CharField(_("responsible person"), max_length=50, blank=True)
    responsible_phone = MobileNumberField(_("responsible person's phone"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ProjectStatus.choices,
        default=ProjectStatus.NOT_STARTED,
        editable=False,
        db_index=True,
    )
    is_demo = models.BooleanField(_("invented demo name"), default=False)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["region", "status"]),
            # The lists sort by name: let the database read in order instead of sorting.
            models.Index(fields=["name", "id"], name="project_name_order"),
        ]
        permissions = [
            ("export_project", _("Can export projects")),
            ("import_project", _("Can import projects")),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("construction:project_detail", args=[self.pk])


class ProjectContact(EvidenceModel):
    """A responsible person of the site, with a phone (masked on screens and exports)."""

    scope = Scope(
        region="project__region",
        organisations=PROJECT_SCOPE,
    )

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="contacts"
    )
    role = models.CharField(_("role"), max_length=32, choices=ContactRole.choices)
    name = models.CharField(_("name"), max_length=50)
    phone = MobileNumberField(_("phone"), null=True, blank=True)

    class Meta:
        verbose_name = _("responsible person")
        verbose_name_plural = _("responsible persons")
        ordering = ["project", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "role"],
                condition=models.Q(archived_at__isnull=True),
                name="project_contact_one_per_role",
                violation_error_code="duplicate",
            )
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.name}"


class ProjectTarget(EvidenceModel):
    """An output-value target: so much (10,000 yuan, cumulative) by a date.

    Seed: 东海大道 did about 500 万元 from 25 February and expected 2,000 万元 by 31 March."""

    scope = Scope(
        region="project__region",
        organisations=PROJECT_SCOPE,
    )

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="targets"
    )
    due_date = models.DateField(_("by"))
    value = models.DecimalField(
        _("cumulative output value (10,000 yuan)"), max_digits=14, decimal_places=2
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("output-value target")
        verbose_name_plural = _("output-value targets")
        ordering = ["project", "due_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "due_date"],
                condition=models.Q(archived_at__isnull=True),
                name="project_target_one_per_date",
                violation_error_code="duplicate",
            ),
            models.CheckConstraint(condition=models.Q(value__gt=0), name="project_target_positive"),
        ]

    def __str__(self):
        return f"{self.project}: {self.value} @ {self.due_date}"


class ProjectEvent(TimelineEvent):
    """The project's typed timeline (状态变更): what people read as its history."""

    scope = Scope(
        region="project__region",
        organisations=PROJECT_SCOPE,
    )

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="events"
    )
    time = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("event"), max_length=32, choices=ProjectEventKind.choices)
    from_status = models.CharField(
        _("from"), max_length=16, choices=ProjectStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=16, choices=ProjectStatus.choices, blank=True)

    class Meta:
        verbose_name = _("project event")
        verbose_name_plural = _("project events")
        ordering = ["-time", "-id"]

    def __str__(self):
        return f"{self.project} · {self.get_kind_display()}"
