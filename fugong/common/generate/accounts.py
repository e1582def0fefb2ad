"""Users and their role grants, with known usernames for the benchmark.

    bench-admin          bureau_admin on the root region (two-factor role)
    bench-leader         leader on the root region (two-factor role)
    bench-district-<n>   district_officer on district n (numbered across the run)
    bench-cadre-<n>      cadre on community n
    bench-enterprise-<n> enterprise_user on an enterprise that has projects

All share `BENCH_PASSWORD`, hashed once with `make_password`. The roles come from
`accounts.services.sync_roles()`.
"""

from __future__ import annotations

from django.contrib.auth.hashers import make_password
from django.db import DEFAULT_DB_ALIAS

from fugong.accounts.choices import RoleCode
from fugong.accounts.models import Role, RoleGrant, User
from fugong.accounts.services import sync_roles
from fugong.common.generate.base import GenerateRefused
from fugong.common.generate.constants import BENCH_PASSWORD, USERNAME_PREFIX


def _roles(ctx) -> dict[str, Role]:
    if ctx.using == DEFAULT_DB_ALIAS:
        sync_roles()
    roles = {role.code: role for role in Role.objects.using(ctx.using).all()}
    missing = [code.value for code in RoleCode if code.value not in roles]
    if missing:
        raise GenerateRefused(
            f"roles missing in database {ctx.using!r}: {', '.join(missing)}; sync_roles "
            "writes the default database only, so create them there first"
        )
    return roles


def generate_accounts(ctx) -> dict[str, int]:
    rng = ctx.rng
    roles = _roles(ctx)
    password = make_password(BENCH_PASSWORD)
    users: list[User] = []
    grants: list[RoleGrant] = []
    by_role: dict[str, list[User]] = {code.value: [] for code in RoleCode}

    def add(username, role, *, organisation, region=None, grant_organisation=None):
        user = User(
            username=f"{USERNAME_PREFIX}{username}",
            password=password,
            full_name=ctx.person_name(),
            phone=ctx.mobile(),
            organisation=organisation,
            is_party_member=rng.random() < 0.6,
        )
        users.append(user)
        by_role[role].append(user)
        grants.append(
            RoleGrant(
                user=user,
                role=roles[role],
                region=region,
                organisation=grant_organisation,
                note="bench data",
            )
        )

    top = ctx.province_bureau or ctx.bureaus[ctx.root.pk]
    add("admin", RoleCode.BUREAU_ADMIN, organisation=top, region=ctx.root)
    add("leader", RoleCode.LEADER, organisation=top, region=ctx.root)
    for n, district in enumerate(ctx.regions["district"], start=1):
        department = ctx.district_departments[district.pk]
        add(f"district-{n}", RoleCode.DISTRICT_OFFICER, organisation=department, region=district)
    city_of_district = {}
    for city in ctx.cities:
        for district in ctx.districts_of(city):
            city_of_district[district.pk] = city.pk
    for n, community in enumerate(ctx.regions["community"], start=1):
        city_pk = city_of_district[community.parent.parent_id]
        department = rng.choice(ctx.departments[city_pk]) if ctx.departments[city_pk] else None
        add(f"cadre-{n}", RoleCode.CADRE, organisation=department, region=community)

    # Enterprise users work for enterprises that have projects, so they see some.
    with_projects: dict[int, dict[int, object]] = {city.pk: {} for city in ctx.cities}
    for project in ctx.projects:
        mine = with_projects[project.region.parent_id]
        for enterprise in (project.builder, project.contractor, project.supervisor):
            if enterprise is not None:
                mine.setdefault(enterprise.pk, enterprise)
    n = 0
    for city in ctx.cities:
        candidates = sorted(with_projects[city.pk].values(), key=lambda org: org.pk)
        for enterprise in rng.sample(candidates, min(ctx.scale.enterprise_users, len(candidates))):
            n += 1
            add(
                f"enterprise-{n}",
                RoleCode.ENTERPRISE_USER,
                organisation=enterprise,
                grant_organisation=enterprise,
            )

    ctx.bulk(User, users)
    ctx.bulk(RoleGrant, grants)  # bulk_create takes user_id from the now-saved users
    ctx.users = by_role
    return {"user": len(users), "role_grant": len(grants)}
