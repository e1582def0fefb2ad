from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from fugong.messaging.models import InAppMessage
from fugong.messaging.services import message_mark_read, messages_mark_all_read


@login_required
def inbox(request):
    messages = InAppMessage.objects.for_user(request.user)
    if request.GET.get("unread"):
        messages = messages.unread()
    page = Paginator(messages, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "messaging/inbox.html",
        {"page": page, "unread_only": bool(request.GET.get("unread"))},
    )


@login_required
def unread_badge(request):
    """Loaded by htmx after the page, so the count costs no page a query."""
    count = InAppMessage.objects.for_user(request.user).unread().count()
    return render(request, "messaging/_badge.html", {"count": count})


@login_required
@require_POST
def open_message(request, pk):
    try:
        message = message_mark_read(user=request.user, message_id=pk)
    except InAppMessage.DoesNotExist:
        raise Http404 from None
    target = message.link
    if not target or not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return redirect("messaging:inbox")
    return redirect(target)


@login_required
@require_POST
def mark_all_read(request):
    messages_mark_all_read(user=request.user)
    return redirect("messaging:inbox")
