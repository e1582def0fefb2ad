"""The no-login page a community's QR code leads to (rate-limited per address)."""

from django.urls import path

from fugong.common.public import public_endpoint
from fugong.community.views.feedback import public_feedback

app_name = "community_public"
urlpatterns = [
    path("<str:token>/rate/", public_endpoint(public_feedback), name="feedback"),
]
