"""The public notice board (公告): no login, rate-limited, published public notices only."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from fugong.messaging.selectors import public_notices


def public_notice_list(request):
    page = Paginator(public_notices().only("id", "title", "kind", "published_at"), 20).get_page(
        request.GET.get("page")
    )
    return render(request, "messaging/public_list.html", {"page": page})


def public_notice_detail(request, pk):
    notice = get_object_or_404(public_notices(), pk=pk)
    return render(
        request,
        "messaging/public_detail.html",
        {"notice": notice, "attachments": notice.attachments.all()},
    )


def public_attachment(request, pk):
    from django.http import FileResponse

    from fugong.messaging.models import NoticeAttachment

    attachment = get_object_or_404(
        NoticeAttachment.objects.filter(notice__in=public_notices()), pk=pk
    )
    response = FileResponse(
        attachment.file.open("rb"), content_type=attachment.content_type, filename=attachment.name
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
