"""The no-login notice board, mounted under /public/notices/ (rate-limited)."""

from django.urls import path

from fugong.common.public import public_endpoint
from fugong.messaging.views import public

app_name = "messaging_public"
urlpatterns = [
    path("", public_endpoint(public.public_notice_list), name="list"),
    path("<int:pk>/", public_endpoint(public.public_notice_detail), name="detail"),
    path("attachments/<int:pk>/", public_endpoint(public.public_attachment), name="attachment"),
]
