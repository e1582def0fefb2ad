from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class InAppMessageQuerySet(models.QuerySet):
    def for_user(self, user):
        """A person's own messages: nobody reads another's inbox, whatever their grants."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class InAppMessage(models.Model):
    """A message in a user's in-app inbox (站内消息): the first delivery channel.

    `key` makes delivery idempotent: the same event notifies a person once, however often
    the code that raises it runs (retries, double submissions)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="messages",
    )
    kind = models.CharField(_("kind"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    key = models.CharField(_("idempotency key"), max_length=120)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = InAppMessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="message_once_per_key")
        ]
        indexes = [models.Index(fields=["recipient", "read_at"], name="message_unread")]

    def __str__(self):
        return self.title
