from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from fugong.audit.choices import ChangeAction
from fugong.common.models import ScopedManager
from fugong.common.scoping import Scope, ScopedQuerySet


class AppendOnlyError(Exception):
    """The change log is evidence: rows are never edited or removed."""


class ChangeLogQuerySet(ScopedQuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("The change log is append-only.")

    def delete(self):
        raise AppendOnlyError("The change log is append-only.")

    def for_object(self, instance):
        return self.filter(
            content_type=ContentType.objects.get_for_model(type(instance)),
            object_id=str(instance.pk),
        )


class ChangeLog(models.Model):
    """Who changed what and when (变更记录), with before/after values.

    Written by the service layer in the same transaction as the change; the region and
    organisation the object sat in are copied so the log scopes like the object did.

    Its references have no foreign-key constraints in the database (`db_constraint=False`,
    as history tables commonly do): a constraint would check, and lock, the actor's,
    the record type's, the region's and the organisation's rows at every commit that
    writes a log row — the same few rows for every concurrent change of a district. The
    ORM still refuses to delete what a log row refers to (PROTECT), and the log itself
    is never updated.
    """

    scope = Scope(region="region", organisations=("organisation",))

    time = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
    )
    actor_name = models.CharField(_("actor name"), max_length=150, blank=True)
    # Looked up by equality only: a plain index (db_index would add a LIKE one on PostgreSQL).
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    action = models.CharField(_("action"), max_length=16, choices=ChangeAction.choices)
    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("record type"),
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
        db_index=False,  # the (content_type, object_id, time) index leads with it
    )
    object_id = models.CharField(_("record id"), max_length=64)
    object_repr = models.CharField(_("record"), max_length=200)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    changed_fields = models.JSONField(_("changed fields"), default=list, blank=True)
    message = models.CharField(_("note"), max_length=500, blank=True)
    region = models.ForeignKey(
        "regions.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
    )

    objects = ScopedManager.from_queryset(ChangeLogQuerySet)()

    class Meta:
        verbose_name = _("change log entry")
        verbose_name_plural = _("change log")
        ordering = ["-time", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "-time"]),
            models.Index(fields=["request_id"], name="audit_changelog_request"),
        ]
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.time:%Y-%m-%d %H:%M} {self.actor_name} {self.get_action_display()} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("The change log is append-only.")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("audit:changelog_detail", args=[self.pk])

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The change log is append-only.")
