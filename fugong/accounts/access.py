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

import datetime
import threading
import time
import uuid
from collections import OrderedDict

from django.utils import timezone

from fugong.common import caches
from fugong.common.prepared import PreparedRead

TTL = 300.0
MAX_USERS = 5000

_cache: OrderedDict[tuple, tuple[float, list]] = OrderedDict()
_lock = threading.Lock()


def new_access_stamp() -> str:
    return uuid.uuid4().hex


def _grant_rows(user_id, today):
    """A row per (active grant of the user, permission of its role): one query, no
    model instances."""
    from fugong.accounts.models import RoleGrant, grant_in_force_on

    return (
        RoleGrant.objects.filter(grant_in_force_on(today), user_id=user_id)
        .order_by()
        .values_list(
            "pk",
            "region__path",
            "region__parent_id",
            "organisation__path",
            "role__requires_two_factor",
            "role__permissions__content_type__app_label",
            "role__permissions__codename",
        )
    )


# Compiled once per connection: a cache miss is the usual case for an enterprise's system,
# which submits its sites' reports once a day (compiling the query cost ~1 ms a miss).
_GRANT_ROWS = PreparedRead(_grant_rows, user_id=int, today=datetime.date)


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

    rows = _GRANT_ROWS(user_id=user.pk, today=today) if type(user.pk) is int else []
    grants: dict[int, tuple] = {}
    permissions: dict[int, set[str]] = {}
    for pk, region_path, parent_id, org_path, two_factor, app_label, codename in rows:
        grants.setdefault(pk, (region_path, parent_id, org_path, two_factor))
        bucket = permissions.setdefault(pk, set())
        if codename is not None:
            bucket.add(f"{app_label}.{codename}")
    result = [
        GrantScope(
            permissions=frozenset(permissions[pk]),
            region_path=region_path,
            organisation_path=org_path,
            covers_everything=region_path is not None and parent_id is None,
            requires_two_factor=two_factor,
        )
        for pk, (region_path, parent_id, org_path, two_factor) in sorted(grants.items())
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
