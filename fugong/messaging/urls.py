from django.urls import path

from fugong.messaging.views import channels, inbox, notices

app_name = "messaging"
urlpatterns = [
    path("", inbox.inbox, name="inbox"),
    path("badge/", inbox.unread_badge, name="badge"),
    path("<int:pk>/open/", inbox.open_message, name="open"),
    path("read-all/", inbox.mark_all_read, name="mark_all_read"),
    # notices as their recipients read them
    path("notices/", notices.notice_inbox, name="notice_inbox"),
    path("notices/<int:pk>/", notices.notice_read, name="notice_detail"),
    path("notices/<int:pk>/acknowledge/", notices.notice_ack, name="notice_ack"),
    path("attachments/<int:pk>/", notices.attachment_download, name="attachment"),
    # issuing notices
    path("issue/", notices.NoticeListView.as_view(), name="notice_list"),
    path("issue/add/", notices.NoticeEditView.as_view(), name="notice_add"),
    path("issue/<int:pk>/", notices.NoticeManageView.as_view(), name="notice_manage_detail"),
    path("issue/<int:pk>/edit/", notices.NoticeEditView.as_view(), name="notice_edit"),
    path("issue/<int:pk>/publish/", notices.notice_publish_view, name="notice_publish"),
    path("issue/<int:pk>/broadcast/", notices.notice_broadcast_view, name="notice_broadcast"),
    path("issue/<int:pk>/withdraw/", notices.notice_withdraw_view, name="notice_withdraw"),
    path("issue/<int:pk>/attach/", notices.notice_attach_view, name="notice_attach"),
    path(
        "issue/<int:pk>/attachments/<int:attachment_pk>/remove/",
        notices.notice_detach_view,
        name="notice_detach",
    ),
    # channels and the outbox
    path("channels/", channels.ChannelListView.as_view(), name="channel_list"),
    path("channels/add/", channels.ChannelEditView.as_view(), name="channel_add"),
    path("channels/<int:pk>/", channels.ChannelDetailView.as_view(), name="channel_detail"),
    path("channels/<int:pk>/edit/", channels.ChannelEditView.as_view(), name="channel_edit"),
    path("channels/<int:pk>/test/", channels.channel_test_view, name="channel_test"),
    path("outbox/", channels.OutboxListView.as_view(), name="outbox_list"),
    path("outbox/<int:pk>/", channels.OutboxDetailView.as_view(), name="outbox_detail"),
    path("outbox/<int:pk>/resend/", channels.outbox_resend_view, name="outbox_resend"),
    path("outbox/<int:pk>/settle/", channels.outbox_settle_view, name="outbox_settle"),
]
