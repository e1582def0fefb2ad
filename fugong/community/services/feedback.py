"""Feedback on cadres (评价): residents through the community's public link, sub-district
officials signed in. One rating per rater per cadre per day."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from fugong.audit.choices import ChangeAction
from fugong.audit.services import record_change
from fugong.common.errors import Forbidden, FugongError
from fugong.common.pii.kinds import MOBILE, lookup_hash
from fugong.common.pii.validators import normalise_mobile
from fugong.common.scoping import user_can
from fugong.common.services import fetch_for, update_object
from fugong.community.choices import FeedbackSource
from fugong.community.models import Deployment, Feedback
from fugong.regions.models import Region

# A resident may rate a cadre who served the community within this many days.
RATABLE_DAYS = 30


def rater_key_for(*, actor=None, phone=None) -> str:
    if actor is not None:
        return f"u{actor.pk}"
    return f"p{lookup_hash(MOBILE, phone)}"


def ratable_deployments(community: Region, day: datetime.date | None = None):
    """Deployments to the community that were active within the last RATABLE_DAYS days."""
    day = day or timezone.localdate()
    since = day - datetime.timedelta(days=RATABLE_DAYS)
    return (
        Deployment.objects.filter(community=community, starts_on__lte=day)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=since))
        .select_related("cadre")
    )


def _error(field, message, code):
    return FugongError(message, code=code, fields={field: message})


def feedback_submit(
    *,
    actor,
    cadre,
    community: Region,
    rating: int,
    comment: str = "",
    author_name: str = "",
    author_phone: str | None = None,
) -> Feedback:
    """`actor=None`: a resident through the public page (a phone is required, it keys the
    one-a-day rule and is stored encrypted); otherwise an official in whose scope the
    community lies."""
    today = timezone.localdate()
    if actor is not None:
        if not user_can(actor, Feedback, "add"):
            raise Forbidden()
        fetch_for(actor, Region, community.pk, "view")
        if (
            not Region.objects.visible_to(actor, "community.add_feedback")
            .filter(pk=community.pk)
            .exists()
        ):
            raise Forbidden()
        source = FeedbackSource.SUBDISTRICT
    else:
        phone = normalise_mobile(author_phone)
        if not phone:
            raise _error("author_phone", _("Enter your mobile number."), "phone_required")
        source = FeedbackSource.RESIDENT
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        rating = 0
    if not 1 <= rating <= 5:
        raise _error("rating", _("Give 1 to 5 stars."), "rating")
    if not ratable_deployments(community, today).filter(cadre=cadre).exists():
        raise _error("cadre", _("This cadre has not served this community lately."), "cadre")
    feedback = Feedback(
        cadre=cadre,
        community=community,
        source=source,
        rating=rating,
        comment=(comment or "").strip()[:1000],
        date=today,
        author=actor,
        author_name=(author_name or "").strip()[:50],
        author_phone=author_phone if actor is None else None,
        rater_key=rater_key_for(actor=actor, phone=author_phone),
    )
    feedback.full_clean(exclude=["rater_key"], validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            feedback.save()
            record_change(actor=actor, instance=feedback, action=ChangeAction.CREATE)
    except IntegrityError:
        raise _error("cadre", _("You have already rated this cadre today."), "duplicate") from None
    return feedback


def feedback_set_hidden(*, actor, feedback: Feedback, hidden: bool, reason: str = "") -> Feedback:
    """Hide an abusive comment (kept, audited), or show it again."""
    return update_object(actor=actor, instance=feedback, data={"hidden": hidden}, message=reason)
