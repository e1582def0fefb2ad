"""Every write and transition of a coordination ticket (协调事项), one function each.

open → in progress → resolved → confirmed (rated), or resolved → reopened → in progress…
Each runs in one transaction: fetch within the actor's scope (404 otherwise), guard the
state, a conditional write on status and version (of two concurrent transitions one wins,
the other gets Conflict), the audit row, the timeline row, notifications on commit.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fugong.audit.choices import ChangeAction
from fugong.audit.services import record_change, snapshot
from fugong.common.errors import Forbidden, FugongError, NotFound
from fugong.common.scoping import ensure_visible, user_can
from fugong.construction.choices import ProjectStatus
from fugong.construction.models import Project
from fugong.coordination.choices import TicketCategory, TicketEventKind, TicketStatus
from fugong.coordination.models import Ticket, TicketEvent
from fugong.coordination.models.tickets import (
    HANDLE_PERMISSION,
    OPEN_STATUSES,
    ROUTED_PERMISSION,
)
from fugong.coordination.services.base import (
    acts_for,
    members,
    notify_on_commit,
    party_enterprise,
    require_text,
    transition,
)
from fugong.coordination.services.routes import deadline_of, ticket_destination

ADD_TICKET = "coordination.add_ticket"
CONFIRM_TICKET = "coordination.confirm_ticket"
TITLE_MAX = 120
DESCRIPTION_MAX = 2000
COMMENT_MAX = 500


def may_handle(user) -> bool:
    return bool(
        user
        and user.is_authenticated
        and (user.has_perm(HANDLE_PERMISSION) or user.has_perm(ROUTED_PERMISSION))
    )


def may_view(user) -> bool:
    return user_can(user, Ticket, "view") or may_handle(user)


def _fetch(actor, pk, action: str, *, lock: bool = True) -> Ticket:
    qs = Ticket.objects.all()
    if actor is not None:
        allowed = (
            may_handle(actor) if action == HANDLE_PERMISSION else user_can(actor, Ticket, action)
        )
        if not allowed:
            raise Forbidden()
        qs = Ticket.objects.visible_to(actor, action)
    if lock:
        qs = qs.select_for_update(of=("self",))
    try:
        return qs.select_related("project", "enterprise", "department", "route").get(pk=pk)
    except (Ticket.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def _event(ticket, actor, kind, message="") -> None:
    TicketEvent.objects.create(
        ticket=ticket,
        actor=actor if actor is not None and actor.is_authenticated else None,
        kind=kind,
        message=str(message or "")[:500],
    )


def _audit(actor, ticket, before, message="") -> None:
    record_change(
        actor=actor, instance=ticket, action=ChangeAction.UPDATE, before=before, message=message
    )


def _enterprise_side(ticket):
    return [ticket.raised_by, *members(ticket.enterprise)]


def _department_side(ticket):
    return [*members(ticket.department), ticket.assignee]


def _notify(ticket, recipients, kind: str, title: str, body: str = "") -> None:
    notify_on_commit(
        recipients=recipients,
        kind=f"ticket_{kind}",
        title=title,
        body=body,
        link=ticket.get_absolute_url(),
        key=f"ticket-{ticket.pk}-{kind}-{ticket.version}",
    )


# --- raising ------------------------------------------------------------------------------


def ticket_raise(
    *,
    actor,
    project: Project,
    category: str,
    title: str,
    description: str = "",
    submission_key: str = "",
) -> Ticket:
    """An enterprise user raises a problem for one of their projects; it is routed to a
    department by category and due by the category's deadline."""
    if actor is None:
        raise ValueError("a ticket is raised by a person")
    if not user_can(actor, Ticket, "add"):
        raise Forbidden()
    errors = {}
    found = (
        Project.objects.visible_to(actor, ADD_TICKET)
        .select_related("region", "builder", "contractor", "supervisor")
        .filter(pk=getattr(project, "pk", project))
        .first()
    )
    if found is None:
        errors["project"] = _("Choose one of your enterprise's projects.")
    elif found.archived_at is not None or found.status == ProjectStatus.COMPLETED:
        errors["project"] = _("This project is completed or archived.")
    if category not in TicketCategory.values:
        errors["category"] = _("Choose a category.")
    title = (title or "").strip()
    if not title:
        errors["title"] = _("Say in a few words what the problem is.")
    elif len(title) > TITLE_MAX:
        errors["title"] = _("At most %(n)d characters.") % {"n": TITLE_MAX}
    description = (description or "").strip()
    if len(description) > DESCRIPTION_MAX:
        errors["description"] = _("At most %(n)d characters.") % {"n": DESCRIPTION_MAX}
    if errors:
        raise FugongError(_("The problem was not submitted."), fields=errors, code="invalid")
    enterprise = party_enterprise(actor, found, ADD_TICKET)
    department, route, due_at = ticket_destination(found, category)
    ticket = Ticket(
        project=found,
        enterprise=enterprise,
        category=category,
        title=title,
        description=description,
        raised_by=actor,
        department=department,
        route=route,
        due_at=due_at,
        submission_key=(submission_key or "")[:40],
    )
    try:
        with transaction.atomic():
            ticket.save()
            ensure_visible(actor, ticket, "view")
            record_change(actor=actor, instance=ticket, action=ChangeAction.CREATE)
            _event(ticket, actor, TicketEventKind.RAISED, title)
            _event(
                ticket,
                actor,
                TicketEventKind.ROUTED,
                _("To %(department)s, due %(due)s")
                % {
                    "department": department,
                    "due": timezone.localtime(due_at).strftime("%Y-%m-%d %H:%M"),
                },
            )
            _notify(
                ticket,
                _department_side(ticket),
                "raised",
                _("New problem from %(enterprise)s: %(title)s")
                % {"enterprise": enterprise, "title": title},
                _("%(project)s · %(category)s")
                % {"project": found.name, "category": ticket.get_category_display()},
            )
    except IntegrityError:
        raise FugongError(
            _("This problem was already submitted; look for it in your list."),
            code="duplicate",
        ) from None
    return ticket


# --- the department's side ------------------------------------------------------------------


def ticket_assign(*, actor, ticket: Ticket, assignee, expected_version=None) -> Ticket:
    """Give the ticket to an officer of the receiving department."""
    with transaction.atomic():
        current = _fetch(actor, ticket.pk, HANDLE_PERMISSION)
        if (
            assignee is None
            or not assignee.is_active
            or assignee.organisation_id != current.department_id
        ):
            raise FugongError(
                _("Assign it to an officer of %(department)s.")
                % {"department": current.department},
                fields={"assignee": _("Not an officer of the receiving department.")},
                code="invalid_assignee",
            )
        before = snapshot(current)
        transition(
            current, allowed=OPEN_STATUSES, expected_version=expected_version, assignee=assignee
        )
        _audit(actor, current, before)
        _event(current, actor, TicketEventKind.ASSIGNED, str(assignee.full_name or assignee))
        _notify(
            current,
            [assignee],
            "assigned",
            _("Assigned to you: %(title)s") % {"title": current.title},
            _("Due %(due)s")
            % {"due": timezone.localtime(current.due_at).strftime("%Y-%m-%d %H:%M")},
        )
    return current


def ticket_start(*, actor, ticket: Ticket, expected_version=None) -> Ticket:
    """Work begins: open or reopened → in progress (an officer of the department who starts
    an unassigned ticket takes it)."""
    with transaction.atomic():
        current = _fetch(actor, ticket.pk, HANDLE_PERMISSION)
        before = snapshot(current)
        changes = {}
        if (
            current.assignee_id is None
            and actor is not None
            and (actor.organisation_id == current.department_id)
        ):
            changes["assignee"] = actor
        transition(
            current,
            allowed=(TicketStatus.OPEN, TicketStatus.REOPENED),
            to_status=TicketStatus.IN_PROGRESS,
            expected_version=expected_version,
            **changes,
        )
        _audit(actor, current, before)
        _event(current, actor, TicketEventKind.STARTED)
        _notify(
            current,
            _enterprise_side(current),
            "started",
            _("%(department)s is working on: %(title)s")
            % {"department": current.department, "title": current.title},
        )
    return current


def ticket_resolve(*, actor, ticket: Ticket, resolution: str, expected_version=None) -> Ticket:
    """The department says what it did: in progress → resolved; the enterprise confirms."""
    resolution = require_text(
        resolution, "resolution", _("Say how the problem was solved (at least 5 characters).")
    )
    with transaction.atomic():
        current = _fetch(actor, ticket.pk, HANDLE_PERMISSION)
        before = snapshot(current)
        transition(
            current,
            allowed=(TicketStatus.IN_PROGRESS,),
            to_status=TicketStatus.RESOLVED,
            expected_version=expected_version,
            resolution=resolution[:DESCRIPTION_MAX],
            resolved_at=timezone.now(),
            resolved_by=actor,
        )
        _audit(actor, current, before)
        _event(current, actor, TicketEventKind.RESOLVED, resolution)
        _notify(
            current,
            _enterprise_side(current),
            "resolved",
            _("Solved: %(title)s — please confirm and rate") % {"title": current.title},
            resolution,
        )
    return current


def ticket_transfer(
    *, actor, ticket: Ticket, department, reason: str, expected_version=None
) -> Ticket:
    """Not ours: the receiving department sends it on to the right one, which gets the
    category's full deadline from now; the assignee is cleared."""
    from fugong.organisations.choices import OrganisationKind

    reason = require_text(
        reason, "reason", _("Say why it belongs to another department (at least 5 characters).")
    )
    with transaction.atomic():
        current = _fetch(actor, ticket.pk, HANDLE_PERMISSION)
        if (
            department is None
            or department.archived_at is not None
            or department.kind
            not in (OrganisationKind.DEPARTMENT, OrganisationKind.DISTRICT_DEPARTMENT)
            or department.pk == current.department_id
        ):
            raise FugongError(
                _("Choose another department of the bureau or a district housing department."),
                fields={"department": _("Not a department that can take it.")},
                code="invalid_department",
            )
        before = snapshot(current)
        transition(
            current,
            allowed=OPEN_STATUSES,
            to_status=TicketStatus.REOPENED
            if current.status == TicketStatus.REOPENED
            else TicketStatus.OPEN,
            expected_version=expected_version,
            department=department,
            assignee=None,
            due_at=timezone.now() + deadline_of(current.route),
        )
        current = Ticket.objects.select_related("department", "enterprise").get(pk=current.pk)
        _audit(actor, current, before, reason)
        _event(
            current,
            actor,
            TicketEventKind.ROUTED,
            _("To %(department)s: %(reason)s") % {"department": department, "reason": reason},
        )
        _notify(
            current,
            members(department),
            "transferred",
            _("Passed on to you: %(title)s") % {"title": current.title},
            reason,
        )
    return current


# --- the enterprise's side -------------------------------------------------------------------


def _fetch_for_enterprise(actor, ticket) -> Ticket:
    current = _fetch(actor, ticket.pk, CONFIRM_TICKET)
    if actor is not None and not acts_for(actor, current.enterprise, CONFIRM_TICKET):
        raise Forbidden(_("Only the enterprise that raised the problem can confirm or reopen it."))
    return current


def _rating(value) -> int:
    try:
        rating = int(value)
    except (TypeError, ValueError):
        rating = 0
    if isinstance(value, bool) or not 1 <= rating <= 5 or str(rating) != str(value).strip():
        raise FugongError(
            _("Rate the help from 1 to 5 stars."),
            fields={"rating": _("A whole number from 1 to 5.")},
            code="invalid_rating",
        )
    return rating


def ticket_confirm(
    *, actor, ticket: Ticket, rating, comment: str = "", expected_version=None
) -> Ticket:
    """The raising enterprise confirms the solution and rates it (1–5, with a comment)."""
    rating = _rating(rating)
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise FugongError(
            _("The comment is too long."),
            fields={"rating_comment": _("At most %(n)d characters.") % {"n": COMMENT_MAX}},
        )
    with transaction.atomic():
        current = _fetch_for_enterprise(actor, ticket)
        before = snapshot(current)
        transition(
            current,
            allowed=(TicketStatus.RESOLVED,),
            to_status=TicketStatus.CONFIRMED,
            expected_version=expected_version,
            confirmed_at=timezone.now(),
            rating=rating,
            rating_comment=comment,
        )
        _audit(actor, current, before)
        _event(
            current,
            actor,
            TicketEventKind.CONFIRMED,
            f"{'★' * rating}{'☆' * (5 - rating)} {comment}",
        )
        _notify(
            current,
            _department_side(current),
            "confirmed",
            _("Confirmed by %(enterprise)s (%(rating)d/5): %(title)s")
            % {"enterprise": current.enterprise, "rating": rating, "title": current.title},
            comment,
        )
    return current


def ticket_reopen(*, actor, ticket: Ticket, reason: str, expected_version=None) -> Ticket:
    """Not solved after all: resolved → reopened, due again by the category's deadline."""
    reason = require_text(
        reason, "reason", _("Say what is still not solved (at least 5 characters).")
    )
    with transaction.atomic():
        current = _fetch_for_enterprise(actor, ticket)
        before = snapshot(current)
        transition(
            current,
            allowed=(TicketStatus.RESOLVED,),
            to_status=TicketStatus.REOPENED,
            expected_version=expected_version,
            due_at=timezone.now() + deadline_of(current.route),
            reopen_count=current.reopen_count + 1,
        )
        _audit(actor, current, before, reason)
        _event(current, actor, TicketEventKind.REOPENED, reason)
        _notify(
            current,
            _department_side(current),
            "reopened",
            _("Reopened by %(enterprise)s: %(title)s")
            % {"enterprise": current.enterprise, "title": current.title},
            reason,
        )
    return current
