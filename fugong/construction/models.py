from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fugong.common.models import EvidenceModel
from fugong.common.pii.fields import MobileNumberField
from fugong.common.scoping import Scope
from fugong.construction.choices import ProjectKind, ProjectStatus


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
