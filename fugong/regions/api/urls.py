from rest_framework.routers import SimpleRouter

from fugong.regions.api.views import RegionViewSet

router = SimpleRouter()
router.register("regions", RegionViewSet, basename="region")
urlpatterns = router.urls
