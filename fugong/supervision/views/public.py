"""The public disclosure page (一公开) of inspection results and stop-work orders: no
login, rate-limited (wrapped in `public_endpoint` in the URLconf), no personal data
(inspectors by masked name, no phones, no notes)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from fugong.regions.choices import RegionLevel
from fugong.regions.models import Region
from fugong.supervision.selectors.disclosure import (
    as_disclosed,
    as_disclosed_order,
    disclosed_inspections,
    disclosed_stop_work_orders,
)

PAGE_SIZE = 50


@require_GET
def disclosure(request):
    districts = list(Region.objects.filter(level=RegionLevel.DISTRICT).order_by("code"))
    code = request.GET.get("district", "")
    district = next((d for d in districts if d.code == code), None)
    page = Paginator(disclosed_inspections(district=district), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    orders = disclosed_stop_work_orders(district=district)[:PAGE_SIZE]
    context = {
        "page": page,
        "inspections": [as_disclosed(i) for i in page.object_list],
        "orders": [as_disclosed_order(o) for o in orders],
        "districts": districts,
        "district": district,
    }
    response = render(request, "supervision/disclosure.html", context)
    response["Cache-Control"] = "public, max-age=60"
    return response
