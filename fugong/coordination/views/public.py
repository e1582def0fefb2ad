"""The page a pass's QR code opens, without login (rate-limited by `public_endpoint` in
the URLconf): valid, not yet valid, expired or revoked, with the plate and project; no
driver, phone or route."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from fugong.coordination.services.passes import pass_for_token


@require_GET
def pass_check(request, token: str):
    vehicle_pass = pass_for_token(token)
    if vehicle_pass is None:
        raise Http404
    context = {
        "plate": vehicle_pass.plate_display,
        "project_name": vehicle_pass.project.name,
        "valid_from": vehicle_pass.valid_from,
        "valid_until": vehicle_pass.valid_until,
        "validity": vehicle_pass.validity(),
        "revoked_at": vehicle_pass.revoked_at,
    }
    response = render(request, "coordination/pass_check.html", context)
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
