"""What a user may do and where, cached across requests (per process).

Every request needs the user's active grants with their permissions (two queries and
the building of `GrantScope`s), and they change rarely. The result is immutable
(`GrantScope` is frozen), so it is kept in process memory under

    (user id, user.access_stamp, today in Asia/Shanghai)

- `access_stamp` is a random token on the user row, replaced whenever something that
  shapes the result changes: a grant of the user is saved or deleted, a role the user
  holds changes or its permissions do (signals below, so factories and admin edits count
  too). The token arrives with the user row every request loads anyway (session or API
  token), so a change is seen by every process at its next request, with no shared cache.
  A random token rather than a counter: a test database reuses ids after a rollback.
- the date makes grants start and end at midnight without any write.
- entries also expire after `TTL` seconds, bounding what no signal covers (a raw SQL
  edit), and the cache is bounded by `MAX_USERS`.
Region and organisation paths never change after creation (their services forbid it).
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import OrderedDict

from django.contrib.auth.models import Permission
from django.utils import timezone

from fugong.common import caches

TTL = 300.0
MAX_USERS = 5000

_cache: OrderedDict[tuple, tuple[float, list]] = OrderedDict()
_lock = threading.Lock()


def new_access_stamp() -> str:
    return uuid.uuid4().hex


def grant_scopes(user) -> list:
    """The user's active grants as `GrantScope`s, from the cache when it is current."""
    from fugong.accounts.models import GrantScope

    today = timezone.localdate()
    key = (user.pk, user.access_stamp, today)
    now = time.monotonic()
    with _lock:
        hit = _cache.get(key)
        if hit is not None and now - hit[0] < TTL:
            _cache.move_to_end(key)
            return hit[1]

    grants = list(user.active_grants(today))
    by_role: dict[int, set[str]] = {}
    rows = Permission.objects.filter(role__in={g.role_id for g in grants}).values_list(
        "role", "content_type__app_label", "codename"
    )
    for role_id, app_label, codename in rows:
        by_role.setdefault(role_id, set()).add(f"{app_label}.{codename}")
    result = [
        GrantScope(
            permissions=frozenset(by_role.get(grant.role_id, ())),
            region_path=grant.region.path if grant.region_id else None,
            organisation_path=grant.organisation.path if grant.organisation_id else None,
            covers_everything=bool(grant.region_id and grant.region.parent_id is None),
            requires_two_factor=grant.role.requires_two_factor,
        )
        for grant in grants
    ]
    with _lock:
        _cache[key] = (now, result)
        _cache.move_to_end(key)
        while len(_cache) > MAX_USERS:
            _cache.popitem(last=False)
    return result


@caches.register
def clear_cache() -> None:
    with _lock:
        _cache.clear()


def renew_access_stamps(users) -> None:
    """Invalidate the cached access of `users` (a queryset, or one user) everywhere."""
    from fugong.accounts.models import User

    stamp = new_access_stamp()
    if isinstance(users, User):
        users.access_stamp = stamp
        users.__dict__.pop("_scope_grants", None)
        users.__dict__.pop("_role_perm_cache", None)
        users = User.objects.filter(pk=users.pk)
    users.update(access_stamp=stamp)
