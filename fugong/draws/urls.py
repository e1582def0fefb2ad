from django.urls import path

from fugong.common.public import public_endpoint
from fugong.draws.views import internal, public

app_name = "draws"
urlpatterns = [
    # No login: the disclosure of draws (一公开), rate-limited per address.
    path("public/", public_endpoint(public.draw_list), name="public_list"),
    path("public/verify/", public_endpoint(public.verify), name="public_verify"),
    path("public/<str:number>/", public_endpoint(public.draw_detail), name="public_detail"),
    path(
        "public/<str:number>.json",
        public_endpoint(public.draw_document),
        name="public_document",
    ),
    path("", internal.DrawListView.as_view(), name="draw_list"),
    path("new/", internal.DrawPrepareView.as_view(), name="draw_add"),
    path("<int:pk>/", internal.DrawDetailView.as_view(), name="draw_detail"),
    path("<int:pk>/<slug:step>/", internal.DrawStepView.as_view(), name="draw_step"),
]
