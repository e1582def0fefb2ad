"""Pages of channels (building groups, departments, communities) and the outbox."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fugong.common.errors import FugongError
from fugong.common.views import ObjectDetailView, ObjectEditView, ObjectListView
from fugong.messaging.filters import ChannelFilter, OutboxFilter
from fugong.messaging.forms import ChannelForm
from fugong.messaging.models import Channel, OutboxMessage
from fugong.messaging.services.channels import channel_create, channel_test, channel_update
from fugong.messaging.services.outbox import RESEND, outbox_close, outbox_resend
from fugong.messaging.tables import ChannelTable, OutboxTable


class ChannelListView(ObjectListView):
    model = Channel
    table_class = ChannelTable
    filterset_class = ChannelFilter
    url_base = "messaging:channel"

    def get_queryset(self):
        return super().get_queryset().select_related("region", "organisation")


class ChannelDetailView(ObjectDetailView):
    model = Channel
    template_name = "messaging/channel_detail.html"
    detail_fields = (
        "name",
        "kind",
        "region",
        "organisation",
        "address_hint",
        "rate_per_minute",
        "is_active",
        "created_by",
    )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["url_base"] = "messaging:channel"
        ctx["owner"] = self.object.owner
        ctx["recent"] = self.object.messages.order_by("-created_at")[:20]
        return ctx


class ChannelEditView(ObjectEditView):
    model = Channel
    form_class = ChannelForm

    def create(self, form):
        data = form.cleaned_data
        return channel_create(
            actor=self.request.user,
            name=data["name"],
            kind=data["kind"],
            address=data["address"],
            secret=data.get("secret", ""),
            region=data.get("region"),
            organisation=data.get("organisation"),
            rate_per_minute=data.get("rate_per_minute"),
        )

    def update(self, instance, form, version):
        data = form.cleaned_data
        return channel_update(
            actor=self.request.user,
            channel_id=instance.pk,
            name=data["name"],
            address=data.get("address"),
            secret=data.get("secret"),
            rate_per_minute=data.get("rate_per_minute"),
            is_active=data.get("is_active"),
            expected_version=version,
        )


def _run(request, action, success):
    try:
        action()
    except FugongError as exc:
        if exc.status == 404:
            raise Http404 from None
        if exc.status == 403:
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied from None
        messages.error(request, exc.message)
    else:
        messages.success(request, success)


@login_required
@require_POST
def channel_test_view(request, pk):
    _run(
        request, lambda: channel_test(actor=request.user, channel_id=pk), _("Test message queued.")
    )
    return redirect("messaging:channel_detail", pk=pk)


class OutboxListView(ObjectListView):
    """Every outgoing message in scope; admins filter to the failed ones (dead letters)."""

    model = OutboxMessage
    table_class = OutboxTable
    filterset_class = OutboxFilter
    url_base = ""

    def get_queryset(self):
        return super().get_queryset().select_related("channel")


class OutboxDetailView(ObjectDetailView):
    model = OutboxMessage
    template_name = "messaging/outbox_detail.html"
    detail_fields = (
        "key",
        "channel",
        "status",
        "text",
        "part",
        "parts",
        "source",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "last_error",
        "last_response",
        "created_by",
        "created_at",
    )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["url_base"] = ""
        ctx["can_change"] = False
        ctx["attempts"] = self.object.delivery_attempts.all()[:50]
        ctx["can_resend"] = self.request.user.has_perm(RESEND)
        return ctx


@login_required
@require_POST
def outbox_resend_view(request, pk):
    _run(request, lambda: outbox_resend(actor=request.user, message_id=pk), _("Queued again."))
    return redirect("messaging:outbox_detail", pk=pk)


@login_required
@require_POST
def outbox_settle_view(request, pk):
    delivered = request.POST.get("delivered") == "1"
    _run(
        request,
        lambda: outbox_close(actor=request.user, message_id=pk, delivered=delivered),
        _("Saved."),
    )
    return redirect("messaging:outbox_detail", pk=pk)
