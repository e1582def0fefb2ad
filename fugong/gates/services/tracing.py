"""Contact tracing (密接排查): everyone who passed the same gates as a person within ±N
minutes over the last D days, or around one passage. Only holders of
`gates.trace_passage` may run it, within their scope; every run is recorded (TracingRun
and the change log): who asked, about whom, with which window, how many were found.

The query walks the (gate, time) index: the subject's passages (read within the actor's
scope, through the (resident, time) index) give a few windows per gate, merged where they
overlap, and one query fetches every passage in those windows — one index range scan per
window. The windows are at the subject's own visible gates, so that query needs no scope
joins of its own: a passage is in scope exactly when its gate is (`Passage.scope` is the
gate's compound), and the planner is left nothing to choose but the (gate, time) ranges."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from fugong.audit.choices import ChangeAction
from fugong.audit.services import record_change
from fugong.common.errors import Forbidden, FugongError, NotFound
from fugong.common.pii.display import can_view_full_personal_data
from fugong.community.models import Resident
from fugong.gates.choices import CaseStatus
from fugong.gates.models import ContactTracingCase, Passage, TracingRun

TRACE = "gates.trace_passage"
MAX_MINUTES = 240
MAX_SUBJECT_PASSAGES = 2000


def retention_days() -> int:
    return int(getattr(settings, "GATES_RETENTION_DAYS", 28))


@dataclass
class Contact:
    key: str
    name: str
    resident_id: int | None = None
    phone: str = ""
    address: str = ""
    encounters: int = 0
    first_at: datetime.datetime | None = None
    last_at: datetime.datetime | None = None
    gates: set = field(default_factory=set)
    fever: bool = False
    passage_ids: list = field(default_factory=list)


@dataclass
class TraceResult:
    subject_label: str
    subject_passages: list
    contacts: list[Contact]
    minutes: int
    days: int
    run: TracingRun | None = None
    community_id: int | None = None
    subject_resident_id: int | None = None


def _check_window(minutes, days) -> tuple[int, int]:
    errors = {}
    try:
        minutes = int(minutes)
    except (TypeError, ValueError):
        minutes = -1
    try:
        days = int(days)
    except (TypeError, ValueError):
        days = -1
    if not 1 <= minutes <= MAX_MINUTES:
        errors["minutes"] = _("Minutes must be between 1 and %(n)s.") % {"n": MAX_MINUTES}
    if not 1 <= days <= retention_days():
        errors["days"] = _("Days must be between 1 and %(n)s (records older are purged).") % {
            "n": retention_days()
        }
    if errors:
        raise FugongError(next(iter(errors.values())), code="invalid", fields=errors)
    return minutes, days


def _windows(passages, minutes: int) -> Q | None:
    """One Q of (gate, time range) windows, merged per gate where they overlap."""
    delta = datetime.timedelta(minutes=minutes)
    per_gate: dict[int, list] = defaultdict(list)
    for gate_id, at, *_name in sorted(passages, key=lambda p: (p[0], p[1])):
        spans = per_gate[gate_id]
        if spans and at - delta <= spans[-1][1]:
            spans[-1][1] = at + delta
        else:
            spans.append([at - delta, at + delta])
    q = None
    for gate_id, spans in per_gate.items():
        for start, end in spans:
            term = Q(checkpoint_id=gate_id, at__gte=start, at__lte=end)
            q = term if q is None else q | term
    return q


def contact_trace(
    *, actor, resident_id=None, passage_id=None, minutes=15, days=14, now=None
) -> TraceResult:
    """Run the trace for a resident (their passages over `days`) or for one passage."""
    if not (actor and actor.is_authenticated and actor.has_perm(TRACE)):
        raise Forbidden()
    minutes, days = _check_window(minutes, days)
    now = now or timezone.now()
    passages = Passage.objects.visible_to(actor, TRACE)
    subject_passage = None
    if passage_id:
        subject_passage = (
            passages.select_related("resident", "checkpoint__compound")
            .filter(pk=passage_id)
            .first()
        )
        if subject_passage is None or subject_passage.anonymised_at is not None:
            raise NotFound()
        resident_id = subject_passage.resident_id
        own = [(subject_passage.checkpoint_id, subject_passage.at, subject_passage.checkpoint.name)]
        label = subject_passage.person_label
        community_id = subject_passage.checkpoint.compound.parent_id
        exclude = (
            Q(resident_id=resident_id)
            if resident_id
            else (
                Q(visitor_phone_hash=subject_passage.visitor_phone_hash)
                if subject_passage.visitor_phone_hash
                else Q(pk=subject_passage.pk)
            )
        )
    elif resident_id:
        resident = (
            Resident.objects.visible_to(actor, TRACE)
            .filter(pk=resident_id)
            .order_by()
            .values_list("name", "household__building__parent__parent_id")
            .first()
        )
        if resident is None:
            raise NotFound()
        since = now - datetime.timedelta(days=days)
        own = list(
            passages.filter(resident_id=resident_id, at__gte=since, at__lte=now)
            .order_by("-at")
            .values_list("checkpoint_id", "at", "checkpoint__name")[:MAX_SUBJECT_PASSAGES]
        )
        label, community_id = resident
        exclude = Q(resident_id=resident_id)
    else:
        raise FugongError(_("Choose a person or a passage to trace."), code="invalid")

    contacts: dict[str, Contact] = {}
    q = _windows(own, minutes)
    if q is not None:
        # Unscoped on purpose: every window is at a gate of a passage read within scope.
        rows = (
            Passage.objects.filter(q)
            .filter(anonymised_at__isnull=True)
            .exclude(exclude)
            .order_by()  # grouped in Python: no sort
            .values_list(
                "pk",
                "resident_id",
                "visitor_name",
                "visitor_phone_hash",
                "checkpoint_id",
                "at",
                "fever",
            )
        )
        for pk, rid, vname, vhash, gate_id, at, fever in rows:
            key = f"r{rid}" if rid else f"p{vhash}" if vhash else f"v{pk}"
            contact = contacts.get(key)
            if contact is None:
                contact = contacts[key] = Contact(key=key, name=vname, resident_id=rid)
            contact.encounters += 1
            contact.first_at = min(contact.first_at or at, at)
            contact.last_at = max(contact.last_at or at, at)
            contact.gates.add(gate_id)
            contact.fever = contact.fever or fever
            contact.passage_ids.append(pk)
    # Every contact passed one of the subject's gates: their names came with `own`.
    _describe(actor, contacts, gate_names={gate_id: name for gate_id, _at, name in own})
    result = TraceResult(
        subject_label=label,
        subject_passages=own,
        contacts=sorted(contacts.values(), key=lambda c: (-c.encounters, c.name)),
        minutes=minutes,
        days=days,
        community_id=community_id,
        subject_resident_id=resident_id,
    )
    result.run = _record_run(actor, result, subject_passage)
    return result


def _describe(actor, contacts: dict[str, Contact], *, gate_names: dict[int, str]) -> None:
    """Names, rooms and (masked unless the viewer may see them) phones, in one or two queries, as
    plain rows: no model instances for a hundred contacts, no identity numbers decrypted,
    the viewer's permission asked once."""
    from fugong.community.models import Household

    full = can_view_full_personal_data(actor)

    def phone_text(value) -> str:  # personal_display's rule, for this one viewer
        if not value:
            return ""
        return str(value.full) if full else value.masked

    ids = [c.resident_id for c in contacts.values() if c.resident_id]
    residents = {
        row[0]: row
        for row in Resident.objects.filter(pk__in=ids)
        .order_by()
        .values_list(
            "pk", "name", "phone", "household__unit", "household__room", "household__building__name"
        )
    }
    visitor_ids = [c.passage_ids[0] for c in contacts.values() if not c.resident_id]
    visitors = (
        dict(
            Passage.objects.filter(pk__in=visitor_ids).order_by().values_list("pk", "visitor_phone")
        )
        if visitor_ids
        else {}
    )
    visitor_label = str(_("visitor"))
    for contact in contacts.values():
        row = residents.get(contact.resident_id) if contact.resident_id else None
        if row is not None:
            _pk, name, phone, unit, room, building = row
            contact.name = name
            # Household.__str__ without the instances: "<building> <unit and room>".
            label = Household(unit=unit, room=room).label
            contact.address = f"{building} {label}" if building else label
            contact.phone = phone_text(phone)
        else:
            contact.phone = phone_text(visitors.get(contact.passage_ids[0]))
            contact.address = visitor_label
        contact.gates = sorted(gate_names.get(g, "") for g in contact.gates)


def _record_run(actor, result: TraceResult, subject_passage) -> TracingRun:
    # One transaction for both rows: one commit (one fsync) per run, not two.
    with transaction.atomic():
        return _record_run_rows(actor, result, subject_passage)


def _record_run_rows(actor, result: TraceResult, subject_passage) -> TracingRun:
    run = TracingRun.objects.create(
        community_id=result.community_id,
        run_by=actor,
        subject_label=result.subject_label[:80],
        subject_resident_id=result.subject_resident_id,
        subject_passage=subject_passage,
        minutes=result.minutes,
        days=result.days,
        found=len(result.contacts),
    )
    record_change(
        actor=actor,
        instance=run,
        action=ChangeAction.VIEW_PERSONAL,
        message=_("Contact tracing of %(who)s: ±%(m)s min over %(d)s days, %(n)s found")
        % {"who": run.subject_label, "m": run.minutes, "d": run.days, "n": run.found},
    )
    return run


def tracing_export_recorded(*, actor, run: TracingRun) -> None:
    TracingRun.objects.filter(pk=run.pk).update(exported=True)
    record_change(
        actor=actor, instance=run, action=ChangeAction.EXPORT, message="contact tracing xlsx"
    )


# --- cases -------------------------------------------------------------------------------------


def case_open(
    *, actor, resident_id=None, passage_id=None, minutes=15, days=14, reason: str
) -> ContactTracingCase:
    """Open a case on a person: the trace is run again (and recorded), and every passage of
    the subject and of the contacts found is held against the retention purge."""
    if not actor.has_perm("gates.add_contacttracingcase"):
        raise Forbidden()
    reason = (reason or "").strip()
    if not reason:
        message = _("Say why the case is opened.")
        raise FugongError(message, code="required", fields={"reason": message})
    result = contact_trace(
        actor=actor, resident_id=resident_id, passage_id=passage_id, minutes=minutes, days=days
    )
    held = [pk for contact in result.contacts for pk in contact.passage_ids]
    subject_q = (
        Q(resident_id=result.subject_resident_id)
        if result.subject_resident_id
        else Q(pk=passage_id)
    )
    since = timezone.now() - datetime.timedelta(days=result.days)
    held += list(Passage.objects.filter(subject_q, at__gte=since).values_list("pk", flat=True))
    with transaction.atomic():
        case = ContactTracingCase.objects.create(
            community_id=result.community_id,
            subject_label=result.subject_label[:80],
            subject_resident_id=result.subject_resident_id,
            reason=reason,
            minutes=result.minutes,
            days=result.days,
            opened_by=actor,
        )
        case.passages.add(*set(held))
        record_change(actor=actor, instance=case, action=ChangeAction.CREATE)
    return case


def case_close(*, actor, case: ContactTracingCase, note: str = "", expected_version=None):
    from fugong.common.services import update_object

    if case.status != CaseStatus.OPEN:
        raise FugongError(_("The case is closed already."), code="closed")
    return update_object(
        actor=actor,
        instance=case,
        data={
            "status": CaseStatus.CLOSED,
            "closed_by": actor,
            "closed_at": timezone.now(),
            "close_note": (note or "").strip()[:300],
        },
        expected_version=expected_version,
        message=_("Case closed: its records may now be purged."),
    )
