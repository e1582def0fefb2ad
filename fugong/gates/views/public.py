"""The page a gate's QR code opens, without login (rate-limited by `public_endpoint` in
the URLconf). First time: the resident says who they are; then one tap records in or out.
No list of residents, no other person's data is ever shown here."""

from __future__ import annotations

import json
import secrets
from functools import lru_cache

from django.conf import settings
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import get_script_prefix, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from fugong.common.errors import FugongError
from fugong.gates.choices import Direction
from fugong.gates.services.passages import fever_threshold, gate_for_token
from fugong.gates.services.passages import passage_record_by_resident as record
from fugong.gates.services.registration import (
    COOKIE_MAX_AGE,
    COOKIE_NAME,
    RegistrationInvalid,
    gate_and_resident_for_cookie,
    read_cookie,
    resident_register,
)


def _data(request) -> dict:
    if request.content_type == "application/json":
        try:
            body = json.loads(request.body or b"{}")
        except ValueError:
            return {}
        return body if isinstance(body, dict) else {}
    return request.POST


def _buildings(gate):
    from fugong.regions.models import Region

    return (
        Region.objects.filter(parent_id=gate.compound_id, level="building")
        .order_by("code", "name")
        .values_list("pk", "name")
    )


@lru_cache(maxsize=4096)
def _urls(prefix: str, token: str) -> dict[str, str]:
    """The page's links for one gate, reversed once per process (and script prefix): the
    tap's answer is rendered at every scan. Only tokens of gates in use get here."""
    names = ("scan", "register", "forget")
    return {name: reverse(f"gates:{name}", args=[token]) for name in names}


@lru_cache(maxsize=4)
def _assets(prefix: str) -> dict[str, str]:
    """The layout's static files, looked up in the manifest once per process."""
    return {
        "favicon": static("fugong/favicon.svg"),
        "bootstrap_css": static("vendor/bootstrap/bootstrap.min.css"),
        "app_css": static("fugong/app.css"),
        "app_js": static("fugong/app.js"),
    }


def _page(request, gate, *, known=None, status=200, **extra):
    prefix = get_script_prefix()
    token = request.resolver_match.kwargs["token"]
    context = {
        "gate": gate,
        "known": known,
        "directions": Direction.choices,
        "key": secrets.token_urlsafe(16),
        "threshold": fever_threshold(),
        "gate_token": token,
        "urls": _urls(prefix, token),
        "assets": _assets(prefix),
        **extra,
    }
    if known is None:
        context["buildings"] = _buildings(gate)
    response = render(request, "gates/scan.html", context, status=status)
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def _forget(response):
    response.delete_cookie(COOKIE_NAME, path="/", samesite="Lax")
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def scan(request, token: str):
    # Read and checked already by gates.throttle when the cookie is genuine.
    payload = getattr(request, "gate_cookie", None) or read_cookie(request.COOKIES.get(COOKIE_NAME))
    known = invalid = None
    if payload is not None:
        # The gate and the resident the cookie names, in one query.
        gate, known, invalid = gate_and_resident_for_cookie(token, payload)
    else:
        gate = gate_for_token(token)
        if request.COOKIES.get(COOKIE_NAME):
            invalid = RegistrationInvalid(
                _("Your registration on this phone has expired. Please register again.")
            )
    if request.method == "GET":
        response = _page(request, gate, known=known, error=invalid)
        return _forget(response) if invalid and invalid.code != "wrong_compound" else response
    if known is None:
        error = invalid or RegistrationInvalid(_("Register first: who are you?"))
        response = _page(request, gate, error=error, status=error.status)
        return _forget(response) if error.code != "wrong_compound" else response
    data = _data(request)
    try:
        passage = record(gate=gate, resident_id=known.id, resident_name=known.name, data=data)
    except FugongError as exc:
        return _page(request, gate, known=known, error=exc, status=400, posted=data)
    return _page(request, gate, known=known, done=passage)


@never_cache
@require_POST
def register(request, token: str):
    gate = gate_for_token(token)
    data = request.POST
    try:
        known, cookie = resident_register(
            gate=gate,
            name=data.get("name", ""),
            phone=data.get("phone", ""),
            id_last4=data.get("id_last4", ""),
            building_id=data.get("building", ""),
            unit=data.get("unit", ""),
            room=data.get("room", ""),
        )
    except FugongError as exc:
        return _page(request, gate, error=exc, status=400, posted=data)
    response = HttpResponseRedirect(reverse("gates:scan", args=[token]))
    response.set_cookie(
        COOKIE_NAME,
        cookie,
        max_age=COOKIE_MAX_AGE,
        path="/",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


@never_cache
@require_POST
def forget(request, token: str):
    """ "Not me": this phone forgets the registration."""
    gate_for_token(token)
    return _forget(HttpResponseRedirect(reverse("gates:scan", args=[token])))
