from rest_framework.routers import SimpleRouter

from fugong.supervision.api import views

router = SimpleRouter()
router.register("inspectors", views.InspectorViewSet, basename="inspector")
router.register("inspector-conflicts", views.ConflictViewSet, basename="conflictdeclaration")
router.register("inspection-checklists", views.ChecklistViewSet, basename="inspectionchecklist")
router.register("inspections", views.InspectionViewSet, basename="inspection")
router.register("findings", views.FindingViewSet, basename="finding")
router.register("stop-work-orders", views.StopWorkViewSet, basename="stopworkorder")
router.register("inspection-targets", views.TargetViewSet, basename="inspectiontarget")
router.register("supervision-events", views.EventViewSet, basename="supervisionevent")
urlpatterns = router.urls
