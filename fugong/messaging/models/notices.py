"""Notices (通知公告) the bureau issues, their attachments and read receipts (已读回执)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fugong.common.models import ScopedManager, ScopedModel
from fugong.common.scoping import Scope, ScopedQuerySet
from fugong.messaging.choices import NoticeKind, NoticeStatus


class Notice(ScopedModel):
    """A notice: who issued it (region, organisation) places it for its managers; its
    audience (roles × regions/organisations) decides who receives it on publishing."""

    scope = Scope(region="region", organisations=("organisation",))

    kind = models.CharField(_("kind"), max_length=16, choices=NoticeKind.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), help_text=_("Sanitised HTML."))
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("issued for"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("issuing organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=NoticeStatus.choices, default=NoticeStatus.DRAFT
    )
    requires_ack = models.BooleanField(_("acknowledgement required"), default=False)
    is_public = models.BooleanField(
        _("public"), default=False, help_text=_("Shown to residents on the public notice page.")
    )
    audience_roles = models.JSONField(_("audience roles"), default=list, blank=True)
    audience_regions = models.ManyToManyField(
        "regions.Region", verbose_name=_("audience regions"), blank=True, related_name="+"
    )
    audience_organisations = models.ManyToManyField(
        "organisations.Organisation",
        verbose_name=_("audience organisations"),
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawn by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    withdraw_reason = models.CharField(_("reason for withdrawal"), max_length=300, blank=True)
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-published_at", "-created_at", "-id"]
        permissions = [
            ("publish_notice", _("Can publish and withdraw notices")),
            ("broadcast_notice", _("Can send notices to group channels")),
        ]
        indexes = [models.Index(fields=["is_public", "status"], name="notice_public")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("messaging:notice_manage_detail", args=[self.pk])

    def get_read_url(self):
        return reverse("messaging:notice_detail", args=[self.pk])


class NoticeAttachment(models.Model):
    """A PDF or image attached to a notice, checked by its content when uploaded."""

    scope = Scope(region="notice__region", organisations=("notice__organisation",))

    notice = models.ForeignKey(
        Notice, verbose_name=_("notice"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to="notices/%Y/%m/")
    name = models.CharField(_("name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=60)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["id"]

    def __str__(self):
        return self.name


class ReadReceiptQuerySet(ScopedQuerySet):
    def for_user(self, user):
        """A person's own receipts: what was sent to them, whatever their grants."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class ReadReceipt(models.Model):
    """One recipient of a published notice (已读回执): delivered, read, acknowledged."""

    scope = Scope(region="notice__region", organisations=("notice__organisation",))

    notice = models.ForeignKey(
        Notice, verbose_name=_("notice"), on_delete=models.CASCADE, related_name="receipts"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notice_receipts",
    )
    delivered_at = models.DateTimeField(_("delivered at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)

    objects = models.Manager.from_queryset(ReadReceiptQuerySet)()

    class Meta:
        verbose_name = _("read receipt")
        verbose_name_plural = _("read receipts")
        ordering = ["notice", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["notice", "user"], name="receipt_once_per_user")
        ]
        indexes = [models.Index(fields=["user", "read_at"], name="receipt_unread")]

    def __str__(self):
        return f"{self.notice} · {self.user}"
