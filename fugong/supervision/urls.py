from django.urls import path

from fugong.common.public import public_endpoint
from fugong.supervision.views import inspections, public, rectification, registry

app_name = "supervision"
urlpatterns = [
    # No login: the public disclosure (一公开), rate-limited per address.
    path("public/", public_endpoint(public.disclosure), name="disclosure"),
    path("inspections/", inspections.InspectionListView.as_view(), name="inspection_list"),
    path("inspections/new/", inspections.InspectionStartView.as_view(), name="inspection_add"),
    path(
        "inspections/<int:pk>/",
        inspections.InspectionDetailView.as_view(),
        name="inspection_detail",
    ),
    path(
        "inspections/<int:pk>/answers/",
        inspections.InspectionAnswersView.as_view(),
        name="inspection_answers",
    ),
    path(
        "inspections/<int:pk>/findings/",
        inspections.FindingAddView.as_view(),
        name="finding_add",
    ),
    path(
        "inspections/<int:pk>/findings/<int:finding>/withdraw/",
        inspections.FindingWithdrawView.as_view(),
        name="finding_withdraw",
    ),
    path(
        "inspections/<int:pk>/complete/",
        inspections.InspectionCompleteView.as_view(),
        name="inspection_complete",
    ),
    path("findings/", rectification.FindingListView.as_view(), name="finding_list"),
    path("findings/<int:pk>/", rectification.FindingDetailView.as_view(), name="finding_detail"),
    path("findings/<int:pk>/reply/", rectification.ReplyView.as_view(), name="finding_reply"),
    path("findings/<int:pk>/review/", rectification.ReviewView.as_view(), name="finding_review"),
    path("photos/<int:pk>/", rectification.PhotoView.as_view(), name="photo"),
    path("stop-work/", rectification.StopWorkListView.as_view(), name="stopwork_list"),
    path("stop-work/<int:pk>/", rectification.StopWorkDetailView.as_view(), name="stopwork_detail"),
    path("targets/", rectification.TargetListView.as_view(), name="target_list"),
    path("inspectors/", registry.InspectorListView.as_view(), name="inspector_list"),
    path("inspectors/new/", registry.InspectorEditView.as_view(), name="inspector_add"),
    path("inspectors/<int:pk>/", registry.InspectorDetailView.as_view(), name="inspector_detail"),
    path("inspectors/<int:pk>/edit/", registry.InspectorEditView.as_view(), name="inspector_edit"),
    path(
        "inspectors/<int:pk>/conflicts/",
        registry.ConflictDeclareView.as_view(),
        name="conflict_declare",
    ),
    path(
        "conflicts/<int:pk>/withdraw/",
        registry.ConflictWithdrawView.as_view(),
        name="conflict_withdraw",
    ),
    path("checklists/", registry.ChecklistListView.as_view(), name="checklist_list"),
    path("checklists/new/", registry.ChecklistEditView.as_view(), name="checklist_add"),
    path("checklists/<int:pk>/", registry.ChecklistDetailView.as_view(), name="checklist_detail"),
    path("checklists/<int:pk>/edit/", registry.ChecklistEditView.as_view(), name="checklist_edit"),
    path(
        "checklists/<int:pk>/activate/",
        registry.ChecklistActivateView.as_view(),
        name="checklist_activate",
    ),
]
