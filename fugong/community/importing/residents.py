"""Import of a resident survey sheet (摸排表): plan every row (nothing written), then
commit the whole plan in one transaction, or nothing.

    plan = plan_import(path, actor=user, area=community)     # reads only: the preview
    plan = commit_import(path, actor=user, area=community)   # checks again, writes if no error

A row registers a person in the household of its building/unit/room (the household is
registered when new). Buildings are looked up under `area` (a community or a
sub-district) among those the importer may add residents to; an unknown building is an
error, never created. A person is recognised by the hash of the identity number: twice in
the file is an error; already registered within the importer's scope, the row updates
that record (empty cells keep what is stored); registered elsewhere, an error that says
no more than that.

The rows of a sheet without errors are kept between the preview and the commit
(`importing/plans.py`: the same user, area, file, buildings and day), so the commit does
not read and check the file again; who is registered already (and where) and which
households exist are looked up again at every preview and commit, and the database's
unique constraints catch what changes after that.

The commit takes the rows BATCH at a time inside its one transaction, the kept ones or,
with none kept (the API's dry_run=false, a preview older than an hour), the file's as
they are read and checked: each batch is looked up and written while the next is taken
(`_Batches`, a writer thread), and the rows are never all in memory at once. Every row
is checked whatever happens; at the first error nothing more is written, and the
transaction is rolled back at the end (all or nothing, every error listed as the
preview lists them). The import's record is written first and its counts once known.

Written in bulk (households, residents, and one change-log row per created or changed
record, the same columns `record_change` fills) from plain values (`importing/bulk.py`):
no model instance per row, identity numbers and phones encrypted by the library's
Fernet as every personal field is (`common.pii.crypto.encrypt`) and hashed once, a few statements per thousand rows, whatever the
rows; see `bench/residents.py`. Each import leaves a `SurveyImport` record (who, which
file, into which area, how many rows of each kind, when) with its own change-log entry,
and every per-record entry names it.
"""

from __future__ import annotations

import datetime
import gc
from collections.abc import Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import itemgetter
from sys import intern

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connections, router, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fugong.audit.choices import ChangeAction
from fugong.audit.services import record_change
from fugong.common.pii.crypto import encrypt_many, keyed_hasher
from fugong.common.pii.kinds import IDENTITY, MOBILE
from fugong.common.pii.masking import mask_identity_number, mask_mobile
from fugong.common.pii.validators import (
    normalise_identity_number,
    normalise_mobile,
    validate_identity_number,
)
from fugong.community.choices import ResidentSource, Sex
from fugong.community.importing import plans
from fugong.community.importing.bulk import Inserter, Writer
from fugong.community.importing.changelog import ChangeLogRows
from fugong.community.importing.columns import (
    COLUMN_BY_KEY,
    COLUMNS,
    FLAG_KEYS,
    HEALTH_WORDS,
    RESIDENCY_WORDS,
    VULNERABLE_WORDS,
    building_key,
    compound_key,
    room_key,
    unit_key,
    word_choice,
)
from fugong.community.importing.xlsx import iter_rows
from fugong.community.models import Household, Resident, SurveyImport
from fugong.construction.importing.reading import (
    CellError,
    ImportFileError,
    clean_text,
    find_header,
    parse_bool,
    parse_date,
)
from fugong.regions.choices import RegionLevel
from fugong.regions.models import Region

MAX_ROWS = 200_000
MAX_BYTES = 40 * 1024 * 1024
MAX_ERRORS = 5_000  # listed in full up to this; a sheet with more is the wrong sheet
MEMO = 20_000  # distinct values of the columns checked once per value (_memo)
BATCH = 2_048  # rows checked, looked up and written together (SQLite: 4 statements)
MALE, FEMALE = Sex.MALE.value, Sex.FEMALE.value
IMPORT_PERMISSION = "community.import_resident"

# The cells `_plan_row` reads, in its order.
ROW_CELLS = (
    "name",
    "id_number",
    "phone",
    "compound",
    "building",
    "unit",
    "room",
    "residency",
    "returned_on",
    "returned_from",
    "health_status",
    *FLAG_KEYS,
    "vulnerable",
    "note",
)
# Values of few kinds: one string each in memory (sys.intern), not one per row.
SHARED_VALUES = ("residency", "health_status")
# Fields a row may set; "changes" of an existing resident are computed on these.
UPDATABLE = (
    "name",
    "residency",
    "returned_on",
    "returned_from",
    "health_status",
    *FLAG_KEYS,
    "left_behind_child",
    "vulnerable_note",
    "note",
)


@dataclass
class RowError:
    row: int  # the sheet's row number (0: the file as a whole)
    column: str  # the header as written, or the template's when the column is missing
    message: str
    value: str = ""


@dataclass(slots=True)
class PlannedRow:
    row: int
    name: str
    id_number: str  # normalised, or ""
    id_hash: str | None
    phone: str
    phone_hash: str | None
    building_id: int
    building_label: str
    unit: str
    room: str
    fields: dict
    existing: int | None = None  # pk of the registered resident this row updates
    changes: list | None = None  # the fields an update changes (a list only for those)

    @property
    def action(self) -> str:
        if self.existing is None:
            return "create"
        return "update" if self.changes else "unchanged"

    @property
    def id_masked(self) -> str:
        return mask_identity_number(self.id_number) if self.id_number else ""

    @property
    def phone_masked(self) -> str:
        return mask_mobile(self.phone) if self.phone else ""


@dataclass
class ImportPlan:
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    ignored_columns: list = field(default_factory=list)
    header_row: int = 0
    new_households: int = 0
    committed: bool = False
    too_many_errors: bool = False
    reused: bool = False  # the rows checked at the preview (importing/plans.py)
    record: SurveyImport | None = None  # once committed
    # Counted as the rows went by when they are not kept (a commit in one pass).
    tally: dict | None = None

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)

    @property
    def counts(self) -> dict[str, int]:
        if self.tally is not None:
            return {**self.tally, "errors": len(self.errors)}
        counts = {"create": 0, "update": 0, "unchanged": 0}
        for row in self.rows:
            counts[row.action] += 1
        counts["households"] = self.new_households
        counts["errors"] = len(self.errors)
        counts["rows"] = len(self.rows)
        return counts


def import_areas(user):
    """Communities and sub-districts the user may import residents into."""
    return (
        Region.objects.visible_to(user, "community.add_resident")
        .filter(level__in=(RegionLevel.SUBDISTRICT, RegionLevel.COMMUNITY))
        .order_by("path")
    )


def plan_import(source, *, actor, area: Region) -> ImportPlan:
    with _collector_paused():
        return ResidentImport(actor, area).plan(source)


def commit_import(source, *, actor, area: Region, filename: str = "") -> ImportPlan:
    """Check again (the rows checked at the preview are reused when they still hold; who
    is registered is looked up again) and write every row in one transaction when none
    has an error."""
    importer = ResidentImport(actor, area)
    try:
        with _collector_paused():
            plan = importer.commit(source, filename=filename)
    except IntegrityError:
        # Someone registered one of these people or rooms since the rows were checked:
        # nothing was written (one transaction); checking again names the rows.
        importer = ResidentImport(actor, area)
        plan = importer.plan(source)
        if plan.ok:
            plan.errors.append(
                RowError(
                    0, "", _("The data changed while importing; nothing was saved. Try again.")
                )
            )
        return plan
    if plan.record is not None:
        plan.committed = True
        importer.forget()
    return plan


class ResidentImport:
    def __init__(self, actor, area: Region):
        self.actor = actor
        self.area = area
        self.header = None
        self.labels: dict[str, str] = {}  # the headers of kept rows
        perm = actor.has_perm if actor is not None else (lambda _p: True)
        self.may_change = perm("community.change_resident")
        self.may_add_household = perm("community.add_household")

    # --- reading -------------------------------------------------------------------------

    def plan(self, source) -> ImportPlan:
        """Every row read and checked, nothing written; a plan without errors is kept for
        the commit."""

        def from_kept(plan, kept):
            self._restore(plan, kept)
            self._check_registered(plan)

        def from_file(plan):
            self._plan(plan, source)
            if not plan.errors and plan.rows:
                self._keep(plan)
            if plan.rows:
                self._check_registered(plan)

        return self._read(source, from_kept, from_file)

    def commit(self, source, *, filename: str = "") -> ImportPlan:
        """The rows kept by the preview, or with none kept the file read and checked,
        looked up and written a batch at a time in one transaction (`_stream`).
        `plan.record` is set once written."""
        return self._read(
            source,
            lambda plan, kept: self._stream(plan, source, filename, kept),
            lambda plan: self._stream(plan, source, filename),
        )

    def _read(self, source, from_kept, from_file) -> ImportPlan:
        """What the preview and the commit share: the file's hash, the places, the rows
        kept by a preview when there are some (the file instead when they are damaged:
        whatever they began is rolled back), and a file that cannot be read as the plan's
        one error."""
        plan = ImportPlan()
        self._hash(source)
        try:
            self._load_places()
            kept = self._kept()
            if kept is not None:
                try:
                    from_kept(plan, kept)
                    return plan
                except plans.Damaged:
                    plan = ImportPlan()
            from_file(plan)
        except ImportFileError as exc:
            plan.rows = []
            plan.errors = [RowError(0, "", str(exc.message))]
        return plan

    def _hash(self, source) -> None:
        try:
            self.sha256 = plans.file_sha256(source)
        except OSError:
            self.sha256 = None  # unreadable: iter_rows says so

    # --- the rows checked at the preview ---------------------------------------------------

    def _kept(self) -> tuple[dict, Iterator] | None:
        if self.sha256 is None:
            return None
        return plans.load(self.actor, self.area.pk, self.sha256, self.places)

    def _keep(self, plan: ImportPlan) -> None:
        if self.sha256 is None:
            return
        rows = (
            [
                r.row,
                r.name,
                r.id_number,
                r.id_hash,
                r.phone,
                r.phone_hash,
                r.building_id,
                r.unit,
                r.room,
                {k: _plain(v) for k, v in r.fields.items()},
            ]
            for r in plan.rows
        )
        head = {
            "header_row": plan.header_row,
            "ignored_columns": plan.ignored_columns,
            "labels": {key: found[1] for key, found in self.header.columns.items()},
        }
        plans.save(self.actor, self.area.pk, self.sha256, self.places, head, rows)

    def _restore(self, plan: ImportPlan, kept: tuple[dict, Iterator], each=None) -> None:
        """The kept rows into `plan.rows` (or, with `each`, handed to it BATCH at a time,
        as `_plan` does)."""
        head, rows = kept
        plan.reused = True
        plan.header_row = head["header_row"]
        plan.ignored_columns = head["ignored_columns"]
        self.labels = head["labels"]
        labels, fromisoformat = self.building_labels, datetime.date.fromisoformat
        # Each kept row: the row number, name, identity number and hash, phone and hash
        # (as `_keep` wrote them), then the building, unit, room and fields.
        for *person, building, unit, room, fields in rows:
            if fields.get("returned_on"):
                fields["returned_on"] = fromisoformat(fields["returned_on"])
            for key in SHARED_VALUES:
                if isinstance(fields.get(key), str):
                    fields[key] = intern(fields[key])
            plan.rows.append(
                PlannedRow(*person, building, labels[building], intern(unit), intern(room), fields)
            )
            if each is not None and len(plan.rows) >= BATCH:
                each(plan.rows)
                plan.rows = []
        if each is not None and plan.rows:
            each(plan.rows)
            plan.rows = []

    def forget(self) -> None:
        """Drop the kept rows (once committed they are history)."""
        if self.sha256 is not None:
            plans.discard(self.actor, self.area.pk, self.sha256)

    # --- reading and checking the file ---------------------------------------------------

    def _plan(self, plan: ImportPlan, source, each=None) -> None:
        """Read and check every row into `plan.rows` (or, with `each`, hand the checked
        rows to it BATCH at a time, and keep none)."""
        rows = iter_rows(source)
        head = []
        for item in rows:
            head.append(item)
            if len(head) >= 10:
                break
        header = find_header(head, COLUMNS)
        if header is None or "name" not in header.columns:
            plan.errors.append(
                RowError(
                    0,
                    "",
                    _(
                        "No header row was found: the first row must name the columns, "
                        "such as 姓名, 身份证号, 联系电话, 楼栋, 单元, 房号."
                    ),
                )
            )
            return
        self.header = header
        plan.header_row = header.row
        plan.ignored_columns = header.ignored
        for text in header.duplicates:
            plan.errors.append(
                RowError(header.row, text, _("Two columns mean the same thing; keep only one."))
            )
        for column in COLUMNS:
            if column.required and column.key not in header.columns:
                plan.errors.append(RowError(header.row, column.label, _("This column is missing.")))
        if plan.errors:
            return
        self.positions = {key: found[0] for key, found in header.columns.items()}
        # The row's cells in the order of COLUMNS, -1 (an empty cell added at the end of
        # each row) for the columns the sheet does not have.
        self.width = max(self.positions.values()) + 1
        self.cells = itemgetter(*(self.positions.get(key, -1) for key in ROW_CELLS))
        self.memo: dict = {}
        self.hash_identity, self.hash_phone = keyed_hasher(IDENTITY), keyed_hasher(MOBILE)
        self.today = timezone.localdate()
        seen: dict[str, int] = {}
        count = 0
        for number, values in _chain(head, rows):
            if number <= header.row:
                continue
            count += 1
            if count > MAX_ROWS:
                plan.rows = []
                plan.errors = [
                    RowError(
                        0,
                        "",
                        _("The sheet has more than %(limit)s rows; split it into several files.")
                        % {"limit": f"{MAX_ROWS:,}"},
                    )
                ]
                return
            self._plan_row(plan, number, values, seen)
            if len(plan.errors) > MAX_ERRORS:
                plan.too_many_errors = True
                plan.rows = []
                return
            if each is not None and len(plan.rows) >= BATCH:
                each(plan.rows)
                plan.rows = []
        if each is not None and plan.rows:
            each(plan.rows)
            plan.rows = []
        if count == 0:
            plan.errors.append(RowError(0, "", _("The sheet has no rows to import.")))

    def _check_registered(self, plan: ImportPlan) -> None:
        """What the database says of checked rows: registered people, new households."""
        plan.rows = self._match_registered(plan, plan.rows)
        plan.new_households = len(
            {
                (r.building_id, r.unit, r.room)
                for r in plan.rows
                if (r.building_id, r.unit, r.room) not in self.households
            }
        )
        if plan.new_households and not self.may_add_household:
            plan.errors.append(RowError(0, "", _("You may not register new households.")))

    def index(self, key: str) -> int | None:
        found = self.header.columns.get(key)
        return found[0] if found else None

    def label(self, key: str) -> str:
        """The column's header as the sheet writes it (kept with the checked rows)."""
        found = self.header.columns.get(key) if self.header else None
        if found:
            return found[1]
        return self.labels.get(key) or COLUMN_BY_KEY[key].label

    # --- look-ups: a few queries for the whole file ------------------------------------

    def _load_places(self) -> None:
        buildings = Region.objects.filter(
            level=RegionLevel.BUILDING, path__startswith=self.area.path
        )
        if self.actor is not None:
            buildings = buildings.visible_to(self.actor, "community.add_resident")
        self.by_building: dict[str, list] = {}
        self.by_compound_building: dict[tuple[str, str], list] = {}
        self.building_labels: dict[int, str] = {}
        found = list(buildings.values_list("pk", "name", "parent__name"))
        self.places = plans.places_fingerprint(found)
        for pk, name, compound in found:
            self.by_building.setdefault(building_key(name), []).append(pk)
            self.by_compound_building.setdefault(
                (compound_key(compound), building_key(name)), []
            ).append(pk)
            self.building_labels[pk] = f"{compound} {name}"
        self.households = {
            (b, u, r): pk
            for pk, b, u, r in Household.objects.filter(
                building_id__in=list(self.building_labels)
            ).values_list("pk", "building_id", "unit", "room")
        }

    def _match_registered(self, plan: ImportPlan, rows: list) -> list:
        """Rows whose person is registered already: an update in scope, else an error in
        `plan`. The rows without error come back."""
        hashes = _registered([r.id_hash for r in rows if r.id_hash])
        found: dict[str, dict] = {}
        names = ["pk", "id_number_hash", "household_id", "phone_hash", *UPDATABLE]
        for start in range(0, len(hashes), 5000):
            chunk = hashes[start : start + 5000]
            for values in Resident.objects.filter(id_number_hash__in=chunk).values(*names):
                found[values["id_number_hash"]] = values
        if not found:
            return rows
        if self.actor is None:
            changeable = {v["pk"] for v in found.values()}
        else:
            ids = [v["pk"] for v in found.values()]
            changeable = set()
            for start in range(0, len(ids), 5000):
                changeable |= set(
                    Resident.objects.visible_to(self.actor, "change")
                    .filter(pk__in=ids[start : start + 5000])
                    .values_list("pk", flat=True)
                )
        kept = []
        for row in rows:
            stored = found.get(row.id_hash) if row.id_hash else None
            if stored is None:
                kept.append(row)
                continue
            if stored["pk"] not in changeable or not self.may_change:
                plan.errors.append(
                    RowError(
                        row.row,
                        self.label("id_number"),
                        _("This person is registered in another area; ask its community."),
                        row.id_masked,
                    )
                )
                continue
            row.existing = stored["pk"]
            row.changes = []
            household = self.households.get((row.building_id, row.unit, row.room))
            if household != stored["household_id"]:
                row.changes.append("household")
            if row.phone and row.phone_hash != stored["phone_hash"]:
                row.changes.append("phone")
            for name, value in row.fields.items():
                if value is not None and stored.get(name) != value:
                    row.changes.append(name)
            kept.append(row)
        return kept

    # --- one row -------------------------------------------------------------------------

    def _plan_row(self, plan: ImportPlan, number: int, values: list, seen: dict) -> None:
        """Check one row: a PlannedRow in `plan.rows`, or its errors in `plan.errors`.
        Columns of few values (building, unit and room, words, dates) are read once per
        distinct value (`_memo`), the rest cell by cell."""
        errors = []

        def error(key, message, value=None):
            errors.append(RowError(number, self.label(key), str(message), clean_text(value)[:60]))

        if len(values) < self.width:
            values.extend([None] * (self.width - len(values)))
        values.append(None)  # the cell of every column the sheet does not have
        (
            raw_name,
            raw_id,
            raw_phone,
            compound,
            building,
            raw_unit,
            raw_room,
            raw_residency,
            raw_returned_on,
            raw_returned_from,
            raw_health,
            *flags,
            raw_vulnerable,
            raw_note,
        ) = self.cells(values)
        values.pop()

        name = clean_text(raw_name)
        if not name:
            if not any(v not in (None, "") for v in values):
                return
            error("name", _("The name is required."))
        elif len(name) > 50:
            error("name", _("The name is too long: at most 50 characters."), name)

        id_number = id_hash = ""
        if raw_id not in (None, ""):
            if isinstance(raw_id, float) or (isinstance(raw_id, int) and len(str(raw_id)) < 18):
                error(
                    "id_number",
                    _(
                        "Excel stored this identity number as a number and cut its last "
                        "digits: format the column as text and type the number again."
                    ),
                    raw_id,
                )
            else:
                id_number = normalise_identity_number(raw_id)
                try:
                    validate_identity_number(id_number)
                except ValidationError as exc:
                    error("id_number", exc.messages[0], raw_id)
                else:
                    id_hash = self.hash_identity(id_number)  # normalised already
        phone = phone_hash = ""
        if raw_phone not in (None, ""):
            phone = normalise_mobile(str(raw_phone))
            if len(phone) != 11 or not phone.isdigit() or phone[0] != "1" or phone[1] in "012":
                error(
                    "phone",
                    _("Enter a mainland mobile number of 11 digits, starting with 1."),
                    raw_phone,
                )
            else:
                phone_hash = self.hash_phone(phone)  # normalised already

        building_id, problem = self._memo(self._building, compound, building)
        if problem:
            error("building", *problem)
        unit, room, problem = self._memo(self._room, raw_unit, raw_room)
        if problem:
            error("room", *problem)

        fields = {"name": name}
        if raw_residency not in (None, ""):
            fields["residency"] = self._memo(_residency, raw_residency)
            if fields["residency"] is None:
                error("residency", _("Write 常住 (permanent) or 租户 (tenant)."), raw_residency)
        if raw_health not in (None, ""):
            fields["health_status"] = self._memo(_health, raw_health)
            if fields["health_status"] is None:
                error(
                    "health_status",
                    _("Unknown health status; write 健康, 发热, 医学观察, 住院 or 康复."),
                    raw_health,
                )
        if raw_returned_on not in (None, ""):
            returned, problem = self._memo(self._date, raw_returned_on)
            if problem:
                error("returned_on", problem, raw_returned_on)
            if returned is not None:
                fields["returned_on"] = returned
        returned_from = clean_text(raw_returned_from)
        if returned_from:
            if len(returned_from) > 100:
                error("returned_from", _("At most 100 characters."), returned_from)
            fields["returned_from"] = returned_from[:100]
        for key, raw in zip(FLAG_KEYS, flags, strict=True):
            if raw in (None, ""):
                continue
            try:
                fields[key] = parse_bool(raw)
            except CellError as exc:
                error(key, str(exc), raw)
        text = clean_text(raw_vulnerable)
        if text:
            rest = text
            for word, flag in VULNERABLE_WORDS:
                if word in text:
                    fields[flag] = True
                    rest = rest.replace(word, "")
            if rest.strip(" ,，、;；/") and rest.strip(" ,，、;；/") not in ("无", "否"):
                fields["vulnerable_note"] = text[:200]
        note = clean_text(raw_note)
        if note:
            fields["note"] = note[:300]
        if errors:
            plan.errors.extend(errors)
            return
        if id_hash:
            first = seen.get(id_hash)
            if first is not None:
                error(
                    "id_number",
                    _("The same identity number is already in row %(row)d.") % {"row": first},
                    mask_identity_number(id_number),
                )
                plan.errors.extend(errors)
                return
            seen[id_hash] = number
        plan.rows.append(
            PlannedRow(
                row=number,
                name=name,
                id_number=id_number,
                id_hash=id_hash or None,
                phone=phone,
                phone_hash=phone_hash or None,
                building_id=building_id,
                building_label=self.building_labels[building_id],
                unit=unit,
                room=room,
                fields=fields,
            )
        )

    def _memo(self, function, *args):
        """`function(*args)` once per distinct cell values (and their types: 1 and True
        are equal keys but different cells); at most MEMO values are kept."""
        key = (function, *args, *map(type, args))
        found = self.memo.get(key, self.memo)
        if found is self.memo:
            if len(self.memo) >= MEMO:
                self.memo.clear()
            found = self.memo[key] = function(*args)
        return found

    def _building(self, compound, building) -> tuple[int | None, tuple]:
        """(building id, ()) or (None, (message, value)) for the row's 楼栋 and 小区."""
        key = building_key(building)
        if not key:
            return None, (_("The building is required."),)
        if compound not in (None, ""):
            found = self.by_compound_building.get((compound_key(compound), key), [])
            if not found:
                return None, (
                    _("No such building in %(compound)s within %(area)s.")
                    % {"compound": clean_text(compound), "area": self.area.name},
                    building,
                )
        else:
            found = self.by_building.get(key, [])
            if not found:
                return None, (
                    _("Unknown building within %(area)s.") % {"area": self.area.name},
                    building,
                )
        if len(found) > 1:
            return None, (
                _("Several compounds have this building; fill in the 小区 column."),
                building,
            )
        return found[0], ()

    def _room(self, raw_unit, raw_room) -> tuple[str, str, tuple]:
        """(unit, room, ()) or with (message[, value]) when they are wrong; one string
        per distinct unit and room (a few hundred in 100,000 rows)."""
        unit = intern(unit_key(raw_unit)) if raw_unit not in (None, "") else ""
        room = intern(room_key(raw_room))
        if not room:
            return unit, room, (_("The room number is required."),)
        if len(room) > 16 or len(unit) > 16:
            return unit, room, (_("The room or unit is too long: at most 16 characters."), room)
        return unit, room, ()

    def _date(self, raw) -> tuple[datetime.date | None, str]:
        """(the return date or None, "" or the message)."""
        try:
            returned = parse_date(raw)
        except CellError as exc:
            return None, str(exc)
        if returned > self.today or returned < datetime.date(2000, 1, 1):
            return returned, _("This date is not possible.")
        return returned, ""

    # --- writing ---------------------------------------------------------------------------

    def _stream(self, plan: ImportPlan, source, filename: str, kept=None) -> None:
        """The commit: the rows (read and checked from the file, or `kept` by the
        preview) taken BATCH at a time, each batch looked up and written while the next
        is taken, in one transaction; rolled back at the end if any row has an error.
        `plan.record` is set once written; the rows are counted (`plan.tally`), not
        kept."""
        connection = connections[router.db_for_write(Resident)]
        plan.tally = {"create": 0, "update": 0, "unchanged": 0, "households": 0, "rows": 0}
        try:
            with transaction.atomic(), _constraints_per_statement():
                record = self._record(filename)
                batch = _Batches(self, plan, self._audit(record, filename))
                with Writer(connection) as writer:
                    batch.audit.writer = batch.writer = writer
                    if kept is None:
                        self._plan(plan, source, each=batch.write)
                    else:
                        self._restore(plan, kept, each=batch.write)
                    batch.finish()
                    batch.audit.flush()
                    batch.audit.writer = None
                if plan.errors:
                    plan.errors.sort(key=lambda error: error.row)  # as the sheet reads
                    raise _Refused
                for start in range(0, len(batch.updates), BATCH):
                    self._update_residents(batch.updates[start : start + BATCH], batch.audit)
                batch.audit.flush()
                self._record_counts(record, plan, filename)
        except _Refused:
            plan.rows = []
            return
        plan.record = record

    def _audit(self, record: SurveyImport, filename: str) -> ChangeLogRows:
        message = _("Imported from %(file)s (import %(number)d)") % {
            "file": filename or _("an Excel file"),
            "number": record.pk,
        }
        return ChangeLogRows(self.actor, message, models=(Household, Resident), batch=BATCH)

    def _record(self, filename: str) -> SurveyImport:
        """The import's own record (who imported which file into which area, when),
        written first: every record's change-log entry names it."""
        actor = self.actor
        return SurveyImport.objects.create(
            area=self.area,
            actor=actor if actor is not None and actor.is_authenticated else None,
            actor_name=(actor.get_full_name() or actor.get_username()) if actor else "system",
            filename=filename[:255],
            sha256=self.sha256 or "",
            rows=0,
            created=0,
            updated=0,
            unchanged=0,
            households=0,
        )

    def _record_counts(self, record: SurveyImport, plan: ImportPlan, filename: str) -> None:
        """The record's counts, once written, and its change-log entry: how many rows and
        what they did."""
        actor, counts = self.actor, plan.counts
        record.rows = counts["rows"]
        record.created = counts["create"]
        record.updated = counts["update"]
        record.unchanged = counts["unchanged"]
        record.households = counts["households"]
        record.save(update_fields=["rows", "created", "updated", "unchanged", "households"])
        record_change(
            actor=actor,
            instance=record,
            action=ChangeAction.CREATE,
            message=_(
                "Imported %(file)s into %(area)s: %(rows)d rows, %(create)d residents "
                "registered, %(update)d updated, %(unchanged)d unchanged, %(households)d new "
                "households."
            )
            % {**counts, "file": filename or _("an Excel file"), "area": self.area.name},
        )

    def _create_households(self, keys: list, pks: list, audit, inserter, writer) -> None:
        if not keys:
            return
        writer.put(
            inserter.insert,
            [inserter.row({"building_id": b, "unit": u, "room": r}) for b, u, r in keys],
            pks,
        )
        labelled = _("unit %(unit)s room %(room)s")
        for (building, unit, room), pk in zip(keys, pks, strict=True):
            self.households[(building, unit, room)] = pk
            label = labelled % {"unit": unit, "room": room} if unit else room
            audit.created(
                Household,
                pk,
                f"{self.building_labels[building]} {label}",
                building,
                {"building": building, "unit": unit, "room": room},
            )

    def _create_residents(self, rows: list, pks: list, audit, inserter, template, writer):
        """The batch's values encrypted, each hash computed once (by the plan),
        sex and birth year from the identity number; plain values (no choice enums) for
        the database driver."""
        households = self.households
        numbers = iter(encrypt_many([row.id_number for row in rows if row.id_number]))
        phones = iter(encrypt_many([row.phone for row in rows if row.phone]))
        # The row is the template with the row's columns set by position (Inserter.row
        # without a dict per row); the change log's "after" is made alongside.
        at, adapters = inserter.position, inserter.adapters
        at_household, at_number, at_number_hash, at_sex, at_birth, at_phone, at_phone_hash = (
            at[name]
            for name in (
                "household_id",
                "id_number",
                "id_number_hash",
                "sex",
                "birth_year",
                "phone",
                "phone_hash",
            )
        )
        values, logged = [], []
        for row in rows:
            columns = template.copy()
            after = {}
            for name, value in row.fields.items():
                adapter = adapters.get(name)
                columns[at[name]] = value if adapter is None else adapter(value)
                after[name] = _plain(value)
            household = households[(row.building_id, row.unit, row.room)]
            columns[at_household] = after["household"] = household
            if row.id_number:
                columns[at_number] = next(numbers)
                columns[at_number_hash] = row.id_hash
                columns[at_sex] = MALE if int(row.id_number[16]) % 2 else FEMALE
                columns[at_birth] = int(row.id_number[6:10])
                after["id_number"] = row.id_masked
            if row.phone:
                columns[at_phone] = next(phones)
                columns[at_phone_hash] = row.phone_hash
                after["phone"] = row.phone_masked
            values.append(tuple(columns))
            logged.append(after)
        writer.put(inserter.insert, values, pks)
        for row, pk, after in zip(rows, pks, logged, strict=True):
            audit.created(Resident, pk, row.name, row.building_id, after, row.row)

    def _update_residents(self, rows: list, audit) -> None:
        by_pk = {r.existing: r for r in rows}
        residents = list(Resident.objects.filter(pk__in=list(by_pk)))
        changed_fields = set()
        now = timezone.now()
        for resident in residents:
            row = by_pk[resident.pk]
            before, after = {}, {}
            for name in row.changes:
                if name == "household":
                    value = self.households[(row.building_id, row.unit, row.room)]
                    before[name], after[name] = resident.household_id, value
                    resident.household_id = value
                    changed_fields.add("household")
                elif name == "phone":
                    before[name] = resident.phone.masked if resident.phone else ""
                    resident.phone = row.phone
                    after[name] = row.phone_masked
                    changed_fields.update(("phone", "phone_hash"))
                else:
                    before[name] = _plain(getattr(resident, name))
                    setattr(resident, name, row.fields[name])
                    after[name] = _plain(row.fields[name])
                    changed_fields.add(name)
            resident.version += 1
            resident.updated_at = now
            audit.updated(Resident, resident.pk, row.name, row.building_id, before, after, row.row)
        if residents:
            fields = [*sorted(changed_fields), "version", "updated_at"]
            Resident.objects.bulk_update(residents, fields)


@contextmanager
def _collector_paused():
    """Python's cyclic garbage collector paused for the block (process-wide), as it was
    afterwards. An import makes a few million short-lived containers (rows, dicts,
    tuples) and no reference cycles: reference counting frees them, and the collector
    only walked them, and every other object of the process at each full pass (0.9 s
    of a 100,000-row commit, 8 full passes). Cycles other threads make meanwhile are
    collected after the block."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


@contextmanager
def _constraints_per_statement():
    """PostgreSQL: check each statement's foreign keys when it ends, not all of them at
    COMMIT (Django declares them DEFERRABLE INITIALLY DEFERRED): with the rows sent by a
    second thread, the checks of one batch run while the next is prepared instead of all
    after the last. The same checks in the same all-or-nothing transaction; deferred
    again afterwards (no constraint here is declared otherwise), for whatever an
    enclosing transaction does next."""
    connection = connections[router.db_for_write(Resident)]
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _registered(hashes: list[str]) -> list[str]:
    """Which of these identity hashes are registered. The values go to the database as
    they are (the ORM would prepare each of 100,000 parameters one by one): one array on
    PostgreSQL, 5,000 at a time on SQLite; the unique index answers each."""
    connection = connections[router.db_for_read(Resident)]
    quote = connection.ops.quote_name
    table = quote(Resident._meta.db_table)
    column = quote(Resident._meta.get_field("id_number_hash").column)
    found = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            if hashes:
                cursor.execute(f"SELECT {column} FROM {table} WHERE {column} = ANY(%s)", [hashes])  # noqa: S608
                found = [value for (value,) in cursor.fetchall()]
            return found
        for start in range(0, len(hashes), 5000):
            chunk = hashes[start : start + 5000]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"SELECT {column} FROM {table} WHERE {column} IN ({marks})", chunk)  # noqa: S608
            found.extend(value for (value,) in cursor.fetchall())
    return found


class _Refused(Exception):
    """A row has an error: the transaction is rolled back, the errors are the answer."""


class _Batches:
    """The checked rows of a commit in one pass, written BATCH at a time (`write`, called
    by `ResidentImport._plan`, then `finish`): who is registered looked up, the new
    households and the residents inserted with their change-log rows, the updates kept
    for the end. After the first error in the file, batches are only looked up (their
    errors listed), not written.

    A pipeline around the writer thread: the look-up of a batch (and its keys) is
    handed to the thread ahead of the inserts of the batch before it, which are made
    and put meanwhile; its answer is taken when the next batch comes. So this thread
    checks, encrypts and formats while the other one (and the database) inserts. A
    room is new once: the look-ups, one after the other in the writer thread, count
    the new rooms (`new_rooms`) before this thread registers their households."""

    def __init__(self, importer: ResidentImport, plan: ImportPlan, audit: ChangeLogRows):
        self.importer, self.plan, self.audit = importer, plan, audit
        self.households = Inserter(Household, now=audit.now)
        self.residents = Inserter(Resident, now=audit.now)
        self.template = self.residents.template_with({"source": ResidentSource.IMPORT.value})
        self.updates: list[PlannedRow] = []
        self.new_rooms: set[tuple] = set()  # counted when nothing is written any more
        self.writer: Writer | None = None
        self.found: Future | None = None  # the look-up of the batch waiting to be written

    def write(self, rows: list) -> None:
        found = self.found
        self.found = self.writer.call(self._look_up, rows)
        self._write_found(found)

    def finish(self) -> None:
        found, self.found = self.found, None
        self._write_found(found)

    def _look_up(self, rows: list) -> tuple | None:
        """On the connection (the writer thread): who is registered, the new rooms, the
        keys of the rows to insert; None when nothing is written any more."""
        importer, plan, tally = self.importer, self.plan, self.plan.tally
        rows = importer._match_registered(plan, rows)
        tally["rows"] += len(rows)
        rooms = {}
        creates = []
        for row in rows:
            key = (row.building_id, row.unit, row.room)
            if key not in importer.households and key not in self.new_rooms:
                rooms[key] = None
            if row.existing is None:
                creates.append(row)
            elif row.changes:
                self.updates.append(row)
            tally[row.action] += 1
        if rooms and not importer.may_add_household and not self.new_rooms:
            plan.errors.append(RowError(0, "", _("You may not register new households.")))
        self.new_rooms.update(rooms)
        tally["households"] = len(self.new_rooms)
        if plan.errors:
            return None
        rooms = list(rooms)
        return (
            rooms,
            self.households.reserve_keys(len(rooms)),
            creates,
            self.residents.reserve_keys(len(creates)),
        )

    def _write_found(self, found: Future | None) -> None:
        """The batch whose look-up is `found`, encrypted, formatted and put."""
        if found is None:
            return
        found = found.result()
        if found is None or self.plan.errors:
            return
        rooms, room_keys, creates, keys = found
        importer, writer = self.importer, self.writer
        importer._create_households(rooms, room_keys, self.audit, self.households, writer)
        importer._create_residents(creates, keys, self.audit, self.residents, self.template, writer)


def _residency(raw) -> str | None:
    return word_choice(RESIDENCY_WORDS, raw)


def _health(raw) -> str | None:
    return word_choice(HEALTH_WORDS, raw)


def _plain(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _chain(head, rows):
    yield from head
    yield from rows


__all__ = [
    "COLUMNS",
    "IMPORT_PERMISSION",
    "MAX_BYTES",
    "MAX_ROWS",
    "ImportPlan",
    "PlannedRow",
    "RowError",
    "commit_import",
    "import_areas",
    "plan_import",
]
