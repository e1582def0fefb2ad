"""A passage through a gate (出入登记): append-only. Nobody edits or deletes one; the
retention purge anonymises it after the configured period (see services.retention)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fugong.common.pii.fields import MobileNumberField
from fugong.common.scoping import Scope, ScopedQuerySet
from fugong.gates.choices import Direction, PassageSource

# Outside these a reading is a broken thermometer or a typo, never a person.
TEMPERATURE_MIN, TEMPERATURE_MAX = 34, 43


class AppendOnlyError(Exception):
    """Passages are evidence for contact tracing: they are never changed or deleted."""


class PassageQuerySet(ScopedQuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Passages are append-only.")

    def delete(self):
        raise AppendOnlyError("Passages are append-only.")

    def _anonymise(self, **values) -> int:
        """The retention purge's one way to change rows (services.retention only)."""
        return super().update(**values)

    def identified(self):
        return self.filter(anonymised_at__isnull=True)


class Passage(models.Model):
    """出入登记: who passed which gate, in or out, when, with the temperature taken."""

    scope = Scope(region="checkpoint__compound")

    checkpoint = models.ForeignKey(
        "gates.Checkpoint",
        verbose_name=_("gate"),
        on_delete=models.PROTECT,
        related_name="passages",
    )
    at = models.DateTimeField(_("time"), default=timezone.now)
    direction = models.CharField(_("direction"), max_length=4, choices=Direction.choices)
    temperature = models.DecimalField(
        _("temperature (°C)"), max_digits=3, decimal_places=1, null=True, blank=True
    )
    fever = models.BooleanField(_("fever"), default=False)
    quarantine_alert = models.BooleanField(_("left under quarantine"), default=False)
    resident = models.ForeignKey(
        "community.Resident",
        verbose_name=_("resident"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="passages",
    )
    visitor_name = models.CharField(_("visitor"), max_length=50, blank=True)
    visitor_phone = MobileNumberField(_("visitor's phone"), null=True, blank=True)
    visit_reason = models.CharField(_("reason of the visit"), max_length=100, blank=True)
    visiting = models.CharField(_("visiting"), max_length=100, blank=True)
    source = models.CharField(_("recorded"), max_length=16, choices=PassageSource.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)
    # The form's one-time key: the same form sent twice records one passage.
    request_key = models.CharField(max_length=40, null=True, blank=True, unique=True)

    objects = models.Manager.from_queryset(PassageQuerySet)()

    class Meta:
        verbose_name = _("passage")
        verbose_name_plural = _("passages")
        ordering = ["-at", "-id"]
        default_permissions = ("add", "view")
        permissions = [("trace_passage", _("Can run contact tracing"))]
        indexes = [
            # Contact tracing: who passed this gate between two moments.
            models.Index(fields=["checkpoint", "at"], name="passage_gate_time"),
            # A person's own passages over the last days.
            models.Index(fields=["resident", "at"], name="passage_resident_time"),
            # The retention purge walks by time.
            models.Index(fields=["at"], name="passage_time"),
            # The day's fevers and quarantine alerts (dashboard, alerts list): a few rows
            # of millions, found without walking the day's passages.
            models.Index(
                fields=["at"],
                condition=Q(fever=True) | Q(quarantine_alert=True),
                name="passage_alert_time",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(resident__isnull=False)
                | ~Q(visitor_name="")
                | Q(anonymised_at__isnull=False),
                name="passage_has_person",
            ),
            models.CheckConstraint(
                condition=Q(temperature__isnull=True)
                | Q(temperature__gte=TEMPERATURE_MIN, temperature__lte=TEMPERATURE_MAX),
                name="passage_temperature_possible",
            ),
        ]

    def __str__(self):
        return f"{self.person_label} · {self.get_direction_display()} · {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Passages are append-only.")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("gates:passage_detail", args=[self.pk])

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Passages are append-only.")

    @property
    def person_label(self) -> str:
        if self.resident_id:
            return self.resident.name
        if self.visitor_name:
            return str(_("%(name)s (visitor)") % {"name": self.visitor_name})
        return str(_("(anonymised)"))
