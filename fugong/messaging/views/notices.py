"""Pages of notices: a person's notices (read, acknowledge), issuing and managing them
(draft, attach, publish to groups, withdraw, receipts), attachments."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fugong.common.errors import FugongError
from fugong.common.scoping import user_can
from fugong.common.views import ObjectDetailView, ObjectEditView, ObjectListView
from fugong.messaging.choices import NoticeStatus
from fugong.messaging.filters import NoticeFilter
from fugong.messaging.forms import AttachmentForm, ChannelPickForm, NoticeForm, WithdrawForm
from fugong.messaging.models import Notice, NoticeAttachment, ReadReceipt
from fugong.messaging.selectors import (
    PUBLISH_NOTICE,
    notices_for_reader,
    reader_can_open,
    receipt_counts,
)
from fugong.messaging.services.notices import (
    notice_acknowledge,
    notice_attach,
    notice_broadcast,
    notice_create,
    notice_detach,
    notice_mark_read,
    notice_publish,
    notice_update,
    notice_withdraw,
)
from fugong.messaging.tables import NoticeTable


@login_required
def notice_inbox(request):
    """My notices (我的通知): unread first to the eye, urgent ones to acknowledge."""
    receipts = notices_for_reader(request.user)
    unread_only = bool(request.GET.get("unread"))
    if unread_only:
        receipts = receipts.filter(read_at__isnull=True, notice__status=NoticeStatus.PUBLISHED)
    page = Paginator(receipts, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "messaging/notices/inbox.html",
        {"page": page, "unread_only": unread_only, "tab": "notices"},
    )


@login_required
def notice_read(request, pk):
    """A notice as its recipient reads it; opening it writes the read receipt."""
    notice = get_object_or_404(Notice.objects.exclude(status=NoticeStatus.DRAFT), pk=pk)
    if not reader_can_open(request.user, notice):
        raise Http404
    receipt = ReadReceipt.objects.filter(notice=notice, user=request.user).first()
    if receipt is not None and notice.status == NoticeStatus.PUBLISHED:
        receipt = notice_mark_read(user=request.user, notice_id=notice.pk)
    return render(
        request,
        "messaging/notices/read.html",
        {
            "notice": notice,
            "receipt": receipt,
            "attachments": notice.attachments.all(),
            "can_manage": Notice.objects.visible_to(request.user).filter(pk=pk).exists(),
            # A cadre passes a notice on to the building groups they run (楼栋群).
            "pick_form": ChannelPickForm(user=request.user)
            if notice.status == NoticeStatus.PUBLISHED
            and request.user.has_perm("messaging.broadcast_notice")
            else None,
        },
    )


@login_required
@require_POST
def notice_ack(request, pk):
    try:
        notice_acknowledge(user=request.user, notice_id=pk)
    except FugongError as exc:
        if exc.status == 404:
            raise Http404 from None
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Acknowledged. Thank you."))
    return redirect("messaging:notice_detail", pk=pk)


@login_required
def attachment_download(request, pk):
    attachment = get_object_or_404(NoticeAttachment.objects.select_related("notice"), pk=pk)
    notice = attachment.notice
    public = notice.is_public and notice.status == NoticeStatus.PUBLISHED
    if not public and not (
        (notice.status != NoticeStatus.DRAFT and reader_can_open(request.user, notice))
        or Notice.objects.visible_to(request.user).filter(pk=notice.pk).exists()
    ):
        raise Http404
    response = FileResponse(
        attachment.file.open("rb"), content_type=attachment.content_type, filename=attachment.name
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- issuing ---------------------------------------------------------------------------


class NoticeListView(ObjectListView):
    model = Notice
    table_class = NoticeTable
    filterset_class = NoticeFilter
    url_base = "messaging:notice"

    def get_queryset(self):
        return super().get_queryset().select_related("region")


class NoticeManageView(ObjectDetailView):
    model = Notice
    template_name = "messaging/notices/manage.html"
    detail_fields = (
        "kind",
        "status",
        "region",
        "organisation",
        "author",
        "requires_ack",
        "is_public",
        "published_at",
        "published_by",
        "withdrawn_at",
        "withdraw_reason",
    )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        notice = self.object
        user = self.request.user
        ctx.update(
            url_base="messaging:notice",
            counts=receipt_counts(notice),
            receipts=notice.receipts.select_related("user").order_by("read_at", "user__username")[
                :500
            ],
            attachments=notice.attachments.all(),
            is_draft=notice.status == NoticeStatus.DRAFT,
            is_published=notice.status == NoticeStatus.PUBLISHED,
            can_publish=user.has_perm(PUBLISH_NOTICE),
            can_broadcast=user.has_perm("messaging.broadcast_notice"),
            attach_form=kwargs.get("attach_form") or AttachmentForm(),
            pick_form=ChannelPickForm(user=user),
            withdraw_form=kwargs.get("withdraw_form") or WithdrawForm(),
            audience_roles=notice.audience_roles,
            audience_regions=notice.audience_regions.all(),
            audience_organisations=notice.audience_organisations.all(),
        )
        ctx["can_change"] = ctx["can_change"] and ctx["is_draft"]
        return ctx


class NoticeEditView(ObjectEditView):
    model = Notice
    form_class = NoticeForm
    template_name = "messaging/notices/form.html"

    def create(self, form):
        data = form.cleaned_data
        return notice_create(
            actor=self.request.user,
            kind=data["kind"],
            title=data["title"],
            body=data["body"],
            region=data["region"],
            organisation=data.get("organisation"),
            audience_roles=data.get("audience_roles") or [],
            audience_regions=list(data.get("audience_regions") or []),
            audience_organisations=list(data.get("audience_organisations") or []),
            requires_ack=data.get("requires_ack", False),
            is_public=data.get("is_public", False),
        )

    def update(self, instance, form, version):
        data = dict(form.cleaned_data)
        m2m = {
            "audience_regions": list(data.pop("audience_regions", [])),
            "audience_organisations": list(data.pop("audience_organisations", [])),
        }
        data.pop("version", None)
        return notice_update(
            actor=self.request.user,
            notice_id=instance.pk,
            data=data,
            m2m=m2m,
            expected_version=version,
        )


def _manage(request, pk, action):
    """Run `action()` (a service call) and go back to the notice, reporting its refusal."""
    try:
        action()
    except FugongError as exc:
        if exc.status == 404:
            raise Http404 from None
        if exc.status == 403:
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied from None
        detail = "; ".join(str(v) for v in exc.fields.values())
        messages.error(request, f"{exc.message} {detail}".strip())
        return False
    return True


@login_required
@require_POST
def notice_publish_view(request, pk):
    form = ChannelPickForm(request.POST, user=request.user)
    channels = list(form.cleaned_data["channels"]) if form.is_valid() else []
    if not form.is_valid():
        messages.error(request, _("Choose only active groups within your jurisdiction."))
    elif _manage(
        request, pk, lambda: notice_publish(actor=request.user, notice_id=pk, channels=channels)
    ):
        messages.success(request, _("Published."))
    return redirect("messaging:notice_manage_detail", pk=pk)


@login_required
@require_POST
def notice_broadcast_view(request, pk):
    form = ChannelPickForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, _("Choose only active groups within your jurisdiction."))
    elif _manage(
        request,
        pk,
        lambda: notice_broadcast(
            actor=request.user, notice_id=pk, channels=list(form.cleaned_data["channels"])
        ),
    ):
        messages.success(request, _("Queued for the chosen groups."))
    if request.POST.get("back") == "read":
        return redirect("messaging:notice_detail", pk=pk)
    return redirect("messaging:notice_manage_detail", pk=pk)


@login_required
@require_POST
def notice_withdraw_view(request, pk):
    reason = request.POST.get("reason", "")
    if _manage(
        request, pk, lambda: notice_withdraw(actor=request.user, notice_id=pk, reason=reason)
    ):
        messages.success(request, _("Withdrawn."))
    return redirect("messaging:notice_manage_detail", pk=pk)


@login_required
@require_POST
def notice_attach_view(request, pk):
    file = request.FILES.get("file")
    if file is None:
        messages.error(request, _("Choose a file."))
    elif _manage(request, pk, lambda: notice_attach(actor=request.user, notice_id=pk, file=file)):
        messages.success(request, _("Attached."))
    return redirect("messaging:notice_manage_detail", pk=pk)


@login_required
@require_POST
def notice_detach_view(request, pk, attachment_pk):
    if _manage(request, pk, lambda: notice_detach(actor=request.user, attachment_id=attachment_pk)):
        messages.success(request, _("Attachment removed."))
    return redirect("messaging:notice_manage_detail", pk=pk)


def can_issue(user) -> bool:
    return user_can(user, Notice, "add")
