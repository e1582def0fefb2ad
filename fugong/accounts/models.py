from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractUser, Permission
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fugong.accounts.access import grant_scopes, new_access_stamp
from fugong.accounts.choices import ScopeKind
from fugong.common.models import EvidenceModel
from fugong.common.pii.fields import IdentityNumberField, MobileNumberField
from fugong.common.scoping import Scope, ScopedQuerySet


@dataclass(frozen=True)
class GrantScope:
    """One active grant, reduced to what the scoping mechanism needs."""

    permissions: frozenset[str]
    region_path: str | None
    organisation_path: str | None
    covers_everything: bool
    requires_two_factor: bool = False


class UserManager(DjangoUserManager.from_queryset(ScopedQuerySet)):
    pass


def grant_in_force_on(day) -> Q:
    """The condition of a role grant in force on `day`: not revoked, begun, not ended."""
    return Q(revoked_at__isnull=True, valid_from__lte=day) & (
        Q(valid_until__isnull=True) | Q(valid_until__gte=day)
    )


class User(AbstractUser):
    """A person who logs in: bureau staff, cadres, community workers, enterprise staff."""

    scope = Scope(region="organisation__region", organisations=("organisation",))

    full_name = models.CharField(_("full name"), max_length=50, blank=True)
    phone = MobileNumberField(_("mobile phone"), null=True, blank=True)
    id_number = IdentityNumberField(_("identity number"), null=True, blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    is_party_member = models.BooleanField(_("party member"), default=False)
    preferred_language = models.CharField(_("language"), max_length=10, blank=True)
    # Replaced whenever the user's grants or roles change: the key of the cached access.
    access_stamp = models.CharField(max_length=32, default=new_access_stamp, editable=False)

    objects = UserManager()

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]
        permissions = [
            ("view_full_personal_data", _("Can see identity numbers and phones unmasked")),
            ("view_audit", _("Can browse the change log")),
        ]

    def __str__(self):
        return self.full_name or self.username

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("accounts:user_detail", args=[self.pk])

    def get_full_name(self):
        return self.full_name or self.username

    def get_short_name(self):
        return self.full_name or self.username

    def active_grants(self, today=None):
        today = today or timezone.localdate()
        return self.grants.filter(grant_in_force_on(today)).select_related(
            "role", "region", "organisation"
        )

    def scope_grants(self) -> list[GrantScope]:
        """Active grants with their permission strings (cached, see `accounts.access`);
        memoised on the instance for the request."""
        cached = getattr(self, "_scope_grants", None)
        if cached is None:
            cached = self._scope_grants = grant_scopes(self)
        return cached

    def requires_two_factor(self) -> bool:
        if self.is_superuser:
            return True
        return any(g.requires_two_factor for g in self.scope_grants())


class Role(models.Model):
    """A role (角色) and what it may do. Permissions are data an admin edits, not code."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=60)
    description = models.TextField(_("description"), blank=True)
    scope_kind = models.CharField(
        _("grant scope"), max_length=16, choices=ScopeKind.choices, default=ScopeKind.REGION
    )
    requires_two_factor = models.BooleanField(_("requires two-factor login"), default=False)
    permissions = models.ManyToManyField(Permission, verbose_name=_("permissions"), blank=True)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["code"]

    def __str__(self):
        # Built-in roles show in the viewer's language; custom roles by their stored name.
        from fugong.accounts.choices import RoleCode

        return str(RoleCode(self.code).label) if self.code in RoleCode.values else self.name


class RoleGrant(EvidenceModel):
    """A role bound to a scope (角色授权): a region and all below it, or an organisation."""

    scope = Scope(region="region", organisations=("organisation",))

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.PROTECT, related_name="grants"
    )
    role = models.ForeignKey(
        Role, verbose_name=_("role"), on_delete=models.PROTECT, related_name="grants"
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="grants",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="grants",
    )
    valid_from = models.DateField(_("valid from"), default=timezone.localdate)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    granted_by = models.ForeignKey(
        User,
        verbose_name=_("granted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        User,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        ordering = ["user__username", "role__code"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(region__isnull=False) & Q(organisation__isnull=True))
                | (Q(region__isnull=True) & Q(organisation__isnull=False)),
                name="grant_has_exactly_one_scope",
            ),
            # One active grant per user, role and scope: a double submission cannot add two.
            models.UniqueConstraint(
                fields=["user", "role", "region"],
                condition=Q(revoked_at__isnull=True, region__isnull=False),
                name="grant_unique_active_region",
                violation_error_code="duplicate",
                violation_error_message=_("This user already holds this role there."),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "organisation"],
                condition=Q(revoked_at__isnull=True, organisation__isnull=False),
                name="grant_unique_active_organisation",
                violation_error_code="duplicate",
                violation_error_message=_("This user already holds this role there."),
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.role} · {self.region or self.organisation}"

    @property
    def target(self):
        return self.region or self.organisation
