from django.urls import path

from fugong.messaging.views import inbox

app_name = "messaging"
urlpatterns = [
    path("", inbox.inbox, name="inbox"),
    path("badge/", inbox.unread_badge, name="badge"),
    path("<int:pk>/open/", inbox.open_message, name="open"),
    path("read-all/", inbox.mark_all_read, name="mark_all_read"),
]
