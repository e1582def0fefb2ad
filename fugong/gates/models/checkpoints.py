"""A gate of a compound (门岗/卡点): the tent at a compound without property management
as much as a proper gatehouse. Its poster's QR code carries an unguessable token."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fugong.common.models import ScopedModel
from fugong.common.scoping import Scope
from fugong.gates.choices import CheckpointKind
from fugong.regions.choices import RegionLevel


def new_token() -> str:
    return secrets.token_urlsafe(18)


class Checkpoint(ScopedModel):
    """门岗: where residents and visitors pass in and out of a compound."""

    scope = Scope(region="compound")

    compound = models.ForeignKey(
        "regions.Region",
        verbose_name=_("compound"),
        on_delete=models.PROTECT,
        related_name="checkpoints",
        limit_choices_to={"level": RegionLevel.COMPOUND},
    )
    name = models.CharField(_("name"), max_length=60)
    kind = models.CharField(
        _("kind"), max_length=16, choices=CheckpointKind.choices, default=CheckpointKind.GATE
    )
    location = models.CharField(_("location"), max_length=200, blank=True)
    # What the poster's QR code opens; a new one is issued when a poster leaks.
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    is_active = models.BooleanField(_("in use"), default=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
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
        verbose_name = _("gate")
        verbose_name_plural = _("gates")
        ordering = ["compound__path", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["compound", "name"],
                name="checkpoint_unique_name",
                violation_error_code="duplicate",
                violation_error_message=_("The compound already has a gate of this name."),
            )
        ]

    def __str__(self):
        return f"{self.compound.name} · {self.name}" if self.compound_id else self.name

    def get_absolute_url(self):
        return reverse("gates:checkpoint_detail", args=[self.pk])

    def get_public_url(self):
        return reverse("gates:scan", args=[self.token])
