from django.urls import path

from fugong.construction.views import reports as views

urlpatterns = [
    path("reports/", views.DailyReportListView.as_view(), name="report_list"),
    path("reports/today/", views.DailyReportFormView.as_view(), name="report_today"),
    # The generic list's "Add" button leads to the same form.
    path("reports/today/", views.DailyReportFormView.as_view(), name="report_add"),
    path("reports/missing/", views.MissingReportListView.as_view(), name="report_missing"),
    path("reports/summary/", views.DailySummaryView.as_view(), name="report_summary"),
    path("reports/unlock/", views.ReportUnlockView.as_view(), name="report_unlock"),
    path("reports/settings/", views.ReportingSettingsView.as_view(), name="report_settings"),
    path("reports/<int:pk>/", views.DailyReportDetailView.as_view(), name="report_detail"),
    path("reports/<int:pk>/edit/", views.DailyReportEditView.as_view(), name="report_edit"),
]
