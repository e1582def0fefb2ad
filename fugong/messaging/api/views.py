"""API of notices, read receipts and the outbox: the same services and scope as the pages.

- `notices`: issuers list/create/edit drafts in scope; `publish` (optionally to
  channels), `withdraw`, `receipts`; `attachments` upload (multipart `file`).
- `my-notices`: the receipts of the caller (what was sent to them); `read`, `acknowledge`.
- `channels`: group robots, webhooks and SMS in scope; the address and secret are
  write-only; `test` queues a test message.
- `outbox`: admins list messages in scope (filter `status=dead` for dead letters),
  `resend`, `settle` (an uncertain one: delivered or not).
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from fugong.common.api import ScopedModelViewSet, ScopedViewSet
from fugong.messaging.filters import NoticeFilter, OutboxFilter
from fugong.messaging.models import Channel, Notice, OutboxMessage, ReadReceipt
from fugong.messaging.selectors import notices_for_reader
from fugong.messaging.services.channels import channel_create, channel_test, channel_update
from fugong.messaging.services.notices import (
    notice_acknowledge,
    notice_attach,
    notice_create,
    notice_mark_read,
    notice_publish,
    notice_update,
    notice_withdraw,
)
from fugong.messaging.services.outbox import outbox_close, outbox_resend

from .serializers import (
    ChannelSerializer,
    NoticeSerializer,
    OutboxSerializer,
    PublishSerializer,
    ReceiptSerializer,
    SettleSerializer,
    WithdrawSerializer,
)


class AttachmentUploadSerializer(serializers.Serializer):
    file = serializers.FileField()


class NoticeViewSet(ScopedModelViewSet):
    queryset = Notice.objects.select_related("region").prefetch_related(
        "audience_regions", "audience_organisations"
    )
    serializer_class = NoticeSerializer
    filterset_class = NoticeFilter
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    action_permissions = {
        "publish": "messaging.publish_notice",
        "withdraw": "messaging.publish_notice",
        "receipts": "view",
        "attachments": "change",
    }

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = notice_create(
            actor=self.request.user,
            kind=data["kind"],
            title=data["title"],
            body=data["body"],
            region=data["region"],
            organisation=data.get("organisation"),
            audience_roles=data.get("audience_roles", []),
            audience_regions=data.get("audience_regions", []),
            audience_organisations=data.get("audience_organisations", []),
            requires_ack=data.get("requires_ack", False),
            is_public=data.get("is_public", False),
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        m2m = {k: data.pop(k) for k in ("audience_regions", "audience_organisations") if k in data}
        serializer.instance = notice_update(
            actor=self.request.user,
            notice_id=serializer.instance.pk,
            data=data,
            m2m=m2m,
            expected_version=self.expected_version(),
        )

    @extend_schema(request=PublishSerializer, responses=NoticeSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        body = PublishSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        ids = body.validated_data.get("channels", [])
        channels = list(Channel.objects.filter(pk__in=ids))
        if len(channels) != len(set(ids)):
            channels += [Channel(pk=i) for i in set(ids) - {c.pk for c in channels}]
        notice = notice_publish(actor=request.user, notice_id=pk, channels=channels)
        return Response(NoticeSerializer(notice).data)

    @extend_schema(request=WithdrawSerializer, responses=NoticeSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        body = WithdrawSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        notice = notice_withdraw(
            actor=request.user, notice_id=pk, reason=body.validated_data["reason"]
        )
        return Response(NoticeSerializer(notice).data)

    @extend_schema(responses=ReceiptSerializer(many=True))
    @action(detail=True, methods=["get"])
    def receipts(self, request, pk=None):
        notice = get_object_or_404(self.get_queryset(), pk=pk)
        receipts = notice.receipts.select_related("user", "notice").order_by("user__username")
        page = self.paginate_queryset(receipts)
        return self.get_paginated_response(ReceiptSerializer(page, many=True).data)

    @extend_schema(request=AttachmentUploadSerializer, responses={201: None})
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser])
    def attachments(self, request, pk=None):
        body = AttachmentUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        attachment = notice_attach(
            actor=request.user, notice_id=pk, file=body.validated_data["file"]
        )
        return Response({"id": attachment.pk, "name": attachment.name}, status=201)


class MyNoticeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The caller's own receipts; no grant is needed to read what was sent to you."""

    serializer_class = ReceiptSerializer
    permission_classes = [permissions.IsAuthenticated]
    queryset = ReadReceipt.objects.none()

    def get_queryset(self):
        qs = notices_for_reader(self.request.user)
        if self.request.query_params.get("unread"):
            qs = qs.filter(read_at__isnull=True)
        return qs

    def get_object(self):
        return get_object_or_404(self.get_queryset(), notice_id=self.kwargs["pk"])

    @extend_schema(request=None, responses=ReceiptSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        receipt = notice_mark_read(user=request.user, notice_id=pk)
        return Response(ReceiptSerializer(receipt).data)

    @extend_schema(request=None, responses=ReceiptSerializer)
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        receipt = notice_acknowledge(user=request.user, notice_id=pk)
        return Response(ReceiptSerializer(receipt).data)


class OutboxViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    queryset = OutboxMessage.objects.select_related("channel").prefetch_related("delivery_attempts")
    serializer_class = OutboxSerializer
    filterset_class = OutboxFilter
    action_permissions = {
        "resend": "messaging.resend_outboxmessage",
        "settle": "messaging.resend_outboxmessage",
    }

    @extend_schema(request=None, responses=OutboxSerializer)
    @action(detail=True, methods=["post"])
    def resend(self, request, pk=None):
        return Response(OutboxSerializer(outbox_resend(actor=request.user, message_id=pk)).data)

    @extend_schema(request=SettleSerializer, responses=OutboxSerializer)
    @action(detail=True, methods=["post"])
    def settle(self, request, pk=None):
        body = SettleSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        message = outbox_close(
            actor=request.user, message_id=pk, delivered=body.validated_data["delivered"]
        )
        return Response(OutboxSerializer(message).data)


class ChannelViewSet(ScopedModelViewSet):
    queryset = Channel.objects.select_related("region", "organisation")
    serializer_class = ChannelSerializer
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    action_permissions = {"test": "change"}

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = channel_create(
            actor=self.request.user,
            name=data.get("name", ""),
            kind=data.get("kind", ""),
            address=data.get("address", ""),
            secret=data.get("secret", ""),
            region=data.get("region"),
            organisation=data.get("organisation"),
            rate_per_minute=data.get("rate_per_minute"),
        )

    def perform_update(self, serializer):
        data = serializer.validated_data
        serializer.instance = channel_update(
            actor=self.request.user,
            channel_id=serializer.instance.pk,
            name=data.get("name"),
            address=data.get("address"),
            secret=data.get("secret"),
            rate_per_minute=data.get("rate_per_minute"),
            is_active=data.get("is_active"),
            expected_version=self.expected_version(),
        )

    @extend_schema(request=None, responses={200: None})
    @action(detail=True, methods=["post"])
    def test(self, request, pk=None):
        return Response({"queued": channel_test(actor=request.user, channel_id=pk)})
