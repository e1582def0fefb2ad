from rest_framework.routers import SimpleRouter

from fugong.community.api.views import (
    DeploymentViewSet,
    DutyLogViewSet,
    FeedbackViewSet,
    HouseholdViewSet,
    ResidentGroupViewSet,
    ResidentViewSet,
)

router = SimpleRouter()
router.register("households", HouseholdViewSet, basename="household")
router.register("residents", ResidentViewSet, basename="resident")
router.register("deployments", DeploymentViewSet, basename="deployment")
router.register("duty-logs", DutyLogViewSet, basename="dutylog")
router.register("cadre-feedback", FeedbackViewSet, basename="feedback")
router.register("resident-groups", ResidentGroupViewSet, basename="residentgroup")
urlpatterns = router.urls
