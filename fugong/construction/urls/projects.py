from django.urls import path

from fugong.construction.views import project_import
from fugong.construction.views import projects as views

urlpatterns = [
    path("projects/", views.ProjectListView.as_view(), name="project_list"),
    path("projects/new/", views.ProjectEditView.as_view(), name="project_add"),
    path("projects/<int:pk>/", views.ProjectDetailView.as_view(), name="project_detail"),
    path("projects/<int:pk>/edit/", views.ProjectEditView.as_view(), name="project_edit"),
    path(
        "projects/<int:pk>/complete/",
        views.ProjectCompleteView.as_view(),
        name="project_complete",
    ),
    # Responsible persons (inline, htmx).
    path(
        "projects/<int:pk>/contacts/",
        views.ProjectContactsView.as_view(),
        name="project_contacts",
    ),
    path(
        "projects/<int:pk>/contacts/new/",
        views.ProjectContactEditView.as_view(),
        name="project_contact_add",
    ),
    path(
        "projects/<int:pk>/contacts/<int:contact_pk>/edit/",
        views.ProjectContactEditView.as_view(),
        name="project_contact_edit",
    ),
    path(
        "projects/<int:pk>/contacts/<int:contact_pk>/archive/",
        views.ProjectContactArchiveView.as_view(),
        name="project_contact_archive",
    ),
    # Output-value targets (inline, htmx).
    path("projects/<int:pk>/targets/", views.ProjectTargetsView.as_view(), name="project_targets"),
    path(
        "projects/<int:pk>/targets/new/",
        views.ProjectTargetAddView.as_view(),
        name="project_target_add",
    ),
    path(
        "projects/<int:pk>/targets/<int:target_pk>/archive/",
        views.ProjectTargetArchiveView.as_view(),
        name="project_target_archive",
    ),
    # Excel import.
    path(
        "projects/import/",
        project_import.ProjectImportView.as_view(),
        name="project_import",
    ),
    path(
        "projects/import/template.xlsx",
        project_import.ProjectImportTemplateView.as_view(),
        name="project_import_template",
    ),
    path(
        "projects/import/<str:token>/",
        project_import.ProjectImportPreviewView.as_view(),
        name="project_import_preview",
    ),
]
