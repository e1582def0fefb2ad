from rest_framework.routers import SimpleRouter

from fugong.construction.api.projects import ProjectViewSet

router = SimpleRouter()
router.register("projects", ProjectViewSet, basename="project")
urlpatterns = router.urls
