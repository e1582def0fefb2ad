"""Channels (渠道): where group messages leave — a WeCom or DingTalk group robot, a JSON
webhook, an SMS gateway. A channel belongs to an owner of any kind (a building group, a
department, a community…) through a generic relation, and is placed in the jurisdiction
tree by the region and/or organisation the owner gives it."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fugong.common.models import ScopedModel
from fugong.common.pii.crypto import decrypt
from fugong.common.scoping import Scope
from fugong.messaging.choices import ChannelKind


class Channel(ScopedModel):
    scope = Scope(region="region", organisations=("organisation",))

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=ChannelKind.choices)
    owner_type = models.ForeignKey(
        ContentType,
        verbose_name=_("owner type"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    owner_id = models.PositiveBigIntegerField(_("owner id"), null=True, blank=True)
    owner = GenericForeignKey("owner_type", "owner_id")
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The webhook address holds the robot's key and the signing secret signs: both are
    # credentials, kept encrypted; screens show `address_hint` only.
    address_encrypted = models.TextField(_("address (encrypted)"), blank=True, editable=False)
    secret_encrypted = models.TextField(_("secret (encrypted)"), blank=True, editable=False)
    address_hint = models.CharField(_("address"), max_length=120, blank=True, editable=False)
    rate_per_minute = models.PositiveSmallIntegerField(
        _("messages per minute"), default=20, help_text=_("0: no limit.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("channel")
        verbose_name_plural = _("channels")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["owner_type", "owner_id"], name="channel_owner")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(region__isnull=False) | models.Q(organisation__isnull=False),
                name="channel_has_a_place",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("messaging:channel_detail", args=[self.pk])

    @property
    def address(self) -> str:
        return decrypt(self.address_encrypted) if self.address_encrypted else ""

    @property
    def secret(self) -> str:
        return decrypt(self.secret_encrypted) if self.secret_encrypted else ""
