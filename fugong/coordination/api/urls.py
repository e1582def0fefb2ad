from rest_framework.routers import SimpleRouter

from fugong.coordination.api.views import TicketRouteViewSet, TicketViewSet, VehiclePassViewSet

router = SimpleRouter()
router.register("tickets", TicketViewSet, basename="ticket")
router.register("ticket-routes", TicketRouteViewSet, basename="ticketroute")
router.register("vehicle-passes", VehiclePassViewSet, basename="vehiclepass")
urlpatterns = router.urls
