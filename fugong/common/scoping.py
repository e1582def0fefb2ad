"""The one jurisdiction mechanism (管辖范围).

Every model that people see declares, in its `scope`, which of its fields place it in the
region tree (city → district → sub-district → community → compound → building) and which
organisations it belongs to. `Model.objects.visible_to(user, "view")` then returns only
the rows covered by the user's role grants that carry the matching permission; every
page, API endpoint, export and chart starts from that queryset, so a user outside the
scope gets nothing, and a detail page answers 404 (the same as "does not exist").

A grant covers a region and everything below it (materialised `path` prefix), or an
organisation and everything below it. A grant on a root region (no parent) covers the
whole installation, including records that sit in no region at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models
from django.db.models import Q


@dataclass(frozen=True)
class Scope:
    """Where a model sits. Lookups lead to a Region / an Organisation; "self" for the tree models."""

    region: str | None = None
    organisations: tuple[str, ...] = field(default_factory=tuple)
    # Reference data every holder of the permission may read (checklist templates…).
    everywhere: bool = False
    # Set when a lookup crosses a many-relation, so one row can match twice.
    distinct: bool = False

    @staticmethod
    def _path_lookup(lookup: str) -> str:
        return "path__startswith" if lookup == "self" else f"{lookup}__path__startswith"

    def q_for(self, grant) -> Q | None:
        """The filter a single grant contributes; None when it covers nothing of this model."""
        if grant.covers_everything or self.everywhere:
            return Q()
        if grant.region_path and self.region:
            return Q(**{self._path_lookup(self.region): grant.region_path})
        if grant.organisation_path and self.organisations:
            q = Q()
            for lookup in self.organisations:
                q |= Q(**{self._path_lookup(lookup): grant.organisation_path})
            return q
        return None

    def path_lookups(self) -> tuple[str, ...]:
        """What `covers` needs of a record: the lookups to the paths its scope leads to."""
        lookups = (self.region,) if self.region else ()
        return tuple(
            "path" if lookup == "self" else f"{lookup}__path"
            for lookup in (*lookups, *self.organisations)
        )

    def covers(self, grant, paths: dict[str, str | None]) -> bool:
        """Whether `q_for(grant)` selects the record whose `path_lookups()` give `paths`:
        the same rule decided in Python, for a record already read (see `can_see`)."""
        if grant.covers_everything or self.everywhere:
            return True
        if grant.region_path and self.region:
            return _under(paths[self._path_of(self.region)], grant.region_path)
        if grant.organisation_path and self.organisations:
            return any(
                _under(paths[self._path_of(lookup)], grant.organisation_path)
                for lookup in self.organisations
            )
        return False

    @staticmethod
    def _path_of(lookup: str) -> str:
        return "path" if lookup == "self" else f"{lookup}__path"


def _under(path: str | None, prefix: str) -> bool:
    return path is not None and path.startswith(prefix)


def permission_name(model, action: str) -> str:
    if "." in action:
        return action
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


class ScopedQuerySet(models.QuerySet):
    def visible_to(self, user, action: str = "view"):
        """Rows within the jurisdiction of `user`'s grants that carry permission `action`."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        perm = permission_name(self.model, action)
        scope: Scope = getattr(self.model, "scope", Scope())
        combined: Q | None = None
        for grant in user.scope_grants():
            if perm not in grant.permissions:
                continue
            q = scope.q_for(grant)
            if q is None:
                continue
            if not q:  # covers everything
                return self
            combined = q if combined is None else combined | q
        if combined is None:
            return self.none()
        return self.filter(combined).distinct() if scope.distinct else self.filter(combined)


def can_see(user, model, paths: dict[str, str | None], action: str = "view") -> bool:
    """`visible_to` for one record read without it: `paths` maps each of
    `model.scope.path_lookups()` to the record's path there (None where it has none).
    For hot paths that read a record by its key in one compiled query and must not pay
    for the scope's joins and filters in SQL; the tests hold it equal to `visible_to`."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    perm = permission_name(model, action)
    scope: Scope = getattr(model, "scope", Scope())
    return any(
        perm in grant.permissions and scope.covers(grant, paths) for grant in user.scope_grants()
    )


def user_can(user, model, action: str = "view") -> bool:
    """Whether the user holds the permission at all (anywhere): 403 when not, 404 when out of scope."""
    return bool(user and user.is_authenticated and user.has_perm(permission_name(model, action)))


def ensure_visible(user, instance, action: str = "view"):
    """Re-check after a write, inside the transaction: raise NotFound if it left the scope."""
    from fugong.common.errors import NotFound

    model = type(instance)
    if not model._default_manager.visible_to(user, action).filter(pk=instance.pk).exists():
        raise NotFound()
    return instance
