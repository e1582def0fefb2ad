"""Load the demo data of `data.py` through the services, as the system (actor=None).

Idempotent: every record is looked up first (regions by code, enterprises by credit code,
other organisations by parent and name, users by username, grants by user, role and
scope, projects by name) and only created when missing; nothing existing is changed.
Everything runs in one transaction, so a failure leaves the database as it was.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import hashers
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from fugong.accounts.choices import ScopeKind
from fugong.accounts.models import Role, RoleGrant, User
from fugong.accounts.services import grant_role, sync_roles, user_create
from fugong.audit.choices import ChangeAction
from fugong.audit.services import record_change
from fugong.common.demo import data, registry
from fugong.common.demo.ids import base32_key, credit_code, demo_totp_key, identity_number
from fugong.construction.models import Project
from fugong.construction.services.projects import project_create
from fugong.organisations.choices import OrganisationKind
from fugong.organisations.models import Organisation
from fugong.organisations.services import organisation_create
from fugong.regions.choices import RegionLevel
from fugong.regions.models import Region
from fugong.regions.services import region_create


@dataclass
class Account:
    """One row of the printed demo-accounts table."""

    username: str
    full_name: str
    password: str
    role: str
    scope: str
    totp_key: str = ""


@dataclass
class LoadResult:
    created: Counter = field(default_factory=Counter)
    existing: Counter = field(default_factory=Counter)
    accounts: list[Account] = field(default_factory=list)
    missing_permissions: list[str] = field(default_factory=list)


def load_demo() -> LoadResult:
    """Create whatever of the demo data is missing; return what was done."""
    return DemoLoader().run()


class DemoLoader:
    def __init__(self):
        self.result = LoadResult()
        self.regions: dict[str, Region] = {}
        self.organisations: dict[str, Organisation] = {}
        self.users: dict[str, User] = {}
        self.new_users: set[str] = set()
        self.roles: dict[str, Role] = {}

    def run(self) -> LoadResult:
        with transaction.atomic():
            _created, missing = sync_roles()
            self.result.missing_permissions = missing
            self.roles = {role.code: role for role in Role.objects.all()}
            self.load_regions()
            self.load_organisations()
            self.load_people()
            self.load_projects()
            self.load_totp_devices()
            for _name, step in registry.steps():
                step(self)
            self.collect_accounts()
        return self.result

    def tally(self, label: str, created: bool) -> None:
        (self.result.created if created else self.result.existing)[label] += 1

    _tally = tally

    # --- regions ---------------------------------------------------------------------------

    def load_regions(self) -> None:
        city_code, city_name = data.CITY
        self._region(city_code, city_name, RegionLevel.CITY, parent_code=None)
        for code, name in data.DISTRICTS:
            self._region(code, name, RegionLevel.DISTRICT, parent_code=city_code)
        for code, name in data.SUBDISTRICTS:
            self._region(code, name, RegionLevel.SUBDISTRICT, parent_code=code[:6])
        for code, name, is_demo in data.COMMUNITIES:
            self._region(code, name, RegionLevel.COMMUNITY, code[:9], is_demo=is_demo)
        for code, name, managed, is_demo in data.COMPOUNDS:
            self._region(
                code,
                name,
                RegionLevel.COMPOUND,
                code[:12],
                has_property_management=managed,
                is_demo=is_demo,
            )
        for compound_code, count in data.BUILDINGS.items():
            for number in range(1, count + 1):
                code = f"{compound_code}{number:03d}"
                name = f"{number}号楼"
                self._region(code, name, RegionLevel.BUILDING, compound_code, is_demo=True)

    def _region(self, code, name, level, parent_code, **extra) -> Region:
        region = Region.objects.filter(code=code).first()
        created = region is None
        if created:
            parent = self.regions[parent_code] if parent_code else None
            region = region_create(
                actor=None, parent=parent, level=level, code=code, name=name, **extra
            )
        self._tally("regions", created)
        self.regions[code] = region
        return region

    # --- organisations ---------------------------------------------------------------------

    def load_organisations(self) -> None:
        spec = data.BUREAU_ORG
        bureau = self._organisation(
            name=spec["name"],
            kind=OrganisationKind.BUREAU,
            short_name=spec["short_name"],
            region=self.regions[spec["seat"]],
        )
        for name, short_name, field_ in data.DEPARTMENTS:
            self._organisation(
                name=name,
                parent=bureau,
                kind=OrganisationKind.DEPARTMENT,
                short_name=short_name,
                field=field_,
                region=bureau.region,
            )
        for code, district in data.DISTRICTS:
            self._organisation(
                name=f"{district}{data.DISTRICT_DEPARTMENT_SUFFIX}",
                kind=OrganisationKind.DISTRICT_DEPARTMENT,
                short_name=f"{district}住建局",
                region=self.regions[code],
            )
        for code, name, short_name in data.SUBDISTRICT_OFFICES:
            self._organisation(
                name=name,
                kind=OrganisationKind.SUBDISTRICT_OFFICE,
                short_name=short_name,
                region=self.regions[code],
            )
        for name, short_name, role, seat, body, is_demo in data.ENTERPRISES:
            self._organisation(
                name=name,
                kind=OrganisationKind.ENTERPRISE,
                short_name=short_name,
                enterprise_role=role,
                credit_code=credit_code(body),
                region=self.regions[seat],
                is_demo=is_demo,
            )

    def _organisation(self, *, name, parent=None, credit_code=None, **fields) -> Organisation:
        if credit_code:
            found = Organisation.objects.filter(credit_code=credit_code).first()
        else:
            found = Organisation.objects.filter(parent=parent, name=name).first()
        if found is None:
            extra = {"credit_code": credit_code} if credit_code else {}
            found = organisation_create(actor=None, parent=parent, name=name, **fields, **extra)
            self._tally("organisations", True)
        else:
            self._tally("organisations", False)
        self.organisations[name] = found
        return found

    # --- people and grants -----------------------------------------------------------------

    def load_people(self) -> None:
        people = list(data.PEOPLE)
        for username, full_name, organisation, community, id_body, phone in data.INVENTED_CADRES:
            people.append(
                {
                    "username": username,
                    "full_name": full_name,
                    "organisation": organisation,
                    "role": "cadre",
                    "scope": data.COMMUNITY_CODES[community],
                    "id_body": id_body,
                    "phone": phone,
                    "party": True,
                }
            )
        for person in people:
            user = self._user(person)
            self._grant(user, person["role"], person["scope"])

    def _user(self, person: dict) -> User:
        username = person["username"]
        user = User.objects.filter(username=username).first()
        if user is None:
            password = data.DEMO_PASSWORD if username in data.DEMO_ACCOUNTS else None
            user = user_create(
                actor=None,
                username=username,
                password=password,
                full_name=person["full_name"],
                organisation=self.organisations[person["organisation"]],
                phone=person["phone"],
                id_number=identity_number(person["id_body"]),
                is_party_member=person["party"],
            )
            self.new_users.add(username)
            self._tally("users", True)
        else:
            self._tally("users", False)
        self.users[username] = user
        return user

    def _grant(self, user: User, role_code: str, scope: str) -> None:
        role = self.roles[role_code]
        if role.scope_kind == ScopeKind.ORGANISATION:
            region, organisation = None, self.organisations[scope]
        else:
            region, organisation = self.regions[scope], None
        exists = RoleGrant.objects.filter(
            user=user, role=role, region=region, organisation=organisation, revoked_at__isnull=True
        ).exists()
        if not exists:
            grant_role(actor=None, user=user, role=role, region=region, organisation=organisation)
        self._tally("role grants", not exists)

    # --- projects --------------------------------------------------------------------------

    def load_projects(self) -> None:
        orgs = self.organisations
        for spec in data.PROJECTS:
            if Project.objects.filter(name=spec["name"]).exists():
                self._tally("projects", False)
                continue
            project_create(
                actor=None,
                name=spec["name"],
                kind=spec["kind"],
                is_city_key=spec["is_city_key"],
                region=self.regions[spec["district"]],
                address=spec["address"],
                builder=orgs[spec["builder"]],
                contractor=orgs[spec["contractor"]],
                supervisor=orgs[spec["supervisor"]],
                contract_value=Decimal(spec["contract_value"]),
                responsible_person=spec["responsible_person"],
                responsible_phone=spec["responsible_phone"],
                is_demo=False,
            )
            self._tally("projects", True)

    # --- two-factor devices ----------------------------------------------------------------

    def load_totp_devices(self) -> None:
        """A confirmed TOTP device with a fixed, published key for each 2FA demo account.
        There is no service for devices yet, so the change log row is written here; the
        key itself is kept out of the log."""
        for username in data.TOTP_ACCOUNTS:
            user = self.users[username]
            device = TOTPDevice.objects.filter(user=user, name=data.TOTP_DEVICE_NAME).first()
            created = device is None
            if created:
                device = TOTPDevice.objects.create(
                    user=user,
                    name=data.TOTP_DEVICE_NAME,
                    key=demo_totp_key(username),
                    confirmed=True,
                )
                record_change(
                    actor=None,
                    instance=device,
                    action=ChangeAction.CREATE,
                    after={"user": user.pk, "name": device.name, "confirmed": True},
                    message="demo TOTP device (fixed published key, not logged)",
                )
            self._tally("TOTP devices", created)

    # --- the accounts table ----------------------------------------------------------------

    def collect_accounts(self) -> None:
        people = {person["username"]: person for person in data.PEOPLE}
        for username in data.DEMO_ACCOUNTS:
            user = self.users[username]
            person = people[username]
            role = self.roles[person["role"]]
            if role.scope_kind == ScopeKind.ORGANISATION:
                scope = self.organisations[person["scope"]].name
            else:
                scope = self.regions[person["scope"]].full_name()
            # An account that existed before keeps its own password: do not print ours.
            known = username in self.new_users or hashers.check_password(
                data.DEMO_PASSWORD, user.password
            )
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            self.result.accounts.append(
                Account(
                    username=username,
                    full_name=user.full_name,
                    password=data.DEMO_PASSWORD if known else "(已改 changed)",
                    role=f"{role.code} {data.ROLE_LABELS.get(role.code, '')}".strip(),
                    scope=scope,
                    totp_key=base32_key(device.key) if device else "",
                )
            )
