"""Import of a project list (项目清单) from Excel: validate every row into a plan, then
commit the plan through the services in one transaction, all or nothing.

A row creates a project, or updates the project of the same name in the same district
(empty cells leave the stored value as it is). Enterprises are found by unified social
credit code (or by exact name when the code is left out) and registered when missing;
the responsible person becomes the project manager contact; an output-value target is
added (or replaces the one of the same date). The importer may only place projects in
districts within their jurisdiction.

    plan = plan_import(path_or_file, actor=user)       # reads only
    plan = commit_import(path_or_file, actor=user)     # plans again, writes if no error
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fugong.common.errors import FugongError
from fugong.common.pii.validators import (
    normalise_credit_code,
    normalise_mobile,
    validate_credit_code,
    validate_mobile,
)
from fugong.construction.choices import ContactRole, ProjectEventKind, ProjectKind
from fugong.construction.importing.reading import (
    MAX_ROWS,
    CellError,
    Column,
    Header,
    ImportFileError,
    clean_text,
    compact,
    find_header,
    open_rows,
    parse_amount,
    parse_bool,
    parse_date,
    parse_phone_text,
)
from fugong.construction.models import Project, ProjectContact, ProjectTarget
from fugong.organisations.choices import EnterpriseRole, OrganisationKind
from fugong.organisations.models import Organisation
from fugong.regions.choices import RegionLevel
from fugong.regions.models import Region


def _code_synonyms(*names: str) -> tuple[str, ...]:
    return tuple(
        f"{name}{suffix}"
        for name in names
        for suffix in ("统一社会信用代码", "社会信用代码", "信用代码", "代码")
    )


BUILDER_NAMES = ("建设单位", "建设方", "业主单位")
CONTRACTOR_NAMES = ("施工单位", "总包单位", "施工总承包单位", "施工方")
SUPERVISOR_NAMES = ("监理单位", "监理方")

COLUMNS: tuple[Column, ...] = (
    Column("name", "项目名称", ("工程名称", "项目名", "工程项目名称"), required=True),
    Column("kind", "项目类型", ("类别", "工程类型", "项目类别", "类型", "工程类别"), required=True),
    Column(
        "is_city_key",
        "是否市重点项目",
        ("市重点", "是否市重点", "市重点项目", "是否重点项目", "重点项目"),
    ),
    Column(
        "district",
        "所在区县",
        ("区县", "所属区", "所属区县", "辖区", "所在区", "区", "县区", "所在县区", "行政区"),
        required=True,
    ),
    Column("address", "项目地址", ("地址", "工程地址", "建设地点", "项目位置")),
    Column("builder", "建设单位", BUILDER_NAMES[1:]),
    Column("builder_code", "建设单位统一社会信用代码", _code_synonyms(*BUILDER_NAMES)),
    Column("contractor", "施工单位", CONTRACTOR_NAMES[1:]),
    Column("contractor_code", "施工单位统一社会信用代码", _code_synonyms(*CONTRACTOR_NAMES)),
    Column("supervisor", "监理单位", SUPERVISOR_NAMES[1:]),
    Column("supervisor_code", "监理单位统一社会信用代码", _code_synonyms(*SUPERVISOR_NAMES)),
    Column(
        "contract_value",
        "合同金额（万元）",
        ("合同金额", "合同价", "合同价款", "合同额", "合同造价", "合同价格"),
    ),
    Column("responsible_person", "项目负责人", ("负责人", "项目经理")),
    Column(
        "responsible_phone",
        "负责人电话",
        (
            "电话",
            "联系电话",
            "手机",
            "手机号",
            "手机号码",
            "联系方式",
            "项目负责人电话",
            "负责人手机",
            "项目经理电话",
        ),
    ),
    Column("target_value", "产值目标（万元）", ("产值目标", "目标产值", "计划产值")),
    Column("target_date", "目标日期", ("目标完成日期", "完成日期", "目标时间")),
)
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}
ENTERPRISE_ROLES = ("builder", "contractor", "supervisor")

# What people write in the 项目类型 column, after `compact` (codes and labels work too).
KIND_WORDS = {
    "道路": ProjectKind.ROAD,
    "市政道路": ProjectKind.ROAD,
    "公路": ProjectKind.ROAD,
    "桥梁": ProjectKind.BRIDGE,
    "桥": ProjectKind.BRIDGE,
    "河道": ProjectKind.RIVER,
    "河道治理": ProjectKind.RIVER,
    "水利": ProjectKind.RIVER,
    "房建": ProjectKind.BUILDING,
    "房屋建筑": ProjectKind.BUILDING,
    "棚改": ProjectKind.SHANTYTOWN,
    "棚户区改造": ProjectKind.SHANTYTOWN,
    "房地产": ProjectKind.REAL_ESTATE,
    "房地产开发": ProjectKind.REAL_ESTATE,
    "其他": ProjectKind.OTHER,
    "其它": ProjectKind.OTHER,
}
KIND_LABELS_FOR_TEMPLATE = ("道路", "桥梁", "河道", "房建", "棚改", "房地产", "其他")


def parse_kind(value) -> str | None:
    text = compact(value)
    candidates = [text]
    for suffix in ("工程", "项目", "类"):
        if text.endswith(suffix) and len(text) > len(suffix):
            candidates.append(text[: -len(suffix)])
    for candidate in candidates:
        if candidate in KIND_WORDS:
            return KIND_WORDS[candidate].value
        for kind in ProjectKind:
            if candidate.lower() in (kind.value, str(kind.label).lower()):
                return kind.value
    return None


# --- the plan -------------------------------------------------------------------------------


@dataclass
class RowError:
    row: int  # the sheet's own row number (0: the file as a whole)
    column: str  # the header as written in the file, or the template's when it is missing
    message: str
    value: str = ""


@dataclass
class NewEnterprise:
    """An enterprise the import will register (first seen in `row`)."""

    name: str
    credit_code: str
    role: str
    region: Region | None
    row: int
    organisation: Organisation | None = None

    def __str__(self):
        return self.name


@dataclass
class PlannedRow:
    row: int
    name: str
    district: Region
    project: Project | None  # None: a new project
    fields: dict = field(default_factory=dict)  # registry fields to set
    enterprises: dict = field(default_factory=dict)  # role -> Organisation | NewEnterprise
    contact: tuple[str, str | None] | None = None  # project manager to save (name, phone)
    contact_instance: ProjectContact | None = None
    target: tuple[datetime.date, Decimal] | None = None
    replaces_target: ProjectTarget | None = None
    changes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    kind_label: str = ""
    builder_name: str = ""

    @property
    def action(self) -> str:
        if self.project is None:
            return "create"
        return "update" if self.changes else "unchanged"


@dataclass
class ImportPlan:
    rows: list[PlannedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    new_enterprises: list[NewEnterprise] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    header_row: int = 0
    committed: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def counts(self) -> dict[str, int]:
        return {
            "create": self.count("create"),
            "update": self.count("update"),
            "unchanged": self.count("unchanged"),
            "enterprises": len(self.new_enterprises),
            "targets": sum(1 for row in self.rows if row.target),
            "errors": len(self.errors),
        }


class _Abort(Exception):
    """Rolls the commit back; carries the plan with the error that stopped it."""

    def __init__(self, plan: ImportPlan):
        self.plan = plan


def plan_import(source, *, actor) -> ImportPlan:
    """Read and check every row; nothing is written."""
    return ProjectListImport(actor).plan(source)


def commit_import(source, *, actor, filename: str = "") -> ImportPlan:
    """Plan again (the database may have changed since the preview) and, when no row has
    an error, write every row through the services in ONE transaction. A refusal by a
    service rolls everything back and is reported against its row."""
    importer = ProjectListImport(actor)
    try:
        with transaction.atomic():
            plan = importer.plan(source)
            if not plan.ok:
                raise _Abort(plan)
            importer.apply(plan, filename=filename)
            plan.committed = True
            return plan
    except _Abort as abort:
        return abort.plan


class ProjectListImport:
    def __init__(self, actor):
        self.actor = actor
        self.header: Header | None = None
        perm = actor.has_perm if actor is not None else (lambda _p: True)
        self.may = {
            "add_project": perm("construction.add_project"),
            "change_project": perm("construction.change_project"),
            "add_organisation": perm("organisations.add_organisation"),
            "add_contact": perm("construction.add_projectcontact"),
            "change_contact": perm("construction.change_projectcontact"),
            "add_target": perm("construction.add_projecttarget"),
            "delete_target": perm("construction.delete_projecttarget"),
        }

    # --- reading ---------------------------------------------------------------------------

    def plan(self, source) -> ImportPlan:
        plan = ImportPlan()
        try:
            rows = self._read(source)
        except ImportFileError as exc:
            plan.errors.append(RowError(0, "", str(exc.message)))
            return plan
        header = find_header(rows, COLUMNS)
        if header is None or "name" not in header.columns:
            plan.errors.append(
                RowError(
                    0,
                    "",
                    _(
                        "No header row was found: the first row must name the columns, "
                        "such as 项目名称, 项目类型, 所在区县, 建设单位."
                    ),
                )
            )
            return plan
        self.header = header
        plan.header_row = header.row
        plan.ignored_columns = header.ignored
        for text in header.duplicates:
            plan.errors.append(
                RowError(header.row, text, _("Two columns mean the same thing; keep only one."))
            )
        missing = [c for c in COLUMNS if c.required and c.key not in header.columns]
        if "builder" not in header.columns and "builder_code" not in header.columns:
            missing.append(COLUMN_BY_KEY["builder"])
        for column in missing:
            plan.errors.append(RowError(header.row, column.label, _("This column is missing.")))
        data_rows = [(n, v) for n, v in rows if n > header.row and any(_filled(c) for c in v)]
        if not data_rows:
            plan.errors.append(RowError(0, "", _("The sheet has no rows to import.")))
        if len(data_rows) > MAX_ROWS:
            plan.errors.append(
                RowError(
                    0,
                    "",
                    _("The sheet has %(count)s rows; at most %(limit)s can be imported at once.")
                    % {"count": f"{len(data_rows):,}", "limit": f"{MAX_ROWS:,}"},
                )
            )
        if plan.errors:
            return plan
        self._load(data_rows)
        seen: dict[tuple[str, int], int] = {}
        for number, values in data_rows:
            self._plan_row(plan, number, values, seen)
        return plan

    def _read(self, source) -> list[tuple[int, tuple]]:
        rows = []
        filled = 0
        for number, values in open_rows(source):
            if any(_filled(c) for c in values):
                filled += 1
                rows.append((number, values))
            if filled > MAX_ROWS + 20:  # enough to say "too many" without reading on
                break
        return rows

    def cell(self, values: tuple, key: str):
        found = self.header.columns.get(key) if self.header else None
        if found is None or found[0] >= len(values):
            return None
        return values[found[0]]

    def label(self, key: str) -> str:
        found = self.header.columns.get(key) if self.header else None
        return found[1] if found else COLUMN_BY_KEY[key].label

    def unit(self, key: str) -> str:
        found = self.header.columns.get(key) if self.header else None
        return found[2] if found else ""

    # --- look-ups, a handful of queries for the whole file ---------------------------------

    def _load(self, data_rows) -> None:
        names, codes, org_names = set(), set(), set()
        for _number, values in data_rows:
            names.add(clean_text(self.cell(values, "name")))
            for role in ENTERPRISE_ROLES:
                org_names.add(clean_text(self.cell(values, role)))
                codes.add(normalise_credit_code(self.cell(values, f"{role}_code")))
        districts = list(Region.objects.filter(level=RegionLevel.DISTRICT))
        self.districts_by_code = {d.code: d for d in districts}
        self.districts_by_name = {d.name: d for d in districts}
        in_scope = Region.objects.filter(level=RegionLevel.DISTRICT)
        if self.actor is not None:
            in_scope = in_scope.visible_to(self.actor, "construction.add_project")
        self.district_ids_in_scope = set(in_scope.values_list("pk", flat=True))
        codes.discard("")
        org_names.discard("")
        self.orgs_by_code = {
            o.credit_code: o for o in Organisation.objects.filter(credit_code__in=codes)
        }
        self.orgs_by_name: dict[str, list[Organisation]] = {}
        for org in Organisation.objects.filter(name__in=org_names):
            self.orgs_by_name.setdefault(org.name, []).append(org)
        self.new_by_code: dict[str, NewEnterprise] = {}
        self.new_by_name: dict[str, NewEnterprise] = {}
        projects = Project.objects.filter(name__in=names, archived_at__isnull=True).order_by("pk")
        self.projects: dict[tuple[str, int], Project] = {}
        for project in projects:
            self.projects.setdefault((project.name, project.region_id), project)
        ids = [p.pk for p in self.projects.values()]
        if self.actor is None:
            self.changeable = set(ids)
        else:
            self.changeable = set(
                Project.objects.visible_to(self.actor, "change")
                .filter(pk__in=ids)
                .values_list("pk", flat=True)
            )
        self.contacts = {
            c.project_id: c
            for c in ProjectContact.objects.filter(
                project_id__in=ids,
                role=ContactRole.PROJECT_MANAGER,
                archived_at__isnull=True,
            )
        }
        self.targets = {
            (t.project_id, t.due_date): t
            for t in ProjectTarget.objects.filter(project_id__in=ids, archived_at__isnull=True)
        }

    # --- one row -----------------------------------------------------------------------------

    def _plan_row(self, plan: ImportPlan, number: int, values: tuple, seen: dict) -> None:
        errors: list[RowError] = []

        def error(key: str, message, value=None) -> None:
            errors.append(RowError(number, self.label(key), str(message), clean_text(value)[:60]))

        def text(key: str, max_length: int, what) -> str:
            value = clean_text(self.cell(values, key))
            if len(value) > max_length:
                error(
                    key,
                    _("%(what)s is too long: at most %(max)d characters.")
                    % {"what": what, "max": max_length},
                    value,
                )
            return value

        name = text("name", 150, _("The name"))
        if not name:
            error("name", _("The project needs a name."))
        raw_kind = self.cell(values, "kind")
        kind = parse_kind(raw_kind) if _filled(raw_kind) else None
        if not _filled(raw_kind):
            error("kind", _("The project kind is required."))
        elif kind is None:
            error(
                "kind",
                _("Unknown project kind; use one of: %(kinds)s.")
                % {"kinds": "、".join(KIND_LABELS_FOR_TEMPLATE)},
                raw_kind,
            )
        is_city_key = self._typed(parse_bool, values, "is_city_key", error)
        district = self._district(values, error)
        address = text("address", 200, _("The address"))
        contract_value = self._typed(
            lambda v: parse_amount(v, unit=self.unit("contract_value")),
            values,
            "contract_value",
            error,
        )
        person = text("responsible_person", 50, _("The name of the responsible person"))
        raw_phone = self.cell(values, "responsible_phone")
        phone = None
        if _filled(raw_phone):
            try:
                validate_mobile(parse_phone_text(raw_phone))
                phone = normalise_mobile(parse_phone_text(raw_phone))
            except ValidationError as exc:
                error("responsible_phone", exc.messages[0], raw_phone)
        target_value = self._typed(
            lambda v: parse_amount(v, unit=self.unit("target_value")),
            values,
            "target_value",
            error,
        )
        target_date = self._typed(parse_date, values, "target_date", error)
        raw_target_value = self.cell(values, "target_value")
        raw_target_date = self.cell(values, "target_date")
        if target_value is not None and target_value <= 0:
            error("target_value", _("A target must be more than zero."), raw_target_value)
        if _filled(raw_target_value) and not _filled(raw_target_date):
            error("target_date", _("Give the date by which the target is due."))
        if _filled(raw_target_date) and not _filled(raw_target_value):
            error("target_value", _("Give the output value due by the target date."))
        enterprises = {
            role: self._enterprise(plan, role, values, district, number, error)
            for role in ENTERPRISE_ROLES
        }
        if errors:
            plan.errors.extend(errors)
            return

        key = (name, district.pk)
        if key in seen:
            error(
                "name",
                _("The same project (name and district) is already in row %(row)d.")
                % {"row": seen[key]},
                name,
            )
            plan.errors.extend(errors)
            return
        seen[key] = number
        project = self.projects.get(key)
        if project is not None and (
            not self.may["change_project"] or project.pk not in self.changeable
        ):
            error(
                "name",
                _("“%(name)s” already exists in %(district)s and you may not change it.")
                % {"name": name, "district": district.name},
                name,
            )

        planned = PlannedRow(
            row=number,
            name=name,
            district=district,
            project=project,
            kind_label=str(ProjectKind(kind).label),
        )
        wanted = {
            "name": name,
            "kind": kind,
            "is_city_key": is_city_key,
            "region": district,
            "address": address or None,
            "contract_value": contract_value,
            "responsible_person": person or None,
            "responsible_phone": phone,
        }
        if project is None:
            planned.fields = {k: v for k, v in wanted.items() if v is not None}
            planned.enterprises = {r: e for r, e in enterprises.items() if e is not None}
        else:
            self._changes(planned, project, wanted, enterprises)
        builder = enterprises["builder"] or (project.builder if project else None)
        planned.builder_name = str(builder or "")
        for role, enterprise in enterprises.items():
            if isinstance(enterprise, Organisation):
                written = clean_text(self.cell(values, role))
                if written and compact(written) != compact(enterprise.name):
                    planned.notes.append(
                        _("The credit code in “%(column)s” is registered as “%(name)s”.")
                        % {"column": self.label(f"{role}_code"), "name": enterprise.name}
                    )
        self._contact(planned, person, phone, error)
        self._target(planned, target_date, target_value, error)
        if errors:
            plan.errors.extend(errors)
            return
        plan.rows.append(planned)

    def _typed(self, parse, values, key, error):
        raw = self.cell(values, key)
        try:
            return parse(raw)
        except CellError as exc:
            error(key, str(exc), raw)
            return None

    def _district(self, values, error) -> Region | None:
        raw = self.cell(values, "district")
        text = compact(raw)
        if not text:
            error("district", _("The district is required."))
            return None
        district = self.districts_by_code.get(text) or self.districts_by_name.get(text)
        if district is None:
            # "山阳" for 山阳区, "焦作市山阳区" for 山阳区: accept when only one district fits.
            fits = [
                d
                for d in self.districts_by_name.values()
                if d.name.startswith(text) or text.endswith(d.name)
            ]
            district = fits[0] if len(fits) == 1 else None
        if district is None:
            error("district", _("Unknown district; use its name or its 6-digit code."), raw)
            return None
        if district.pk not in self.district_ids_in_scope:
            error(
                "district",
                _("%(district)s is outside your jurisdiction.") % {"district": district.name},
                raw,
            )
            return None
        return district

    def _enterprise(self, plan, role, values, district, number, error):
        """The existing Organisation, a NewEnterprise to register, or None."""
        code_key = f"{role}_code"
        name = clean_text(self.cell(values, role))
        raw_code = self.cell(values, code_key)
        code = normalise_credit_code(raw_code)
        if not name and not code:
            if role == "builder":
                error(role, _("The builder (建设单位) is required."))
            return None
        if len(name) > 150:
            error(role, _("The enterprise name is too long: at most 150 characters."), name)
            return None
        if not code:
            found = [
                o for o in self.orgs_by_name.get(name, []) if o.kind == OrganisationKind.ENTERPRISE
            ]
            if len(found) == 1:
                return found[0]
            if name in self.new_by_name:
                return self.new_by_name[name]
            error(
                code_key,
                _(
                    "“%(name)s” is not registered yet: give its unified social credit code "
                    "so that it can be registered."
                )
                % {"name": name},
            )
            return None
        try:
            validate_credit_code(code)
        except ValidationError as exc:
            error(code_key, exc.messages[0], raw_code)
            return None
        existing = self.orgs_by_code.get(code)
        if existing is not None:
            if existing.kind != OrganisationKind.ENTERPRISE:
                error(
                    code_key,
                    _("This credit code belongs to “%(name)s”, which is not an enterprise.")
                    % {"name": existing.name},
                    raw_code,
                )
                return None
            return existing
        new = self.new_by_code.get(code)
        if new is not None:
            if name and name != new.name:
                error(
                    role,
                    _("Row %(row)d gives this credit code to “%(name)s”.")
                    % {"row": new.row, "name": new.name},
                    name,
                )
                return None
            return new
        if not name:
            error(role, _("Enter the name of the new enterprise with this credit code."))
            return None
        if not self.may["add_organisation"]:
            error(
                code_key,
                _(
                    "“%(name)s” is not registered and you may not register enterprises; "
                    "ask the bureau to register it first."
                )
                % {"name": name},
                raw_code,
            )
            return None
        if self.orgs_by_name.get(name) or name in self.new_by_name:
            error(
                role,
                _("An organisation named “%(name)s” is registered with another credit code.")
                % {"name": name},
                name,
            )
            return None
        new = NewEnterprise(
            name=name,
            credit_code=code,
            role=EnterpriseRole(role).value,
            region=district,
            row=number,
        )
        self.new_by_code[code] = new
        self.new_by_name[name] = new
        plan.new_enterprises.append(new)
        return new

    def _changes(self, planned: PlannedRow, project: Project, wanted: dict, enterprises) -> None:
        labels = {
            "kind": "kind",
            "is_city_key": "is_city_key",
            "address": "address",
            "contract_value": "contract_value",
            "responsible_person": "responsible_person",
            "responsible_phone": "responsible_phone",
        }
        for name, column in labels.items():
            value = wanted[name]
            if value is None:
                continue
            current = getattr(project, name)
            current = getattr(current, "full", current)
            if current != value:
                planned.fields[name] = value
                planned.changes.append(self.label(column))
        for role, enterprise in enterprises.items():
            if enterprise is None:
                continue
            if isinstance(enterprise, NewEnterprise) or enterprise.pk != getattr(
                project, f"{role}_id"
            ):
                planned.enterprises[role] = enterprise
                planned.changes.append(self.label(role))

    def _contact(self, planned: PlannedRow, person: str, phone, error) -> None:
        if not person:
            return
        existing = self.contacts.get(planned.project.pk) if planned.project else None
        if existing is None:
            if not self.may["add_contact"]:
                error("responsible_person", _("You may not add responsible persons."), person)
                return
            planned.contact = (person, phone)
        else:
            current_phone = existing.phone.full if existing.phone else None
            keep_phone = phone or current_phone
            if existing.name == person and keep_phone == current_phone:
                return
            if not self.may["change_contact"]:
                error("responsible_person", _("You may not change responsible persons."), person)
                return
            planned.contact = (person, keep_phone)
            planned.contact_instance = existing
        label = self.label("responsible_person")
        if planned.project is not None and label not in planned.changes:
            planned.changes.append(label)

    def _target(self, planned: PlannedRow, due_date, value, error) -> None:
        if due_date is None or value is None:
            return
        existing = self.targets.get((planned.project.pk, due_date)) if planned.project else None
        if existing is not None and existing.value == value:
            return
        if not self.may["add_target"] or (existing is not None and not self.may["delete_target"]):
            error("target_value", _("You may not set output-value targets."), value)
            return
        planned.target = (due_date, value)
        planned.replaces_target = existing
        if planned.project is not None:
            planned.changes.append(self.label("target_value"))

    # --- writing -----------------------------------------------------------------------------

    def apply(self, plan: ImportPlan, *, filename: str = "") -> None:
        """Write the plan through the services (inside the caller's transaction)."""
        from fugong.construction.services.projects import (
            project_contact_save,
            project_create,
            project_target_add,
            project_target_archive,
            project_update,
        )
        from fugong.organisations.services import organisation_create

        actor = self.actor
        current_row = 0
        try:
            for new in plan.new_enterprises:
                current_row = new.row
                new.organisation = organisation_create(
                    actor=actor,
                    kind=OrganisationKind.ENTERPRISE,
                    name=new.name,
                    credit_code=new.credit_code,
                    region=new.region,
                    enterprise_role=new.role,
                )
            for row in plan.rows:
                if row.action == "unchanged":
                    continue
                current_row = row.row
                message = _("Imported from %(file)s, row %(row)d") % {
                    "file": filename or _("an Excel file"),
                    "row": row.row,
                }
                data = dict(row.fields)
                for role, enterprise in row.enterprises.items():
                    if isinstance(enterprise, NewEnterprise):
                        enterprise = enterprise.organisation
                    data[role] = enterprise
                if row.project is None:
                    project = project_create(
                        actor=actor, event_kind=ProjectEventKind.IMPORTED, message=message, **data
                    )
                elif data:
                    project = project_update(
                        actor=actor,
                        project=row.project,
                        data=data,
                        event_kind=ProjectEventKind.IMPORTED,
                        message=message,
                    )
                else:
                    project = row.project
                if row.contact is not None:
                    project_contact_save(
                        actor=actor,
                        project=project,
                        role=ContactRole.PROJECT_MANAGER,
                        name=row.contact[0],
                        phone=row.contact[1],
                        contact=row.contact_instance,
                    )
                if row.target is not None:
                    if row.replaces_target is not None:
                        project_target_archive(
                            actor=actor, target=row.replaces_target, message=message
                        )
                    project_target_add(
                        actor=actor,
                        project=project,
                        due_date=row.target[0],
                        value=row.target[1],
                        note=message[:200],
                    )
        except (FugongError, ValidationError) as exc:
            plan.errors.extend(self._service_errors(current_row, exc))
            raise _Abort(plan) from exc

    def _service_errors(self, row: int, exc) -> list[RowError]:
        """A service's refusal, in the same row/column form as the checks above."""
        columns = {
            "region": "district",
            "credit_code": "builder_code",
            "phone": "responsible_phone",
            "due_date": "target_date",
            "value": "target_value",
        }
        if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
            items = [(k, m) for k, errors in exc.message_dict.items() for m in errors]
        elif isinstance(exc, ValidationError):
            items = [("", m) for m in exc.messages]
        else:
            items = list(exc.fields.items()) or [("", exc.message)]
        found = []
        for name, message in items:
            key = columns.get(name, name)
            column = self.label(key) if key in COLUMN_BY_KEY else ""
            found.append(RowError(row, column, str(message)))
        return found


def _filled(value) -> bool:
    return value is not None and clean_text(value) != ""
