"""What each role may do in supervision, added to the default roles from ready()."""

from fugong.accounts.choices import RoleCode


def _perms(model: str, actions=("view", "add", "change", "delete")) -> list[str]:
    return [f"supervision.{action}_{model}" for action in actions]


# Reading the whole supervision record (leaders, district officers).
READ = [
    "supervision.view_inspector",
    "supervision.view_inspectionchecklist",
    "supervision.view_inspectionchecklistitem",
    "supervision.view_inspection",
    "supervision.export_inspection",
    "supervision.view_inspectionanswer",
    "supervision.view_finding",
    "supervision.view_evidencephoto",
    "supervision.view_rectificationnotice",
    "supervision.view_rectificationreply",
    "supervision.view_stopworkorder",
    "supervision.view_supervisionevent",
]
# Department officers inspect in their field (the field is checked against the registry).
INSPECT = [
    *READ,
    "supervision.view_conflictdeclaration",
    "supervision.add_conflictdeclaration",
    "supervision.add_inspection",
    "supervision.change_inspection",
    "supervision.add_finding",
    "supervision.change_finding",
    "supervision.add_evidencephoto",
    "supervision.lift_stopworkorder",
]
ADMIN = [
    *INSPECT,
    *_perms("inspector"),
    *_perms("conflictdeclaration"),
    *_perms("inspectionchecklist"),
    *_perms("inspectionchecklistitem"),
    "supervision.order_spot_check",
]
ENTERPRISE = [
    "supervision.view_finding",
    "supervision.view_evidencephoto",
    "supervision.add_evidencephoto",
    "supervision.view_rectificationnotice",
    "supervision.view_rectificationreply",
    "supervision.add_rectificationreply",
    "supervision.view_stopworkorder",
    "supervision.view_supervisionevent",
]

ROLE_PERMISSIONS = {
    RoleCode.BUREAU_ADMIN: ADMIN,
    RoleCode.LEADER: [*READ, "supervision.order_spot_check", "supervision.add_inspection"],
    RoleCode.DEPARTMENT_OFFICER: INSPECT,
    RoleCode.DISTRICT_OFFICER: READ,
    RoleCode.ENTERPRISE_USER: ENTERPRISE,
}
