"""Abstract bases every domain model builds on."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fugong.common.scoping import ScopedQuerySet


class EvidenceDeletionError(Exception):
    """Records that are legal evidence are archived, never hard-deleted."""


class ScopedManager(models.Manager.from_queryset(ScopedQuerySet)):
    pass


class EvidenceQuerySet(ScopedQuerySet):
    def delete(self):
        raise EvidenceDeletionError(
            f"{self.model.__name__} rows are evidence; archive them instead."
        )

    def active(self):
        return self.filter(archived_at__isnull=True)


class ScopedModel(models.Model):
    """A record that lives inside the jurisdiction tree; subclasses set `scope`."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Optimistic lock: an edit made from a stale form is refused instead of silently lost.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = ScopedManager()

    class Meta:
        abstract = True


class EvidenceModel(ScopedModel):
    """A record that may be evidence in a dispute: archived with who/when, never deleted."""

    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True, editable=False)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("archived by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = models.Manager.from_queryset(EvidenceQuerySet)()

    class Meta:
        abstract = True

    def delete(self, *args, **kwargs):
        raise EvidenceDeletionError(f"{type(self).__name__} is evidence; archive it instead.")

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class TimelineEvent(models.Model):
    """Base of the typed per-object timelines people read (a project's, a commitment's…):
    who did it and a note; subclasses add the object, the time and their `kind` choices."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    message = models.CharField(_("note"), max_length=500, blank=True)

    objects = ScopedManager()

    class Meta:
        abstract = True
