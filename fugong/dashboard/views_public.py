"""The public disclosure page (一公开): one no-login page that gathers what the domain
apps publish — commitments filed (承诺制), double-random draws when that app is installed,
inspection results and stop-work orders — each section linking to the owning app's full
public list. Rate-limited (`public_endpoint` in the URLconf); no personal data: project,
enterprise and authority names, dates and outcomes only (no people, phones or notes)."""

from __future__ import annotations

from django.apps import apps
from django.shortcuts import render
from django.views.decorators.http import require_GET

from fugong.dashboard.panels import link
from fugong.regions.models import Region

SECTION_SIZE = 20


@require_GET
def disclosure(request):
    districts = list(
        Region.objects.filter(level="district").order_by("code").only("id", "code", "name", "path")
    )
    code = (request.GET.get("district") or "").strip()
    district = next((d for d in districts if d.code == code), None)
    ctx = {
        "districts": districts,
        "district": district,
        "unknown_district": bool(code) and district is None,
    }
    if apps.is_installed("fugong.construction"):
        from fugong.construction.selectors.commitments import public_commitments

        commitments = public_commitments()
        if district is not None:
            commitments = commitments.filter(project__region__path__startswith=district.path)
        ctx["commitments"] = list(commitments[:SECTION_SIZE])
        ctx["commitments_url"] = link("public:commitment_list")
    if apps.is_installed("fugong.supervision"):
        from fugong.supervision.selectors.disclosure import (
            as_disclosed,
            as_disclosed_order,
            disclosed_inspections,
            disclosed_stop_work_orders,
        )

        ctx["inspections"] = [
            as_disclosed(i) for i in disclosed_inspections(district=district)[:SECTION_SIZE]
        ]
        ctx["orders"] = [
            as_disclosed_order(o)
            for o in disclosed_stop_work_orders(district=district)[:SECTION_SIZE]
        ]
        ctx["supervision_url"] = link(
            "supervision:disclosure", district=district.code if district else ""
        )
    if apps.is_installed("fugong.draws"):
        from fugong.draws.selectors import as_disclosed_draw, disclosed_draws

        ctx["draws"] = [
            as_disclosed_draw(d) for d in disclosed_draws(district=district)[:SECTION_SIZE]
        ]
        ctx["draws_url"] = link("draws:public_list")
    response = render(request, "dashboard/disclosure.html", ctx)
    response["Cache-Control"] = "public, max-age=60"
    return response
