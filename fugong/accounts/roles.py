"""The default roles and what each may do: the data `fugong sync_roles` writes.

An admin may change a role's permissions afterwards; sync only adds missing roles and,
with --reset, restores these defaults. Domain apps append their permissions here as they
land, by codename, so accounts never imports them.
"""

from fugong.accounts.choices import RoleCode, ScopeKind

CRUD = ("view", "add", "change", "delete")


def _perms(app_model: str, actions=CRUD) -> list[str]:
    app, model = app_model.split(".")
    return [f"{app}.{action}_{model}" for action in actions]


_PLATFORM_ADMIN = [
    *_perms("regions.region"),
    "regions.import_region",
    *_perms("organisations.organisation"),
    *_perms("accounts.user"),
    *_perms("accounts.rolegrant"),
    "accounts.view_role",
    "accounts.view_full_personal_data",
    "accounts.view_audit",
    "audit.view_changelog",
]
_PROJECTS_ALL = [
    *_perms("construction.project"),
    "construction.export_project",
    "construction.import_project",
    *_perms("construction.projectcontact"),
    *_perms("construction.projecttarget"),
    "construction.view_projectevent",
]
_PROJECTS_READ = [
    "construction.view_project",
    "construction.export_project",
    "construction.view_projectcontact",
    "construction.view_projecttarget",
    "construction.view_projectevent",
]
_READ_PLATFORM = ["regions.view_region", "organisations.view_organisation"]
# What an authority (a district or city department) does with commitments and reports.
_RESUMPTION_AUTHORITY = [
    "construction.view_checklisttemplate",
    "construction.view_checklistitem",
    "construction.view_commitment",
    "construction.view_commitmentanswer",
    "construction.view_commitmentevent",
    "construction.verify_commitment",
    "construction.revoke_commitment",
    "construction.view_creditrecord",
    "construction.view_concern",
    "construction.change_concern",
    "construction.view_dailyreport",
    "construction.unlock_dailyreport",
    "construction.view_reportunlock",
    "construction.view_reportingsettings",
    "construction.view_routingrule",
]
_RESUMPTION_READ = [p for p in _RESUMPTION_AUTHORITY if ".view_" in p]
_RESUMPTION_ADMIN = [
    *_RESUMPTION_AUTHORITY,
    *_perms("construction.checklisttemplate"),
    *_perms("construction.checklistitem"),
    *_perms("construction.routingrule"),
    "construction.change_reportingsettings",
]
_ENTERPRISE_RESUMPTION = [
    *_perms("construction.projectcontact", ("view", "add", "change")),
    "construction.view_projecttarget",
    "construction.view_projectevent",
    "construction.view_checklisttemplate",
    "construction.view_checklistitem",
    "construction.view_commitment",
    "construction.add_commitment",
    "construction.view_commitmentanswer",
    "construction.view_commitmentevent",
    "construction.view_creditrecord",
    *_perms("construction.dailyreport", ("view", "add", "change")),
    "construction.view_reportingsettings",
]

DEFAULT_ROLES = {
    RoleCode.BUREAU_ADMIN: {
        "scope_kind": ScopeKind.REGION,
        "requires_two_factor": True,
        "description": "专项工作领导小组: configures checklists, regions and accounts; sees everything.",
        "permissions": [*_PLATFORM_ADMIN, *_PROJECTS_ALL, *_RESUMPTION_ADMIN],
    },
    RoleCode.LEADER: {
        "scope_kind": ScopeKind.REGION,
        "requires_two_factor": True,
        "description": "Bureau leadership: city-wide read, orders spot checks, dashboard.",
        "permissions": [
            *_READ_PLATFORM,
            "accounts.view_user",
            *_PROJECTS_READ,
            *_RESUMPTION_READ,
            "audit.view_changelog",
        ],
    },
    RoleCode.DEPARTMENT_OFFICER: {
        "scope_kind": ScopeKind.REGION,
        "requires_two_factor": False,
        "description": "Quality, safety and dust-control stations: inspections in their field.",
        "permissions": [*_READ_PLATFORM, *_PROJECTS_READ, *_RESUMPTION_READ],
    },
    RoleCode.DISTRICT_OFFICER: {
        "scope_kind": ScopeKind.REGION,
        "requires_two_factor": False,
        "description": "District housing department: projects and commitments of the district.",
        "permissions": [
            *_READ_PLATFORM,
            "organisations.add_organisation",
            "organisations.change_organisation",
            *_PROJECTS_ALL,
            *_RESUMPTION_AUTHORITY,
        ],
    },
    RoleCode.CADRE: {
        "scope_kind": ScopeKind.REGION,
        "requires_two_factor": False,
        "description": "Bureau staff sent to communities (下沉干部): their assigned communities.",
        "permissions": ["regions.view_region"],
    },
    RoleCode.COMMUNITY_WORKER: {
        "scope_kind": ScopeKind.REGION,
        "requires_two_factor": False,
        "description": "Community and sub-district staff, building leaders, gate volunteers.",
        "permissions": ["regions.view_region"],
    },
    RoleCode.ENTERPRISE_USER: {
        "scope_kind": ScopeKind.ORGANISATION,
        "requires_two_factor": False,
        "description": "Builder, contractor or supervisor staff: their own projects.",
        "permissions": [
            "organisations.view_organisation",
            # Not change_project: district, kind and "city key" decide where commitments go.
            "construction.view_project",
            "construction.export_project",
            *_ENTERPRISE_RESUMPTION,
        ],
    },
}


# --- what domain apps add -------------------------------------------------------------------
# A domain app names the permissions its models give each role from its AppConfig.ready()
# (`extend_role_defaults({RoleCode.CADRE: ["community.add_dutylog", …]})`), so its roles
# live beside its models and apps built side by side never edit this file.
_EXTENSIONS: dict[RoleCode, list[str]] = {}


def extend_role_defaults(extra: dict[RoleCode, list[str]]) -> None:
    for code, permissions in extra.items():
        known = _EXTENSIONS.setdefault(RoleCode(code), [])
        known.extend(p for p in permissions if p not in known)


def default_roles() -> dict:
    """`DEFAULT_ROLES` with every app's additions."""
    merged = {}
    for code, spec in DEFAULT_ROLES.items():
        extra = [p for p in _EXTENSIONS.get(code, []) if p not in spec["permissions"]]
        merged[code] = {**spec, "permissions": [*spec["permissions"], *extra]}
    return merged
