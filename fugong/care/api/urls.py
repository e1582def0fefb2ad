from django.urls import path
from rest_framework.routers import SimpleRouter

from fugong.care.api import views

router = SimpleRouter()
router.register("quarantines", views.QuarantineViewSet, basename="quarantine")
router.register("health-checks", views.HealthCheckViewSet, basename="healthcheck")
router.register("errands", views.ErrandViewSet, basename="errand")
router.register("disinfections", views.DisinfectionViewSet, basename="disinfection")
router.register("supply-items", views.SupplyItemViewSet, basename="supplyitem")
router.register("supply-movements", views.SupplyMovementViewSet, basename="supplymovement")
urlpatterns = [
    *router.urls,
    path("care-summary/", views.CareSummaryView.as_view(), name="care-summary"),
    path("disinfection-coverage/", views.CoverageView.as_view(), name="disinfection-coverage"),
]
