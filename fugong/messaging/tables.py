import django_tables2 as tables

from fugong.messaging.models import Channel, Notice, OutboxMessage

ATTRS = {"class": "table table-sm table-hover align-middle"}


class NoticeTable(tables.Table):
    title = tables.Column(linkify=lambda record: record.get_absolute_url())

    class Meta:
        model = Notice
        fields = ("title", "kind", "status", "region", "published_at", "recipient_count")
        attrs = ATTRS
        order_by = ("-published_at",)


class ChannelTable(tables.Table):
    name = tables.Column(linkify=lambda record: record.get_absolute_url())

    class Meta:
        model = Channel
        fields = ("name", "kind", "region", "organisation", "address_hint", "is_active")
        attrs = ATTRS


class OutboxTable(tables.Table):
    key = tables.Column(linkify=lambda record: record.get_absolute_url())

    class Meta:
        model = OutboxMessage
        fields = (
            "key",
            "channel",
            "status",
            "attempts",
            "next_attempt_at",
            "sent_at",
            "last_error",
        )
        attrs = ATTRS
        order_by = ("-created_at",)
