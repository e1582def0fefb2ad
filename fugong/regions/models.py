from django.db import models
from django.utils.translation import gettext_lazy as _

from fugong.common.models import ScopedModel
from fugong.common.scoping import Scope
from fugong.regions.choices import RegionLevel


class Region(ScopedModel):
    """A node of the jurisdiction tree (市/区/街道/社区/小区/楼栋).

    `path` is the materialised chain of codes from the root ("410000/410800/410802/"), so
    "everything under this district" is one indexed prefix match.
    """

    scope = Scope(region="self")

    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    level = models.CharField(_("level"), max_length=16, choices=RegionLevel.choices)
    code = models.CharField(
        _("code"),
        max_length=24,
        unique=True,
        help_text=_("GB/T 2260 code for provinces, cities and districts; statistical code below."),
    )
    name = models.CharField(_("name"), max_length=100)
    path = models.CharField(_("path"), max_length=255, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(_("depth"), default=0, editable=False)
    # Compounds only: the seed's 郝庄新村 had neither property management nor a gate.
    has_property_management = models.BooleanField(
        _("has property management"), null=True, blank=True
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    is_demo = models.BooleanField(
        _("invented demo name"),
        default=False,
        help_text=_("Not a real place; made up for the demo."),
    )

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["path"]
        indexes = [models.Index(fields=["level", "path"])]
        permissions = [("import_region", _("Can import regions"))]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("regions:region_detail", args=[self.pk])

    def ancestors(self):
        codes = [c for c in self.path.split("/") if c][:-1]
        return Region.objects.filter(code__in=codes).order_by("depth")

    def full_name(self) -> str:
        return " / ".join([r.name for r in self.ancestors()] + [self.name])

    def clean(self):
        from fugong.regions.validators import validate_region_placement

        validate_region_placement(self)
