from django.urls import path

from fugong.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.ChangeLogListView.as_view(), name="changelog_list"),
    path("<int:pk>/", views.ChangeLogDetailView.as_view(), name="changelog_detail"),
]
