"""What every generator step shares: the scale, the seeded random source, and the
objects the earlier steps made (so a later step can hang its rows on them)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from django.db import DEFAULT_DB_ALIAS

from fugong.common.generate import names
from fugong.common.pii.validators import CREDIT_CODE_ALPHABET, credit_code_check_char


class GenerateRefused(Exception):
    """The database is not one generate may fill (it holds data, or lacks the roles)."""


@dataclass(frozen=True)
class Scale:
    """How much to make. Counts below the city are per parent; the rest per city."""

    name: str
    cities: int  # 0: the root is a city; n: the root is a province with n cities
    districts: int  # per city
    subdistricts: int  # per district
    communities: int  # per sub-district
    compounds: int  # per community
    buildings: int  # per compound
    departments: int  # bureau departments per city
    enterprises: int  # per city
    projects: int  # per city
    enterprise_users: int  # per city
    batch_size: int = 1000


SCALES = {
    # For tests: every kind of row, a handful of each.
    "tiny": Scale("tiny", 0, 2, 1, 2, 2, 2, 5, 12, 30, 3),
    # One city: 10 districts, 60 sub-districts, 300 communities, 900 compounds, 9,000 buildings.
    "city": Scale("city", 0, 10, 6, 5, 3, 10, 5, 1500, 3000, 300),
    # A province of 20 such cities.
    "province": Scale("province", 20, 10, 6, 5, 3, 10, 5, 1500, 3000, 300),
}


@dataclass
class Context:
    """Passed from step to step. A step reads what earlier steps left here, bulk-creates
    its rows through `bulk`, and leaves what later steps may need."""

    scale: Scale
    rng: random.Random
    using: str = DEFAULT_DB_ALIAS
    # Days of history (daily reports, inspections, tickets) up to today; None: the scale's
    # default (`history_days`).
    days: int | None = None
    # regions
    root: object = None  # the province, or the city at city scale
    cities: list = field(default_factory=list)
    regions: dict[str, list] = field(default_factory=dict)  # level -> regions, in code order
    # organisations
    province_bureau: object = None
    bureaus: dict[int, object] = field(default_factory=dict)  # city pk -> bureau
    departments: dict[int, list] = field(default_factory=dict)  # city pk -> departments
    district_departments: dict[int, object] = field(default_factory=dict)  # district pk -> org
    enterprises: dict[int, list] = field(default_factory=dict)  # city pk -> enterprises
    # construction
    projects: list = field(default_factory=list)
    # accounts
    users: dict[str, list] = field(default_factory=dict)  # role code -> users
    # anything a later step wants to hand on
    extra: dict = field(default_factory=dict)
    _credit_codes: set = field(default_factory=set)
    _organisation_paths: set = field(default_factory=set)

    def bulk(self, model, objects: list) -> list:
        """Insert in batches; primary keys are set on the objects (SQLite ≥ 3.35, PostgreSQL).

        `bulk_create` calls each field's `pre_save`, so the personal-data fields encrypt and
        fill their `_hash` companions here as in `save()`; it sends no signals and writes no
        change-log rows.
        """
        model._default_manager.using(self.using).bulk_create(
            objects, batch_size=self.scale.batch_size
        )
        return objects

    def history_days(self, default: int) -> int:
        """How many days of history to make: `--report-days` when given, else `default`."""
        return self.days if self.days else default

    def bulk_dated(self, model, objects: list) -> list:
        """As `bulk`, but the `auto_now`/`auto_now_add` fields keep the values set on the
        objects (a history: tickets raised weeks ago, orders issued last month)."""
        fields = [
            f
            for f in model._meta.concrete_fields
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        ]
        saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
        try:
            for f in fields:
                f.auto_now = f.auto_now_add = False
            return self.bulk(model, objects)
        finally:
            for f, auto_now, auto_now_add in saved:
                f.auto_now, f.auto_now_add = auto_now, auto_now_add

    def districts_of(self, city) -> list:
        return [d for d in self.regions.get("district", []) if d.parent_id == city.pk]

    # --- plausible values ----------------------------------------------------------------

    def person_name(self) -> str:
        given = "".join(self.rng.choices(names.GIVEN_CHARS, k=self.rng.choice((1, 2, 2))))
        return self.rng.choice(names.SURNAMES) + given

    def mobile(self) -> str:
        return f"1{self.rng.choice('3456789')}{self.rng.randrange(10**9):09d}"

    def credit_code(self, division: str, category: str = "91") -> str:
        """A unified social credit code (GB 32100) with a valid check character, unique in
        this run: authority and category, the 6-digit division code, a 9-character body."""
        while True:
            body = "".join(self.rng.choices(CREDIT_CODE_ALPHABET, k=9))
            first17 = f"{category}{division[:6]}{body}"
            code = first17 + credit_code_check_char(first17)
            if code not in self._credit_codes:
                self._credit_codes.add(code)
                return code

    def organisation_path(self, parent) -> str:
        """As `organisations.services.organisation_path` (parent's path, 10 hex characters,
        "/"), but drawn from the seeded random source so a seed gives the same tree."""
        while True:
            token = f"{self.rng.getrandbits(40):010x}"
            path = f"{parent.path if parent else ''}{token}/"
            if path not in self._organisation_paths:
                self._organisation_paths.add(path)
                return path
