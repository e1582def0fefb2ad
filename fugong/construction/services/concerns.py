"""Concerns the public reports from a site's QR sign (公示牌), and their handling by the
authority."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from fugong.audit.choices import ChangeAction
from fugong.audit.services import record_change, snapshot
from fugong.common.errors import FugongError, NotFound
from fugong.common.pii.validators import normalise_mobile, validate_mobile
from fugong.common.services import create_object, fetch_for
from fugong.construction.choices import ConcernStatus, ProjectEventKind
from fugong.construction.models import Commitment, Concern, Project
from fugong.construction.selectors.commitments import IN_FORCE, authority_recipients
from fugong.construction.services.commitments import notify_on_commit, save_transition
from fugong.construction.services.projects import project_event

CONCERN_MIN, CONCERN_MAX = 5, 1000


def concern_report(*, project: Project, text: str, contact: str | None = None) -> Concern:
    """Someone scanned the site sign and reported what they saw (no login: actor is the
    system). The authority is notified."""
    text = (text or "").strip()
    errors = {}
    if len(text) < CONCERN_MIN:
        errors["text"] = _("Describe what you saw in at least %(n)d characters.") % {
            "n": CONCERN_MIN
        }
    elif len(text) > CONCERN_MAX:
        errors["text"] = _("At most %(n)d characters.") % {"n": CONCERN_MAX}
    contact = normalise_mobile(contact) or None
    if contact:
        try:
            validate_mobile(contact)
        except ValidationError as exc:
            errors["contact"] = exc.messages[0]
    if errors:
        raise FugongError(_("The report was not sent."), fields=errors)
    if project.archived_at is not None:
        raise NotFound()
    with transaction.atomic():
        concern = create_object(
            actor=None, model=Concern, data={"project": project, "text": text, "contact": contact}
        )
        project_event(
            actor=None,
            project=project,
            kind=ProjectEventKind.CONCERN_REPORTED,
            message=_("A member of the public reported a concern."),
        )
        in_force = Commitment.objects.filter(project=project, status__in=IN_FORCE).first()
        notify_on_commit(
            recipients=authority_recipients(project, in_force.authority if in_force else None),
            kind="concern_reported",
            title=_("Concern reported at %(project)s") % {"project": project.name},
            body=text[:200],
            link=reverse("construction:concern_detail", args=[concern.pk]),
            key=f"concern-{concern.pk}",
        )
    return concern


def concern_handle(*, actor, concern: Concern, response: str) -> Concern:
    response = (response or "").strip()
    if len(response) < 2:
        raise FugongError(
            _("Write what was done about it."),
            fields={"response": _("Write what was done about it.")},
            code="response_required",
        )
    with transaction.atomic():
        current = fetch_for(actor, Concern, concern.pk, "change", lock=True)
        if current.status != ConcernStatus.NEW:
            raise FugongError(
                _("This concern has already been handled."), code="invalid_transition"
            )
        before = snapshot(current)
        current.status = ConcernStatus.HANDLED
        current.handled_by, current.handled_at, current.response = actor, timezone.now(), response
        save_transition(current, ["status", "handled_by", "handled_at", "response"])
        record_change(actor=actor, instance=current, action=ChangeAction.UPDATE, before=before)
    return current
