"""The region tree: (province →) city → district → sub-district → community → compound → building.

Codes follow the GB/T 2260 shape the validators expect (6 digits to the district, then 9,
12, 15 and 18 digits), each extending its parent's. `path` and `depth` are set exactly as
`regions.services.region_path` and `region_create` set them.
"""

from __future__ import annotations

from fugong.common.generate import names
from fugong.regions.choices import RegionLevel
from fugong.regions.models import Region
from fugong.regions.services import region_path


def _region(parent, level, code, name, **extra) -> Region:
    return Region(
        parent=parent,
        level=level,
        code=code,
        name=name,
        path=region_path(parent=parent, code=code),
        depth=(parent.depth + 1) if parent else 0,
        is_demo=True,
        **extra,
    )


def _names(rng, words, count, suffix) -> list[str]:
    """`count` names from `words` without repeats while the pool lasts, then numbered."""
    picked = rng.sample(words, min(count, len(words)))
    picked += [f"第{n}" for n in range(len(picked) + 1, count + 1)]
    return [word + suffix for word in picked]


def generate_regions(ctx) -> dict[str, int]:
    scale, rng = ctx.scale, ctx.rng
    counts: dict[str, int] = {}

    if scale.cities:
        root = ctx.bulk(
            Region, [_region(None, RegionLevel.PROVINCE, "410000", names.PROVINCE_NAME)]
        )[0]
        cities = [
            _region(root, RegionLevel.CITY, f"41{n:02d}00", _city_name(n))
            for n in range(1, scale.cities + 1)
        ]
        ctx.bulk(Region, cities)
        counts["province"] = 1
    else:
        root = ctx.bulk(Region, [_region(None, RegionLevel.CITY, "410800", _city_name(1))])[0]
        cities = [root]
    ctx.root, ctx.cities = root, cities
    ctx.regions["city"] = cities
    counts["city"] = len(cities)

    districts = []
    for city in cities:
        for n, name in enumerate(_names(rng, names.DISTRICT_WORDS, scale.districts, "区")):
            districts.append(
                _region(city, RegionLevel.DISTRICT, f"{city.code[:4]}{n + 2:02d}", name)
            )
    ctx.regions["district"] = ctx.bulk(Region, districts)
    counts["district"] = len(districts)

    subdistricts = [
        _region(district, RegionLevel.SUBDISTRICT, f"{district.code}{n + 1:03d}", name)
        for district in districts
        for n, name in enumerate(_names(rng, names.PLACE_WORDS, scale.subdistricts, "街道"))
    ]
    ctx.regions["subdistrict"] = ctx.bulk(Region, subdistricts)
    counts["subdistrict"] = len(subdistricts)

    communities = [
        _region(sub, RegionLevel.COMMUNITY, f"{sub.code}{n + 1:03d}", name)
        for sub in subdistricts
        for n, name in enumerate(_names(rng, names.PLACE_WORDS, scale.communities, "社区"))
    ]
    ctx.regions["community"] = ctx.bulk(Region, communities)
    counts["community"] = len(communities)

    compounds = []
    for community in communities:
        district = community.parent.parent
        for n in range(scale.compounds):
            road = rng.choice(names.PLACE_WORDS) + rng.choice(names.ROAD_SUFFIXES)
            compounds.append(
                _region(
                    community,
                    RegionLevel.COMPOUND,
                    f"{community.code}{n + 1:03d}",
                    rng.choice(names.PLACE_WORDS) + rng.choice(names.COMPOUND_SUFFIXES),
                    has_property_management=rng.random() < 0.8,
                    address=f"{district.name}{road}{rng.randint(1, 399)}号",
                )
            )
    ctx.regions["compound"] = ctx.bulk(Region, compounds)
    counts["compound"] = len(compounds)

    buildings = [
        _region(compound, RegionLevel.BUILDING, f"{compound.code}{n:03d}", f"{n}号楼")
        for compound in compounds
        for n in range(1, scale.buildings + 1)
    ]
    ctx.regions["building"] = ctx.bulk(Region, buildings)
    counts["building"] = len(buildings)
    return counts


def _city_name(n: int) -> str:
    base = names.CITY_NAMES[(n - 1) % len(names.CITY_NAMES)]
    cycle = (n - 1) // len(names.CITY_NAMES)
    return f"{base}{cycle + 1 if cycle else ''}市"
