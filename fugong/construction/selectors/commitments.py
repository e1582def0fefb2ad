"""Reads of commitments: scoped lists, the commitment in force, the public site sign
(公示牌) and who hears of a filing."""

from __future__ import annotations

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from fugong.construction.choices import CommitmentStatus
from fugong.construction.models import (
    Commitment,
    CommitmentAnswer,
    Concern,
    CreditRecord,
    Project,
)

IN_FORCE = (CommitmentStatus.IN_FORCE, CommitmentStatus.VERIFIED)
SIGN_SALT = "fugong.construction.site-sign"
SIGN_DIGEST_LENGTH = 24  # hex characters: 96 bits of HMAC-SHA256


def commitments_visible_to(user, action: str = "view"):
    return Commitment.objects.visible_to(user, action).select_related(
        "project__region", "enterprise", "authority", "template"
    )


def commitment_with_details(queryset):
    """Everything the detail page, the letter and the API show, in a fixed number of queries."""
    return queryset.select_related(
        "project__region",
        "project__builder",
        "project__contractor",
        "project__supervisor",
        "enterprise",
        "authority",
        "routed_by",
        "template",
        "filed_by",
        "verified_by",
        "revoked_by",
    ).prefetch_related(
        Prefetch(
            "answers", CommitmentAnswer.objects.select_related("item").order_by("item__position")
        ),
        "events__actor",
    )


def commitment_in_force(project) -> Commitment | None:
    return (
        Commitment.objects.filter(project=project, status__in=IN_FORCE)
        .select_related("authority", "enterprise")
        .first()
    )


def concerns_visible_to(user, action: str = "view"):
    return Concern.objects.visible_to(user, action).select_related("project__region")


def credit_records_visible_to(user, action: str = "view"):
    return CreditRecord.objects.visible_to(user, action).select_related(
        "enterprise", "commitment__project", "recorded_by"
    )


def public_commitments():
    """What the public list shows: no personal data, nothing superseded."""
    return (
        Commitment.objects.exclude(status=CommitmentStatus.SUPERSEDED)
        .filter(project__archived_at__isnull=True)
        .select_related("project__region", "enterprise", "authority")
        .only(
            "id",
            "status",
            "signed_on",
            "filed_at",
            "project__id",
            "project__name",
            "project__kind",
            "project__region__name",
            "enterprise__name",
            "authority__name",
        )
        .order_by("-filed_at", "-id")
    )


# --- the site sign: a token that cannot be guessed from the project id -------------------


def site_sign_token(project) -> str:
    digest = salted_hmac(SIGN_SALT, str(project.pk), algorithm="sha256").hexdigest()
    return f"{project.pk}-{digest[:SIGN_DIGEST_LENGTH]}"


def site_sign_url(request, project) -> str:
    """The public page the site's QR code opens (absolute, for print)."""
    from django.urls import reverse

    return request.build_absolute_uri(reverse("public:site", args=[site_sign_token(project)]))


def project_for_sign_token(token: str) -> Project | None:
    pk, _sep, digest = (token or "").partition("-")
    if not pk.isdigit() or len(digest) != SIGN_DIGEST_LENGTH:
        return None
    expected = salted_hmac(SIGN_SALT, pk, algorithm="sha256").hexdigest()[:SIGN_DIGEST_LENGTH]
    if not constant_time_compare(expected, digest):
        return None
    return (
        Project.objects.filter(pk=int(pk), archived_at__isnull=True)
        .select_related("region", "builder", "contractor", "supervisor")
        .first()
    )


# --- who hears of it ---------------------------------------------------------------------


def authority_recipients(project, authority=None):
    """Active users who answer for the project's site: district officers whose grant covers
    its district, and the members of the receiving authority."""
    from fugong.accounts.choices import RoleCode
    from fugong.accounts.models import User

    today = timezone.localdate()
    path = project.region.path
    covering = [path[: i + 1] for i, char in enumerate(path) if char == "/"]
    grants = Q(
        grants__role__code=RoleCode.DISTRICT_OFFICER,
        grants__revoked_at__isnull=True,
        grants__valid_from__lte=today,
        grants__region__path__in=covering,
    ) & (Q(grants__valid_until__isnull=True) | Q(grants__valid_until__gte=today))
    members = Q(organisation=authority) if authority is not None else Q(pk__in=[])
    return list(User.objects.filter(is_active=True).filter(grants | members).distinct())


def enterprise_recipients(enterprise):
    from fugong.accounts.models import User

    return list(User.objects.filter(is_active=True, organisation=enterprise))
