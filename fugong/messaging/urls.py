from django.urls import path

from fugong.messaging import views

app_name = "messaging"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("badge/", views.unread_badge, name="badge"),
    path("<int:pk>/open/", views.open_message, name="open"),
    path("read-all/", views.mark_all_read, name="mark_all_read"),
]
