"""URLs of the community work (下沉社区)."""

from django.urls import path

from fugong.community.views import cadres, feedback, groups, importing, residents

app_name = "community"
urlpatterns = [
    path("", cadres.CoverTodayView.as_view(), name="cover_today"),
    # Deployments and duty.
    path("deployments/", cadres.DeploymentListView.as_view(), name="deployment_list"),
    path("deployments/new/", cadres.DeploymentEditView.as_view(), name="deployment_add"),
    path("deployments/<int:pk>/", cadres.DeploymentDetailView.as_view(), name="deployment_detail"),
    path("deployments/<int:pk>/edit/", cadres.DeploymentEditView.as_view(), name="deployment_edit"),
    path("deployments/<int:pk>/end/", cadres.DeploymentEndView.as_view(), name="deployment_end"),
    path("cadres/<int:pk>/", cadres.CadreRecordView.as_view(), name="cadre_record"),
    path("duty/", cadres.DutyCheckInView.as_view(), name="duty_check_in"),
    path("duty/", cadres.DutyCheckInView.as_view(), name="duty_add"),  # the list's "Add"
    path("duty/logs/", cadres.DutyLogListView.as_view(), name="duty_list"),
    path("duty/logs/<int:pk>/", cadres.DutyLogDetailView.as_view(), name="duty_detail"),
    path("duty/logs/<int:pk>/photo/", cadres.DutyPhotoView.as_view(), name="duty_photo"),
    # The survey.
    path("residents/", residents.ResidentListView.as_view(), name="resident_list"),
    path("residents/new/", residents.ResidentEditView.as_view(), name="resident_add"),
    path("residents/<int:pk>/", residents.ResidentDetailView.as_view(), name="resident_detail"),
    path("residents/<int:pk>/edit/", residents.ResidentEditView.as_view(), name="resident_edit"),
    path(
        "residents/<int:pk>/delete/", residents.ResidentDeleteView.as_view(), name="resident_delete"
    ),
    path("residents/import/", importing.ResidentImportView.as_view(), name="resident_import"),
    path(
        "residents/import/template/",
        importing.ResidentImportTemplateView.as_view(),
        name="resident_import_template",
    ),
    path(
        "residents/import/<str:token>/",
        importing.ResidentImportPreviewView.as_view(),
        name="resident_import_preview",
    ),
    path("households/", residents.HouseholdListView.as_view(), name="household_list"),
    path("households/new/", residents.HouseholdEditView.as_view(), name="household_add"),
    path("households/<int:pk>/", residents.HouseholdDetailView.as_view(), name="household_detail"),
    path("households/<int:pk>/edit/", residents.HouseholdEditView.as_view(), name="household_edit"),
    # Building groups.
    path("groups/", groups.ResidentGroupListView.as_view(), name="group_list"),
    path("groups/new/", groups.ResidentGroupEditView.as_view(), name="group_add"),
    path("groups/<int:pk>/", groups.ResidentGroupDetailView.as_view(), name="group_detail"),
    path("groups/<int:pk>/edit/", groups.ResidentGroupEditView.as_view(), name="group_edit"),
    path("groups/<int:pk>/delete/", groups.ResidentGroupDeleteView.as_view(), name="group_delete"),
    # Feedback.
    path("feedback/", feedback.FeedbackListView.as_view(), name="feedback_list"),
    path("feedback/new/", feedback.FeedbackAddView.as_view(), name="feedback_add"),
    path("feedback/<int:pk>/", feedback.FeedbackDetailView.as_view(), name="feedback_detail"),
    path("feedback/<int:pk>/hide/", feedback.FeedbackHideView.as_view(), name="feedback_hide"),
    path("communities/<int:pk>/link/", feedback.CommunityLinkView.as_view(), name="community_link"),
]
