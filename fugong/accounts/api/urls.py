from rest_framework.routers import SimpleRouter

from fugong.accounts.api.views import RoleGrantViewSet, RoleViewSet, UserViewSet

router = SimpleRouter()
router.register("users", UserViewSet, basename="user")
router.register("roles", RoleViewSet, basename="role")
router.register("grants", RoleGrantViewSet, basename="grant")
urlpatterns = router.urls
