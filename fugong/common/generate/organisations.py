"""Organisations: per city the bureau with its departments, a housing department per
district, and the enterprises (builders, contractors, supervisors) with valid, unique
unified social credit codes. A province gets a provincial department above the bureaus.
`path` has the shape `organisations.services.organisation_path` gives it."""

from __future__ import annotations

from fugong.common.generate import names
from fugong.organisations.choices import DepartmentField, EnterpriseRole, OrganisationKind
from fugong.organisations.models import Organisation

ENTERPRISE_ROLES = (
    (EnterpriseRole.BUILDER, 0.3, names.BUILDER_INDUSTRIES),
    (EnterpriseRole.CONTRACTOR, 0.5, names.CONTRACTOR_INDUSTRIES),
    (EnterpriseRole.SUPERVISOR, 0.2, names.SUPERVISOR_INDUSTRIES),
)


def _organisation(ctx, parent, **data) -> Organisation:
    return Organisation(parent=parent, path=ctx.organisation_path(parent), is_demo=True, **data)


def generate_organisations(ctx) -> dict[str, int]:
    scale = ctx.scale
    counts: dict[str, int] = {}

    if scale.cities:
        ctx.province_bureau = _organisation(
            ctx,
            None,
            kind=OrganisationKind.BUREAU,
            name=f"{ctx.root.name}住房和城乡建设厅",
            short_name="省住建厅",
            region=ctx.root,
        )
        ctx.bulk(Organisation, [ctx.province_bureau])

    bureaus = [
        _organisation(
            ctx,
            ctx.province_bureau,
            kind=OrganisationKind.BUREAU,
            name=f"{city.name}住房和城乡建设局",
            short_name="市住建局",
            region=city,
        )
        for city in ctx.cities
    ]
    ctx.bulk(Organisation, bureaus)
    ctx.bureaus = {bureau.region_id: bureau for bureau in bureaus}
    counts["bureau"] = len(bureaus) + (1 if ctx.province_bureau else 0)

    departments = []
    for city in ctx.cities:
        bureau = ctx.bureaus[city.pk]
        mine = [
            _organisation(
                ctx,
                bureau,
                kind=OrganisationKind.DEPARTMENT,
                name=name,
                field=DepartmentField(field),
                region=city,
                contact_person=ctx.person_name(),
            )
            for field, name in names.DEPARTMENTS[: scale.departments]
        ]
        ctx.departments[city.pk] = mine
        departments += mine
    ctx.bulk(Organisation, departments)
    counts["department"] = len(departments)

    district_departments = [
        _organisation(
            ctx,
            None,
            kind=OrganisationKind.DISTRICT_DEPARTMENT,
            name=f"{district.parent.name}{district.name}住房和城乡建设局",
            short_name=f"{district.name}住建局",
            region=district,
            contact_person=ctx.person_name(),
        )
        for district in ctx.regions["district"]
    ]
    ctx.bulk(Organisation, district_departments)
    ctx.district_departments = {org.region_id: org for org in district_departments}
    counts["district_department"] = len(district_departments)

    enterprises = []
    for city in ctx.cities:
        mine = _enterprises(ctx, city)
        ctx.enterprises[city.pk] = mine
        enterprises += mine
    ctx.bulk(Organisation, enterprises)
    counts["enterprise"] = len(enterprises)
    return counts


def _enterprises(ctx, city) -> list[Organisation]:
    rng, count = ctx.rng, ctx.scale.enterprises
    districts = ctx.districts_of(city)
    city_short = city.name.removesuffix("市")
    # The first three cover every role, however small the scale; the rest by weight.
    roles = [role for role, _weight, _industries in ENTERPRISE_ROLES][:count]
    roles += rng.choices(
        [role for role, _w, _i in ENTERPRISE_ROLES],
        weights=[weight for _r, weight, _i in ENTERPRISE_ROLES],
        k=max(0, count - len(roles)),
    )
    industries = {role: inds for role, _w, inds in ENTERPRISE_ROLES}
    taken: set[str] = set()
    result = []
    for role in roles:
        for _attempt in range(20):
            word = rng.choice(names.ENTERPRISE_WORDS)
            if rng.random() < 0.5:
                word += rng.choice(names.ENTERPRISE_WORDS)
            name = (
                f"{city_short}{word}{rng.choice(industries[role])}{rng.choice(names.COMPANY_FORMS)}"
            )
            if name not in taken:
                break
        else:
            name = f"{city_short}{word}{industries[role][0]}第{len(result) + 1}分公司"
        taken.add(name)
        district = rng.choice(districts)
        road = rng.choice(names.PLACE_WORDS) + rng.choice(names.ROAD_SUFFIXES)
        result.append(
            _organisation(
                ctx,
                None,
                kind=OrganisationKind.ENTERPRISE,
                enterprise_role=role,
                name=name,
                region=district,
                credit_code=ctx.credit_code(district.code),
                contact_person=ctx.person_name(),
                address=f"{district.name}{road}{rng.randint(1, 999)}号",
            )
        )
    return result
