"""The record of each survey import (摸排导入记录): who imported which file into which
area, how many rows it held and what they did, when. Written with its change-log entry
in the import's transaction (`importing/residents.py`); each resident and household the
import created or changed has its own change-log entry naming the import."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fugong.common.models import ScopedModel
from fugong.common.scoping import Scope


class SurveyImport(ScopedModel):
    scope = Scope(region="area")

    area = models.ForeignKey(
        "regions.Region", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField(_("imported by (name)"), max_length=150, blank=True)
    filename = models.CharField(_("file"), max_length=255, blank=True)
    sha256 = models.CharField(_("file SHA-256"), max_length=64)
    rows = models.PositiveIntegerField(_("rows"))
    created = models.PositiveIntegerField(_("residents registered"))
    updated = models.PositiveIntegerField(_("residents updated"))
    unchanged = models.PositiveIntegerField(_("residents unchanged"))
    households = models.PositiveIntegerField(_("households registered"))

    class Meta:
        verbose_name = _("survey import")
        verbose_name_plural = _("survey imports")
        ordering = ["-created_at", "-id"]
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.filename or self.sha256[:12]} ({self.rows})"
