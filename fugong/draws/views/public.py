"""The public pages of draws (一公开): no login, rate-limited (`public_endpoint` in the
URLconf), no personal data (inspectors by masked name and station). A draw's page re-runs
it from its published inputs and seed and says whether the published result holds; anyone
may paste a downloaded draw into the check page or run `fugong verify_draw FILE`."""

from __future__ import annotations

import json

from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from fugong.draws import engine, risk
from fugong.draws.models import Draw
from fugong.draws.selectors import (
    PUBLIC_STATUSES,
    as_disclosed_draw,
    disclosed_draws,
    published_document,
)
from fugong.regions.choices import RegionLevel
from fugong.regions.models import Region

PAGE_SIZE = 20
VERDICT_TTL = 3600
MAX_DOCUMENT = 2 * 1024 * 1024


def _public(response):
    response["Cache-Control"] = "public, max-age=60"
    return response


def _draw(number: str) -> Draw:
    draw = (
        Draw.objects.filter(number=number, status__in=PUBLIC_STATUSES, archived_at__isnull=True)
        .select_related("region")
        .first()
    )
    if draw is None:
        raise Http404
    return draw


@require_GET
def draw_list(request):
    districts = list(Region.objects.filter(level=RegionLevel.DISTRICT).order_by("code"))
    code = request.GET.get("district", "")
    district = next((d for d in districts if d.code == code), None)
    page = Paginator(disclosed_draws(district=district), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "draws": [as_disclosed_draw(d) for d in page.object_list],
        "districts": districts,
        "district": district,
    }
    return _public(render(request, "draws/public_list.html", context))


def _verdict_context(document: dict) -> dict:
    """Re-run a draw document; a malformed one is reported, never an error page."""
    try:
        verdict = engine.verify(document)
        inputs = document.get("inputs") or {}
        names = {t["project"]: t.get("name", t["project"]) for t in inputs.get("targets", [])}
        inspectors = {i["id"]: i["name"] for i in inputs.get("inspectors", [])}
        recomputed = [
            {
                "rank": d["rank"],
                "project": names.get(d["project"], d["project"]),
                "inspectors": [inspectors.get(i, i) for i in d["inspectors"]],
            }
            for d in verdict.recomputed
        ]
    except (engine.InputsError, KeyError, TypeError, ValueError, AttributeError):
        return {"verdict": None, "invalid": True}
    return {"verdict": verdict, "recomputed": recomputed, "invalid": False}


@require_GET
def draw_detail(request, number):
    draw = _draw(number)
    document = published_document(draw)
    inputs = draw.inputs
    inspectors = {i["id"]: i for i in inputs.get("inspectors", [])}
    context = {
        "draw": draw,
        "disclosed": as_disclosed_draw(draw),
        "document": document,
        "targets": [
            {**t, "inspector_names": [inspectors[i]["name"] for i in t["inspectors"]]}
            for t in inputs.get("targets", [])
        ],
        "total_weight": sum(t["weight"] for t in inputs.get("targets", [])),
        "terms": risk.TERMS,
    }
    if draw.seed_revealed:
        # Re-running a city-sized draw takes a moment: keep the verdict for exactly this
        # document (any change to inputs, seed or result is another key, so re-run).
        key = "draws:verdict:" + engine.sha256_hex(engine.canonical(document))
        context.update(cache.get_or_set(key, lambda: _verdict_context(document), VERDICT_TTL))
    return _public(render(request, "draws/public_detail.html", context))


@require_GET
def draw_document(request, number):
    response = JsonResponse(
        published_document(_draw(number)), json_dumps_params={"ensure_ascii": False, "indent": 1}
    )
    response["Content-Disposition"] = f'attachment; filename="draw-{number}.json"'
    return _public(response)


@require_http_methods(["GET", "POST"])
def verify(request):
    """The method (risk terms, algorithm) and a check of any published draw's document."""
    context = {"terms": risk.TERMS, "floor": risk.FLOOR, "pasted": ""}
    if request.method == "POST":
        text = request.POST.get("document", "")
        context["pasted"] = text[:MAX_DOCUMENT]
        try:
            document = json.loads(text) if len(text) <= MAX_DOCUMENT else None
        except ValueError:
            document = None
        if not isinstance(document, dict):
            context["error"] = _("Paste the JSON document downloaded from a draw's page.")
        else:
            context.update(_verdict_context(document))
            if context.get("invalid"):
                context["error"] = _("This is not a draw document this system can re-run.")
    return render(request, "draws/public_verify.html", context)
