from rest_framework.routers import SimpleRouter

from fugong.audit.api.views import ChangeLogViewSet

router = SimpleRouter()
router.register("changelog", ChangeLogViewSet, basename="changelog")
urlpatterns = router.urls
