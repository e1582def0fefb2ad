from rest_framework.routers import SimpleRouter

from fugong.messaging.api.views import (
    ChannelViewSet,
    MyNoticeViewSet,
    NoticeViewSet,
    OutboxViewSet,
)

router = SimpleRouter()
router.register("notices", NoticeViewSet, basename="notice")
router.register("my-notices", MyNoticeViewSet, basename="my-notice")
router.register("channels", ChannelViewSet, basename="channel")
router.register("outbox", OutboxViewSet, basename="outboxmessage")
urlpatterns = router.urls
