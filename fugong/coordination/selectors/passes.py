"""Reads of vehicle passes: scoped lists, and the URL the QR code carries."""

from __future__ import annotations

from django.urls import reverse

from fugong.coordination.models import VehiclePass


def passes_visible_to(user, action: str = "view"):
    return VehiclePass.objects.visible_to(user, action).select_related(
        "project__region", "enterprise"
    )


def pass_with_details(queryset):
    return queryset.select_related(
        "project__region", "enterprise", "applied_by", "decided_by", "revoked_by"
    )


def pass_check_url(request, vehicle_pass) -> str:
    """The absolute URL of the public check page (what the QR code opens)."""
    return request.build_absolute_uri(reverse("coordination:pass_check", args=[vehicle_pass.token]))
