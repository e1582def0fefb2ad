"""For tests: a tiny generated city (`generate --scale tiny`) with its bench users, to
check figures and scoping against data made by every app's generator."""

from __future__ import annotations

from types import SimpleNamespace


def tiny_city(seed: int = 5, days: int | None = 21) -> SimpleNamespace:
    """Generate the tiny scale into the (empty) test database; the leader (city-wide), the
    first district officer with their district, the first cadre and enterprise user."""
    from fugong.accounts.models import User
    from fugong.common.generate.runner import run
    from fugong.regions.models import Region

    run(scale="tiny", seed=seed, days=days)
    users = {u.username: u for u in User.objects.filter(username__startswith="bench-")}
    districts = list(Region.objects.filter(level="district").order_by("path"))
    officer = users["bench-district-1"]
    grant = officer.scope_grants()[0]
    return SimpleNamespace(
        leader=users["bench-leader"],
        officer=officer,
        district=next(d for d in districts if d.path == grant.region_path),
        districts=districts,
        cadre=users["bench-cadre-1"],
        enterprise=users["bench-enterprise-1"],
    )
