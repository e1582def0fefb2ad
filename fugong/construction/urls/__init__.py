"""URLs of work resumption, one module per sub-domain."""

from fugong.construction.urls import projects

app_name = "construction"
urlpatterns = [
    *projects.urlpatterns,
]
