from django.db import models
from django.utils.translation import gettext_lazy as _

from fugong.common.models import EvidenceModel
from fugong.common.pii.validators import normalise_credit_code, validate_credit_code
from fugong.common.scoping import Scope
from fugong.organisations.choices import DepartmentField, EnterpriseRole, OrganisationKind


class Organisation(EvidenceModel):
    """Who acts (单位): the bureau, its departments and stations, district departments,
    sub-district offices, and enterprises (企业). Departments hang under the bureau, so a
    grant on the bureau covers its stations."""

    scope = Scope(region="region", organisations=("self",))

    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    kind = models.CharField(_("kind"), max_length=24, choices=OrganisationKind.choices)
    name = models.CharField(_("name"), max_length=150)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("supervising region"),
        on_delete=models.PROTECT,
        related_name="organisations",
        help_text=_("The region whose officials oversee this organisation."),
    )
    field = models.CharField(_("field"), max_length=16, choices=DepartmentField.choices, blank=True)
    enterprise_role = models.CharField(
        _("enterprise role"), max_length=16, choices=EnterpriseRole.choices, blank=True
    )
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        null=True,
        blank=True,
        unique=True,
        validators=[validate_credit_code],
    )
    contact_person = models.CharField(_("contact person"), max_length=50, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    path = models.CharField(_("path"), max_length=255, unique=True, editable=False)
    is_demo = models.BooleanField(_("invented demo name"), default=False)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="organisation_unique_name"),
            # NULL parents never collide in the constraint above, so top-level names get their own.
            models.UniqueConstraint(
                fields=["name"],
                condition=models.Q(parent__isnull=True),
                name="organisation_unique_root_name",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("organisations:organisation_detail", args=[self.pk])

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.credit_code:
            self.credit_code = normalise_credit_code(self.credit_code)
        if self.kind == OrganisationKind.ENTERPRISE and not self.credit_code:
            raise ValidationError(
                {"credit_code": _("An enterprise needs its unified social credit code.")},
                code="credit_code_required",
            )
