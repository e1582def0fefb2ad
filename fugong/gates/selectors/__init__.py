"""Reads of gates that pages, the API and other apps use; each starts from `visible_to`."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse

from fugong.community.selectors import residents_visible_to
from fugong.gates.models import Checkpoint, ContactTracingCase, Passage, TracingRun


def checkpoints_visible_to(user, action: str = "view"):
    return Checkpoint.objects.visible_to(user, action).select_related("compound__parent")


def passages_visible_to(user, action: str = "view"):
    return Passage.objects.visible_to(user, action).select_related(
        "resident", "checkpoint__compound"
    )


def alerts_visible_to(user):
    return passages_visible_to(user).filter(Q(fever=True) | Q(quarantine_alert=True))


def cases_visible_to(user, action: str = "view"):
    return (
        ContactTracingCase.objects.visible_to(user, action)
        .select_related("community", "opened_by", "closed_by")
        .annotate(held=Count("passages"))
    )


def runs_visible_to(user):
    return TracingRun.objects.visible_to(user).select_related("community", "run_by")


def residents_at_gate(user, checkpoint: Checkpoint, text: str, limit: int = 20):
    """The volunteer's search (name, phone, identity number or room) among the residents
    of the gate's compound."""
    from fugong.common.pii.fields import filter_by_personal

    qs = residents_visible_to(user).filter(household__building__parent_id=checkpoint.compound_id)
    compact = (text or "").replace(" ", "")
    if not compact:
        return qs.none()
    if compact.isdigit() and len(compact) == 11:
        return filter_by_personal(qs, "phone", compact)[:limit]
    if len(compact) == 18:
        return filter_by_personal(qs, "id_number", compact)[:limit]
    return qs.filter(Q(name__icontains=text.strip()) | Q(household__room=compact))[:limit]


def scan_url(request, checkpoint: Checkpoint) -> str:
    """The absolute address the poster's QR code opens."""
    return request.build_absolute_uri(reverse("gates:scan", args=[checkpoint.token]))


def recent_passages(checkpoint: Checkpoint, limit: int = 20):
    return (
        Passage.objects.filter(checkpoint=checkpoint)
        .select_related("resident", "checkpoint__compound")
        .order_by("-at", "-id")[:limit]
    )
