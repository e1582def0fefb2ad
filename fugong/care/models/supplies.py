"""Disinfection log (消杀) and the community's supplies ledger (防疫物资, 出入库)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fugong.care.choices import MovementKind, SupplyCategory
from fugong.common.models import ScopedModel
from fugong.common.scoping import Scope
from fugong.regions.choices import RegionLevel


def disinfection_photo_path(instance, filename):
    import uuid

    return f"care/disinfection/{instance.done_at:%Y/%m}/{uuid.uuid4().hex}.jpg"


class Disinfection(ScopedModel):
    """A disinfection of a building or a whole compound (消杀记录)."""

    scope = Scope(region="region")

    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("building or compound"),
        on_delete=models.PROTECT,
        related_name="disinfections",
        limit_choices_to={"level__in": (RegionLevel.BUILDING, RegionLevel.COMPOUND)},
    )
    community = models.ForeignKey(
        "regions.Region",
        verbose_name=_("community"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    areas = models.CharField(_("areas"), max_length=300)
    agent = models.CharField(_("agent"), max_length=100)
    done_at = models.DateTimeField(_("done at"), db_index=True)
    performed_by = models.CharField(_("done by"), max_length=100)
    photo = models.ImageField(
        _("photo"), upload_to=disinfection_photo_path, blank=True, max_length=200
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("disinfection")
        verbose_name_plural = _("disinfections")
        ordering = ["-done_at", "-id"]
        indexes = [models.Index(fields=["region", "done_at"], name="disinfection_region")]

    def __str__(self):
        return f"{self.region.name} · {self.done_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("care:disinfection_detail", args=[self.pk])


class SupplyItem(ScopedModel):
    """One kind of supply a community keeps, with its stock (never below zero) and the
    level under which it is flagged low."""

    scope = Scope(region="community")

    community = models.ForeignKey(
        "regions.Region",
        verbose_name=_("community"),
        on_delete=models.PROTECT,
        related_name="supply_items",
        limit_choices_to={"level": RegionLevel.COMMUNITY},
    )
    category = models.CharField(_("category"), max_length=20, choices=SupplyCategory.choices)
    name = models.CharField(_("item name"), max_length=60)
    unit = models.CharField(_("unit"), max_length=10, default="个")
    stock = models.PositiveIntegerField(_("in stock"), default=0, editable=False)
    low_threshold = models.PositiveIntegerField(
        _("low-stock threshold"),
        default=0,
        help_text=_("Flagged low when the stock is at or under this."),
    )

    class Meta:
        verbose_name = _("supply item")
        verbose_name_plural = _("supply items")
        ordering = ["community__path", "category", "name"]
        permissions = [("issue_supplyitem", _("Can receive and issue supplies"))]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "name"],
                name="supply_item_unique_name",
                violation_error_code="duplicate",
                violation_error_message=_("The community already keeps an item of this name."),
            ),
            models.CheckConstraint(condition=Q(stock__gte=0), name="supply_stock_not_negative"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("care:supply_detail", args=[self.pk])

    @property
    def is_low(self) -> bool:
        return self.stock <= self.low_threshold


class SupplyMovement(ScopedModel):
    """A line of the ledger (出入库): received (from a donor) or issued (to someone).
    Append-only; the stock after it is kept so the ledger reads like a book."""

    scope = Scope(region="item__community")

    item = models.ForeignKey(
        SupplyItem,
        verbose_name=_("supply item"),
        on_delete=models.PROTECT,
        related_name="movements",
    )
    kind = models.CharField(_("movement"), max_length=10, choices=MovementKind.choices)
    quantity = models.PositiveIntegerField(_("quantity"))
    counterparty = models.CharField(
        _("from / to"), max_length=100, help_text=_("Who donated it, or whom it was issued to.")
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    stock_after = models.PositiveIntegerField(_("stock after"), editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("supply movement")
        verbose_name_plural = _("supply movements")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="supply_movement_positive")
        ]

    def __str__(self):
        return f"{self.item} {self.get_kind_display()} {self.quantity}"
