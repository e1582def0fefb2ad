from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from fugong.common.health import healthz


@login_required
def home(request):
    return render(request, "common/home.html")


api_patterns = [
    path("", include("fugong.regions.api.urls")),
    path("", include("fugong.organisations.api.urls")),
    path("", include("fugong.accounts.api.urls")),
    path("", include("fugong.audit.api.urls")),
    path("", include("fugong.construction.api.urls")),
]

urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("fugong.accounts.urls")),
    path("regions/", include("fugong.regions.urls")),
    path("organisations/", include("fugong.organisations.urls")),
    path("audit/", include("fugong.audit.urls")),
    path("construction/", include("fugong.construction.urls")),
    path("api/v1/", include(api_patterns)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path("django-admin/", admin.site.urls),
]
