"""The dashboard keeps no figures of its own (it reads the domain apps); it stores only
where the daily bulletin (日报) goes: the groups configured to receive it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fugong.common.models import ScopedModel
from fugong.common.scoping import Scope


class BulletinRecipient(ScopedModel):
    """A channel (a WeCom/DingTalk group, an SMS list…) that receives the daily bulletin
    (日报接收群). Placed where its channel is."""

    scope = Scope(region="channel__region", organisations=("channel__organisation",))

    channel = models.OneToOneField(
        "messaging.Channel",
        verbose_name=_("channel"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_active = models.BooleanField(_("active"), default=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
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
        verbose_name = _("bulletin recipient")
        verbose_name_plural = _("bulletin recipients")
        ordering = ["id"]
        permissions = [
            ("view_dashboard", _("Can view the command dashboard")),
            ("send_bulletin", _("Can send the daily bulletin")),
        ]

    def __str__(self):
        return str(self.channel)
