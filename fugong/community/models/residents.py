"""The survey (摸排): households of a building and the people living in them, and the
building's resident group (楼栋群)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fugong.common.models import ScopedModel
from fugong.common.pii.fields import IdentityNumberField, MobileNumberField
from fugong.common.scoping import Scope
from fugong.community.choices import (
    GroupPlatform,
    HealthStatus,
    Residency,
    ResidentSource,
    Sex,
)
from fugong.regions.choices import RegionLevel

VULNERABLE_FLAGS = ("elderly_alone", "disabled", "chronic_illness", "pregnant", "left_behind_child")


def vulnerable_q(prefix: str = "") -> Q:
    """Residents with any vulnerable flag or a note of other needs."""
    q = Q(**{f"{prefix}vulnerable_note__gt": ""})
    for flag in VULNERABLE_FLAGS:
        q |= Q(**{f"{prefix}{flag}": True})
    return q


class Household(ScopedModel):
    """A room of a building (住户): 楼栋 (the building region), 单元, 房号."""

    scope = Scope(region="building")

    building = models.ForeignKey(
        "regions.Region",
        verbose_name=_("building"),
        on_delete=models.PROTECT,
        related_name="households",
        limit_choices_to={"level": RegionLevel.BUILDING},
    )
    unit = models.CharField(_("unit"), max_length=16, blank=True)
    room = models.CharField(_("room"), max_length=16)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["building__path", "unit", "room"]
        constraints = [
            models.UniqueConstraint(
                fields=["building", "unit", "room"],
                name="household_unique_room",
                violation_error_code="duplicate",
                violation_error_message=_("This room is already registered in the building."),
            )
        ]

    def __str__(self):
        return f"{self.building.name} {self.label}" if self.building_id else self.label

    @property
    def label(self) -> str:
        """ "2单元301" (or "301" without a unit)."""
        if not self.unit:
            return self.room
        return str(_("unit %(unit)s room %(room)s") % {"unit": self.unit, "room": self.room})

    def get_absolute_url(self):
        return reverse("community:household_detail", args=[self.pk])


class Resident(ScopedModel):
    """A person living in a household (居民). Sex and birth year come from the identity
    number; the number itself is stored encrypted and found by its hash."""

    scope = Scope(region="household__building")

    # No index of its own: "resident_household_name" (household, name) serves it.
    household = models.ForeignKey(
        Household,
        verbose_name=_("household"),
        on_delete=models.PROTECT,
        related_name="residents",
        db_index=False,
    )
    name = models.CharField(_("name"), max_length=50)
    # The identity number's companion hash, declared (before the number, so the field
    # adds none) without the usual index: the unique index "resident_unique_identity"
    # serves every look-up by it. One index fewer to update per resident registered.
    id_number_hash = models.CharField(max_length=64, editable=False, null=True, blank=True)
    id_number = IdentityNumberField(_("identity number"), null=True, blank=True)
    phone = MobileNumberField(_("phone"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices, blank=True, editable=False)
    birth_year = models.PositiveSmallIntegerField(
        _("birth year"), null=True, blank=True, editable=False
    )
    residency = models.CharField(
        _("residency"), max_length=16, choices=Residency.choices, default=Residency.PERMANENT
    )
    returned_from = models.CharField(_("returned from"), max_length=100, blank=True)
    returned_on = models.DateField(_("returned on"), null=True, blank=True)
    health_status = models.CharField(
        _("health status"),
        max_length=16,
        choices=HealthStatus.choices,
        default=HealthStatus.HEALTHY,
        db_index=True,
    )
    elderly_alone = models.BooleanField(_("elderly living alone"), default=False)
    disabled = models.BooleanField(_("disabled"), default=False)
    chronic_illness = models.BooleanField(_("chronic illness"), default=False)
    pregnant = models.BooleanField(_("pregnant"), default=False)
    left_behind_child = models.BooleanField(_("child left alone"), default=False)
    vulnerable_note = models.CharField(_("other needs"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    source = models.CharField(
        _("source"),
        max_length=16,
        choices=ResidentSource.choices,
        default=ResidentSource.SURVEY,
        editable=False,
    )

    class Meta:
        verbose_name = _("resident")
        verbose_name_plural = _("residents")
        ordering = ["household__building__path", "household__unit", "household__room", "id"]
        permissions = [
            ("import_resident", _("Can import residents")),
            ("export_resident", _("Can export residents")),
        ]
        constraints = [
            # One person is registered once, city-wide: the identity hash is unique.
            models.UniqueConstraint(
                fields=["id_number_hash"],
                condition=Q(id_number_hash__isnull=False),
                name="resident_unique_identity",
                violation_error_code="duplicate",
                violation_error_message=_("A resident with this identity number is registered."),
            )
        ]
        indexes = [
            models.Index(fields=["household", "name"], name="resident_household_name"),
            # The vulnerable residents of an area (the dashboard counts them city-wide):
            # a few percent of the rows, and the columns of the condition in the index so
            # SQLite need not read the table to test it.
            models.Index(
                fields=["household", "vulnerable_note", *VULNERABLE_FLAGS],
                condition=vulnerable_q(),
                name="resident_vulnerable",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("community:resident_detail", args=[self.pk])

    @property
    def is_vulnerable(self) -> bool:
        return any(getattr(self, flag) for flag in VULNERABLE_FLAGS) or bool(self.vulnerable_note)


class ResidentGroup(ScopedModel):
    """A building's group on a messaging platform (楼栋群); notices are broadcast to it
    through its robot webhook when it has one."""

    scope = Scope(region="building")

    building = models.ForeignKey(
        "regions.Region",
        verbose_name=_("building"),
        on_delete=models.PROTECT,
        related_name="resident_groups",
        limit_choices_to={"level": RegionLevel.BUILDING},
    )
    platform = models.CharField(
        _("platform"), max_length=16, choices=GroupPlatform.choices, default=GroupPlatform.WECHAT
    )
    name = models.CharField(_("group name"), max_length=100)
    owner_name = models.CharField(_("group owner"), max_length=50, blank=True)
    owner_phone = MobileNumberField(_("owner's phone"), null=True, blank=True)
    members_count = models.PositiveIntegerField(
        _("members"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100_000)]
    )
    # The robot's address holds its secret key: shown masked, never in lists or exports.
    webhook_url = models.URLField(_("robot webhook"), max_length=500, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("building group")
        verbose_name_plural = _("building groups")
        ordering = ["building__path", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["building", "platform", "name"],
                name="resident_group_unique_name",
                violation_error_code="duplicate",
                violation_error_message=_("The building already has a group of this name."),
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("community:group_detail", args=[self.pk])

    @property
    def webhook_masked(self) -> str:
        url = self.webhook_url
        return f"{url[:24]}…{url[-4:]}" if len(url) > 32 else ("…" if url else "")
