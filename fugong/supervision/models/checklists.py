"""Inspection checklists (检查表), one family per field, versioned like the commitment
checklists: a version that an inspection has used is frozen; editing it makes the next."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fugong.common.models import ScopedManager, ScopedModel
from fugong.common.scoping import Scope
from fugong.supervision.choices import InspectionField


class InspectionChecklist(ScopedModel):
    scope = Scope(everywhere=True)

    field = models.CharField(_("field"), max_length=16, choices=InspectionField.choices)
    version_number = models.PositiveIntegerField(_("version number"))
    title = models.CharField(_("title"), max_length=150)
    is_active = models.BooleanField(_("offered for new inspections"), default=False)
    frozen_at = models.DateTimeField(_("frozen at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("inspection checklist")
        verbose_name_plural = _("inspection checklists")
        ordering = ["field", "-version_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["field", "version_number"], name="inspection_checklist_version_unique"
            ),
            models.UniqueConstraint(
                fields=["field"],
                condition=models.Q(is_active=True),
                name="inspection_checklist_one_active_per_field",
            ),
        ]

    def __str__(self):
        return f"{self.title} v{self.version_number}"

    def get_absolute_url(self):
        return reverse("supervision:checklist_detail", args=[self.pk])

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None


class InspectionChecklistItem(models.Model):
    scope = Scope(everywhere=True)

    checklist = models.ForeignKey(
        InspectionChecklist,
        verbose_name=_("checklist"),
        on_delete=models.CASCADE,
        related_name="items",
    )
    position = models.PositiveSmallIntegerField(_("position"))
    code = models.SlugField(_("code"), max_length=40)
    text = models.CharField(_("what is checked"), max_length=300)
    guidance = models.CharField(_("how to check"), max_length=300, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("inspection checklist item")
        verbose_name_plural = _("inspection checklist items")
        ordering = ["checklist", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["checklist", "code"], name="inspection_item_code_unique"
            ),
            models.UniqueConstraint(
                fields=["checklist", "position"], name="inspection_item_position_unique"
            ),
        ]

    def __str__(self):
        return self.text
