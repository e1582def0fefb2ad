"""No-login pages of work resumption, under /public/ (namespace "public"). Every view is
wrapped in `public_endpoint`: rate-limited per address."""

from django.urls import path

from fugong.common.public import public_endpoint
from fugong.construction.views import public_commitments as views

app_name = "public"
urlpatterns = [
    path("sites/<str:token>/", public_endpoint(views.site_public), name="site"),
    path(
        "sites/<str:token>/concern/",
        public_endpoint(views.site_concern, group="public:site_concern"),
        name="site_concern",
    ),
    path(
        "commitments/",
        public_endpoint(views.commitment_list_public),
        name="commitment_list",
    ),
]
