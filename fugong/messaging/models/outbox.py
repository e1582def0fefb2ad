"""The outbox (待发消息): every message bound for a channel, written in the transaction of
what caused it, delivered by `fugong worker`; its attempts; the reminder schedule."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fugong.common.models import ScopedManager
from fugong.common.scoping import Scope
from fugong.messaging.choices import AttemptOutcome, OutboxStatus


class OutboxMessage(models.Model):
    """One message for one channel. `key` is unique: the same event queues it once, and
    the worker's lease (`lease_token`, `lease_until`) plus the SENDING state written
    before the call make a restart mid-send visible instead of a silent second send."""

    scope = Scope(region="channel__region", organisations=("channel__organisation",))

    key = models.CharField(_("idempotency key"), max_length=200, unique=True)
    channel = models.ForeignKey(
        "messaging.Channel",
        verbose_name=_("channel"),
        on_delete=models.PROTECT,
        related_name="messages",
    )
    text = models.TextField(_("text"))
    part = models.PositiveSmallIntegerField(_("part"), default=1)
    parts = models.PositiveSmallIntegerField(_("of parts"), default=1)
    source = models.CharField(_("caused by"), max_length=80, blank=True, db_index=True)
    status = models.CharField(
        _("status"), max_length=16, choices=OutboxStatus.choices, default=OutboxStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    lease_token = models.CharField(_("worker"), max_length=64, blank=True)
    lease_until = models.DateTimeField(_("lease until"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    last_response = models.TextField(_("platform's answer"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("queued by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        ordering = ["-created_at", "-id"]
        permissions = [("resend_outboxmessage", _("Can resend failed outbox messages"))]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due"),
            models.Index(fields=["status", "lease_until"], name="outbox_lease"),
        ]

    def __str__(self):
        return self.key

    def get_absolute_url(self):
        return reverse("messaging:outbox_detail", args=[self.pk])


class DeliveryAttempt(models.Model):
    """One call to the platform and its answer (the rate limit counts these)."""

    scope = Scope(
        region="message__channel__region", organisations=("message__channel__organisation",)
    )

    message = models.ForeignKey(
        OutboxMessage,
        verbose_name=_("message"),
        on_delete=models.CASCADE,
        related_name="delivery_attempts",
    )
    channel = models.ForeignKey(
        "messaging.Channel", verbose_name=_("channel"), on_delete=models.CASCADE, related_name="+"
    )
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=AttemptOutcome.choices, blank=True
    )
    http_status = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    response = models.TextField(_("platform's answer"), blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)
    worker = models.CharField(_("worker"), max_length=64, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["channel", "started_at"], name="attempt_rate")]

    def __str__(self):
        return f"{self.message_id} @ {self.started_at:%H:%M:%S}"


class ReminderRun(models.Model):
    """When each registered reminder last ran and is next due (one row per reminder)."""

    name = models.CharField(_("reminder"), max_length=80, unique=True)
    last_run_at = models.DateTimeField(_("last run"), null=True, blank=True)
    next_run_at = models.DateTimeField(_("next run"), null=True, blank=True)
    running_until = models.DateTimeField(_("running until"), null=True, blank=True)
    last_result = models.JSONField(_("last result"), default=dict, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("reminder run")
        verbose_name_plural = _("reminder runs")
        ordering = ["name"]

    def __str__(self):
        return self.name
