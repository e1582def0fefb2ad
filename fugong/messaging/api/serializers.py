from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from fugong.messaging.choices import (
    AttemptOutcome,
    ChannelKind,
    NoticeKind,
    NoticeStatus,
    OutboxStatus,
)
from fugong.messaging.models import DeliveryAttempt, Notice, OutboxMessage, ReadReceipt


def choice(choices, **kwargs):
    """A choice field documented as a string with its values listed: as enums, "status"
    and "kind" would collide with other apps' enums of the same field name (drf-spectacular
    W001, which fails `check --deploy`) unless settings named every one of them."""
    values = ", ".join(choices.values)

    @extend_schema_field({"type": "string", "description": f"One of: {values}."})
    class Choice(serializers.ChoiceField):
        pass

    return Choice(choices=choices.choices, **kwargs)


class NoticeSerializer(serializers.ModelSerializer):
    audience_roles = serializers.ListField(child=serializers.CharField(), required=False)
    kind = choice(NoticeKind)
    status = choice(NoticeStatus, read_only=True)

    class Meta:
        model = Notice
        fields = [
            "id",
            "kind",
            "title",
            "body",
            "region",
            "organisation",
            "audience_roles",
            "audience_regions",
            "audience_organisations",
            "requires_ack",
            "is_public",
            "status",
            "published_at",
            "withdrawn_at",
            "withdraw_reason",
            "recipient_count",
            "version",
            "created_at",
        ]
        read_only_fields = [
            "status",
            "published_at",
            "withdrawn_at",
            "withdraw_reason",
            "recipient_count",
            "version",
            "created_at",
        ]
        extra_kwargs = {
            "audience_regions": {"required": False},
            "audience_organisations": {"required": False},
        }


class ReceiptSerializer(serializers.ModelSerializer):
    notice_title = serializers.CharField(source="notice.title", read_only=True)
    notice_kind = choice(NoticeKind, source="notice.kind", read_only=True)
    requires_ack = serializers.BooleanField(source="notice.requires_ack", read_only=True)
    username = serializers.CharField(source="user.username", read_only=True)

    class Meta:
        model = ReadReceipt
        fields = [
            "id",
            "notice",
            "notice_title",
            "notice_kind",
            "requires_ack",
            "user",
            "username",
            "delivered_at",
            "read_at",
            "acknowledged_at",
        ]
        read_only_fields = fields


class PublishSerializer(serializers.Serializer):
    channels = serializers.ListField(child=serializers.IntegerField(), required=False)


class WithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


class AttemptSerializer(serializers.ModelSerializer):
    outcome = choice(AttemptOutcome, read_only=True)

    class Meta:
        model = DeliveryAttempt
        fields = ["started_at", "finished_at", "outcome", "http_status", "response", "error"]


class OutboxSerializer(serializers.ModelSerializer):
    status = choice(OutboxStatus, read_only=True)
    attempts_log = AttemptSerializer(source="delivery_attempts", many=True, read_only=True)

    class Meta:
        model = OutboxMessage
        fields = [
            "id",
            "key",
            "channel",
            "text",
            "part",
            "parts",
            "source",
            "status",
            "attempts",
            "next_attempt_at",
            "sent_at",
            "last_error",
            "last_response",
            "created_at",
            "attempts_log",
        ]
        read_only_fields = fields


class SettleSerializer(serializers.Serializer):
    delivered = serializers.BooleanField()


class ChannelSerializer(serializers.ModelSerializer):
    """The address and the signing secret are credentials: written, never read back."""

    address = serializers.CharField(write_only=True, required=False, allow_blank=True)
    secret = serializers.CharField(write_only=True, required=False, allow_blank=True)
    kind = choice(ChannelKind)

    class Meta:
        from fugong.messaging.models import Channel

        model = Channel
        fields = [
            "id",
            "name",
            "kind",
            "region",
            "organisation",
            "address",
            "secret",
            "address_hint",
            "rate_per_minute",
            "is_active",
            "version",
            "created_at",
        ]
        read_only_fields = ["address_hint", "version", "created_at"]
        extra_kwargs = {"rate_per_minute": {"required": False}}
