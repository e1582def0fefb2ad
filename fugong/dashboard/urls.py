from django.urls import path

from fugong.common.public import public_endpoint
from fugong.dashboard import views, views_bulletin, views_public

app_name = "dashboard"
urlpatterns = [
    path("", views.DashboardView.as_view(), name="home"),
    path("screen/", views.ScreenView.as_view(), name="screen"),
    path("bulletin/", views_bulletin.BulletinView.as_view(), name="bulletin"),
    path("bulletin/recipients/", views_bulletin.RecipientListView.as_view(), name="recipient_list"),
    # No login: the public disclosure (一公开), rate-limited per address.
    path("public/", public_endpoint(views_public.disclosure), name="disclosure"),
]
