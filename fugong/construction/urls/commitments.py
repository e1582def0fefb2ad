from django.urls import path

from fugong.construction.views import checklists
from fugong.construction.views import commitments as views

urlpatterns = [
    # Filing (enterprise) and the authority's inbox.
    path("commitments/", views.CommitmentListView.as_view(), name="commitment_list"),
    path("commitments/new/", views.CommitmentProjectPickView.as_view(), name="commitment_add"),
    path("projects/<int:pk>/commit/", views.CommitmentFileView.as_view(), name="commitment_file"),
    path("projects/<int:pk>/sign/", views.SiteSignView.as_view(), name="site_sign"),
    path("commitments/<int:pk>/", views.CommitmentDetailView.as_view(), name="commitment_detail"),
    path(
        "commitments/<int:pk>/verify/",
        views.CommitmentVerifyView.as_view(),
        name="commitment_verify",
    ),
    path(
        "commitments/<int:pk>/revoke/",
        views.CommitmentRevokeView.as_view(),
        name="commitment_revoke",
    ),
    path(
        "commitments/<int:pk>/letter.pdf",
        views.CommitmentLetterView.as_view(),
        name="commitment_letter",
    ),
    path(
        "commitments/<int:pk>/scan/",
        views.CommitmentFileDownloadView.as_view(),
        name="commitment_scan",
    ),
    path(
        "commitments/<int:pk>/answers/<int:answer>/file/",
        views.CommitmentFileDownloadView.as_view(),
        name="commitment_attachment",
    ),
    path("concerns/", views.ConcernListView.as_view(), name="concern_list"),
    path("concerns/<int:pk>/", views.ConcernDetailView.as_view(), name="concern_detail"),
    path("credit-records/", views.CreditRecordListView.as_view(), name="credit_list"),
    path("credit-records/<int:pk>/", views.CreditRecordDetailView.as_view(), name="credit_detail"),
    # Checklist templates and routing rules (bureau admin).
    path("checklists/", checklists.ChecklistTemplateListView.as_view(), name="template_list"),
    path("checklists/new/", checklists.ChecklistTemplateEditView.as_view(), name="template_add"),
    path(
        "checklists/item-row/",
        checklists.ChecklistItemRowView.as_view(),
        name="template_item_row",
    ),
    path(
        "checklists/<int:pk>/",
        checklists.ChecklistTemplateDetailView.as_view(),
        name="template_detail",
    ),
    path(
        "checklists/<int:pk>/edit/",
        checklists.ChecklistTemplateEditView.as_view(),
        name="template_edit",
    ),
    path(
        "checklists/<int:pk>/activate/",
        checklists.ChecklistTemplateActionView.as_view(operation="activate"),
        name="template_activate",
    ),
    path(
        "checklists/<int:pk>/new-version/",
        checklists.ChecklistTemplateActionView.as_view(operation="new_version"),
        name="template_new_version",
    ),
    path("routing-rules/", checklists.RoutingRuleListView.as_view(), name="routingrule_list"),
    path("routing-rules/new/", checklists.RoutingRuleEditView.as_view(), name="routingrule_add"),
    path(
        "routing-rules/<int:pk>/edit/",
        checklists.RoutingRuleEditView.as_view(),
        name="routingrule_edit",
    ),
]
