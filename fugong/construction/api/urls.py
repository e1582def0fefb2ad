from rest_framework.routers import SimpleRouter

from fugong.construction.api.commitments import (
    ChecklistTemplateViewSet,
    CommitmentViewSet,
    ConcernViewSet,
    CreditRecordViewSet,
)
from fugong.construction.api.projects import (
    ProjectContactViewSet,
    ProjectTargetViewSet,
    ProjectViewSet,
)
from fugong.construction.api.reports import DailyReportViewSet

router = SimpleRouter()
router.register("projects", ProjectViewSet, basename="project")
router.register("project-contacts", ProjectContactViewSet, basename="projectcontact")
router.register("project-targets", ProjectTargetViewSet, basename="projecttarget")
router.register("commitments", CommitmentViewSet, basename="commitment")
router.register("checklist-templates", ChecklistTemplateViewSet, basename="checklisttemplate")
router.register("concerns", ConcernViewSet, basename="concern")
router.register("credit-records", CreditRecordViewSet, basename="creditrecord")
router.register("daily-reports", DailyReportViewSet, basename="dailyreport")
urlpatterns = router.urls
