from django.urls import path

from fugong.dashboard.api.views import DashboardAPIView

urlpatterns = [path("dashboard/", DashboardAPIView.as_view(), name="dashboard-api")]
