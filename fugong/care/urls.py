from django.urls import path

from fugong.care.views import errands, overview, public, quarantine, supplies
from fugong.common.public import public_endpoint

app_name = "care"
urlpatterns = [
    path("", overview.CareOverviewView.as_view(), name="overview"),
    path("quarantine/", quarantine.QuarantineListView.as_view(), name="quarantine_list"),
    path(
        "quarantine/overdue/",
        quarantine.QuarantineListView.as_view(only_overdue=True),
        name="quarantine_overdue",
    ),
    path("quarantine/new/", quarantine.QuarantineStartView.as_view(), name="quarantine_add"),
    path(
        "quarantine/<int:pk>/", quarantine.QuarantineDetailView.as_view(), name="quarantine_detail"
    ),
    *(
        path(
            f"quarantine/<int:pk>/{op.replace('_', '-')}/",
            quarantine.QuarantineActionView.as_view(operation=op),
            name=f"quarantine_{op}",
        )
        for op in ("check", "change_end", "release", "issue_link", "revoke_link")
    ),
    path("errands/", errands.ErrandListView.as_view(), name="errand_list"),
    path("errands/new/", errands.ErrandRequestView.as_view(), name="errand_add"),
    path("errands/<int:pk>/", errands.ErrandDetailView.as_view(), name="errand_detail"),
    *(
        path(
            f"errands/<int:pk>/{op}/",
            errands.ErrandActionView.as_view(operation=op),
            name=f"errand_{op}",
        )
        for op in ("assign", "deliver", "repay", "cancel")
    ),
    path("disinfection/", supplies.DisinfectionListView.as_view(), name="disinfection_list"),
    path("disinfection/new/", supplies.DisinfectionAddView.as_view(), name="disinfection_add"),
    path("disinfection/coverage/", supplies.CoverageView.as_view(), name="disinfection_coverage"),
    path(
        "disinfection/<int:pk>/",
        supplies.DisinfectionDetailView.as_view(),
        name="disinfection_detail",
    ),
    path("supplies/", supplies.SupplyListView.as_view(), name="supply_list"),
    path("supplies/new/", supplies.SupplyItemEditView.as_view(), name="supply_add"),
    path("supplies/<int:pk>/", supplies.SupplyDetailView.as_view(), name="supply_detail"),
    path("supplies/<int:pk>/edit/", supplies.SupplyItemEditView.as_view(), name="supply_edit"),
    *(
        path(
            f"supplies/<int:pk>/{op}/",
            supplies.SupplyMoveView.as_view(operation=op),
            name=f"supply_{op}",
        )
        for op in ("receive", "issue")
    ),
    # No login: the personal link of a person in quarantine.
    path(
        "q/<str:token>/",
        public_endpoint(public.personal_page, group="public:care_personal"),
        name="personal",
    ),
]
