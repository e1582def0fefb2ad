"""Reads of messaging that pages, the API and other apps use."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone

from fugong.messaging.choices import NoticeStatus
from fugong.messaging.models import Notice, ReadReceipt

ADD_NOTICE = "messaging.add_notice"
PUBLISH_NOTICE = "messaging.publish_notice"
BROADCAST_NOTICE = "messaging.broadcast_notice"


def audience_users(notice):
    """The active people a notice reaches: holders of an active grant (of one of the
    audience roles, if any are named) at or below an audience region or organisation,
    and — when no role is named — the members of the audience organisations. With no
    region and no organisation named, the audience is the issuing region."""
    from fugong.accounts.models import RoleGrant, User

    today = timezone.localdate()
    regions = list(notice.audience_regions.all()) or (
        [] if notice.audience_organisations.exists() else [notice.region]
    )
    organisations = list(notice.audience_organisations.all())
    place = Q(pk__in=[])
    for region in regions:
        place |= Q(region__path__startswith=region.path)
    for organisation in organisations:
        place |= Q(organisation__path__startswith=organisation.path)
    grants = RoleGrant.objects.filter(place, revoked_at__isnull=True, valid_from__lte=today).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=today)
    )
    if notice.audience_roles:
        grants = grants.filter(role__code__in=notice.audience_roles)
    users = Q(pk__in=grants.values("user_id"))
    if organisations and not notice.audience_roles:
        members = Q(pk__in=[])
        for organisation in organisations:
            members |= Q(organisation__path__startswith=organisation.path)
        users |= members
    return User.objects.filter(users, is_active=True)


def notices_for_reader(user):
    """What has been sent to a person (published or withdrawn), newest first."""
    return (
        ReadReceipt.objects.for_user(user)
        .filter(notice__status__in=[NoticeStatus.PUBLISHED, NoticeStatus.WITHDRAWN])
        .select_related("notice")
        .order_by("-notice__published_at", "-id")
    )


def unread_notices(user):
    return notices_for_reader(user).filter(
        read_at__isnull=True, notice__status=NoticeStatus.PUBLISHED
    )


def unacknowledged_notices(user):
    return notices_for_reader(user).filter(
        acknowledged_at__isnull=True,
        notice__requires_ack=True,
        notice__status=NoticeStatus.PUBLISHED,
    )


def receipt_counts(notice) -> dict[str, int]:
    return ReadReceipt.objects.filter(notice=notice).aggregate(
        total=Count("id"),
        read=Count("id", filter=Q(read_at__isnull=False)),
        acknowledged=Count("id", filter=Q(acknowledged_at__isnull=False)),
    )


def public_notices():
    return Notice.objects.filter(is_public=True, status=NoticeStatus.PUBLISHED).order_by(
        "-published_at", "-id"
    )


def reader_can_open(user, notice) -> bool:
    """A recipient, or a manager of the notice within scope."""
    if ReadReceipt.objects.filter(notice=notice, user=user).exists():
        return True
    return Notice.objects.visible_to(user, "view").filter(pk=notice.pk).exists()
