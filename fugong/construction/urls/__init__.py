"""URLs of work resumption, one module per sub-domain."""

from fugong.construction.urls import commitments, projects, reports

app_name = "construction"
urlpatterns = [
    *projects.urlpatterns,
    *commitments.urlpatterns,
    *reports.urlpatterns,
]
