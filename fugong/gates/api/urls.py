from rest_framework.routers import SimpleRouter

from fugong.gates.api.views import (
    CaseViewSet,
    CheckpointViewSet,
    ContactTracingViewSet,
    PassageViewSet,
    RetentionPurgeViewSet,
    TracingRunViewSet,
)

router = SimpleRouter()
router.register("checkpoints", CheckpointViewSet, basename="checkpoint")
router.register("passages", PassageViewSet, basename="passage")
router.register("contact-tracing", ContactTracingViewSet, basename="contact-tracing")
router.register("tracing-cases", CaseViewSet, basename="tracing-case")
router.register("tracing-runs", TracingRunViewSet, basename="tracing-run")
router.register("retention-purges", RetentionPurgeViewSet, basename="retention-purge")
urlpatterns = router.urls
