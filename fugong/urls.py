from csp.decorators import csp_update
from django.apps import apps
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from fugong.common.health import healthz
from fugong.common.public import public_endpoint


@login_required
def home(request):
    """Where a signed-in user starts: their dashboard (scoped to their grants: the city for a
    leader, a district, a cadre's communities, an enterprise's projects), or every page
    they may open when they may not see a dashboard. An anonymous visitor is sent to the
    login page (which links the public pages)."""
    if apps.is_installed("fugong.dashboard") and request.user.has_perm("dashboard.view_dashboard"):
        return redirect("dashboard:home")
    return pages(request)


@login_required
def pages(request):
    """Every page the user may open, by section (the menu as cards)."""
    return render(request, "common/home.html")


api_patterns = [
    path("", include("fugong.regions.api.urls")),
    path("", include("fugong.organisations.api.urls")),
    path("", include("fugong.accounts.api.urls")),
    path("", include("fugong.audit.api.urls")),
    path("", include("fugong.construction.api.urls")),
    path("", include("fugong.community.api.urls")),
    path("", include("fugong.supervision.api.urls")),
    path("", include("fugong.draws.api.urls")),
    path("", include("fugong.messaging.api.urls")),
    path("", include("fugong.coordination.api.urls")),
    path("", include("fugong.care.api.urls")),
    path("", include("fugong.gates.api.urls")),
    path("", include("fugong.dashboard.api.urls")),
]

urlpatterns = [
    path("", home, name="home"),
    path("pages/", pages, name="pages"),
    path("healthz", public_endpoint(healthz, rate="HEALTHZ_RATE"), name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("fugong.accounts.urls")),
    path("regions/", include("fugong.regions.urls")),
    path("organisations/", include("fugong.organisations.urls")),
    path("audit/", include("fugong.audit.urls")),
    path("messages/", include("fugong.messaging.urls")),
    path("public/notices/", include("fugong.messaging.public_urls")),
    path("construction/", include("fugong.construction.urls")),
    path("community/", include("fugong.community.urls")),
    path("c/", include("fugong.community.urls.public")),
    path("supervision/", include("fugong.supervision.urls")),
    path("draws/", include("fugong.draws.urls")),
    path("coordination/", include("fugong.coordination.urls")),
    path("care/", include("fugong.care.urls")),
    path("gates/", include("fugong.gates.urls")),
    path("dashboard/", include("fugong.dashboard.urls")),
    path("public/", include("fugong.construction.urls.public_commitments")),
    path("api/v1/", include(api_patterns)),
    path("api/schema/", public_endpoint(SpectacularAPIView.as_view()), name="schema"),
    path(
        "api/docs/",
        # Swagger UI's page carries its own <style>: allow inline styles there, scripts never.
        public_endpoint(
            csp_update({"style-src": ["'self'", "'unsafe-inline'"]})(
                SpectacularSwaggerSplitView.as_view(url_name="schema")
            )
        ),
        name="swagger-ui",
    ),
]

if settings.BENCH_ENDPOINTS:  # the baseline of `python -m bench`; see bench/README.md
    from fugong.common.bench_views import (
        bare,
        bare_insert,
        bare_passage_insert,
        bare_report_insert,
    )

    urlpatterns += [
        path("bench/bare/", bare, name="bench_bare"),
        path("bench/bare-insert/", bare_insert, name="bench_bare_insert"),
        path("bench/bare-report-insert/", bare_report_insert, name="bench_bare_report_insert"),
        path("bench/bare-passage-insert/", bare_passage_insert, name="bench_bare_passage_insert"),
    ]
