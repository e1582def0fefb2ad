"""Feedback on cadres: the list, an official's rating, hiding an abusive comment, the
community's link and QR code, and the residents' no-login page."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.core import signing
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from fugong.common.errors import FugongError
from fugong.common.views import ObjectDetailView, ObjectListView, ScopedViewMixin
from fugong.community.filters import FeedbackFilter
from fugong.community.forms import FeedbackForm, FeedbackHideForm, PublicFeedbackForm
from fugong.community.models import Feedback
from fugong.community.selectors import feedback_visible_to
from fugong.community.services import feedback_set_hidden, feedback_submit
from fugong.community.services.feedback import ratable_deployments
from fugong.community.tables import FeedbackTable
from fugong.community.views.cadres import add_errors
from fugong.regions.choices import RegionLevel
from fugong.regions.models import Region

LINK_SALT = "community.feedback-link"


def community_token(community: Region) -> str:
    """The community's feedback link: signed, stable, reveals nothing but a number."""
    return signing.dumps(community.pk, salt=LINK_SALT, compress=True)


def community_from_token(token: str) -> Region:
    try:
        pk = signing.loads(token, salt=LINK_SALT)
    except signing.BadSignature:
        raise Http404 from None
    return get_object_or_404(Region, pk=pk, level=RegionLevel.COMMUNITY)


class FeedbackListView(ObjectListView):
    model = Feedback
    table_class = FeedbackTable
    filterset_class = FeedbackFilter
    url_base = "community:feedback"

    def get_queryset(self):
        return feedback_visible_to(self.request.user)


class FeedbackDetailView(ObjectDetailView):
    model = Feedback
    url_base = "community:feedback"
    template_name = "community/feedback_detail.html"
    detail_fields = (
        "cadre",
        "community",
        "source",
        "rating",
        "comment",
        "date",
        "author",
        "author_name",
        "hidden",
    )

    def get_queryset(self):
        return feedback_visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        # No edit page: a rating is what the rater said; it can only be hidden.
        ctx["can_hide"], ctx["can_change"] = ctx["can_change"], False
        return ctx


class FeedbackAddView(ScopedViewMixin, View):
    model = Feedback
    action = "add"

    def page(self, form, status=200):
        return render(self.request, "community/feedback_form.html", {"form": form}, status=status)

    def get(self, request):
        return self.page(FeedbackForm(user=request.user))

    def post(self, request):
        form = FeedbackForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                feedback = feedback_submit(actor=request.user, **form.cleaned_data)
            except FugongError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Thank you: the rating is recorded."))
                return redirect(feedback.get_absolute_url())
        return self.page(form, status=400)


class FeedbackHideView(ScopedViewMixin, View):
    model = Feedback
    action = "change"

    def post(self, request, pk):
        feedback = get_object_or_404(self.get_queryset(), pk=pk)
        form = FeedbackHideForm(request.POST)
        if form.is_valid():
            feedback_set_hidden(
                actor=request.user,
                feedback=feedback,
                hidden=form.cleaned_data["hidden"],
                reason=form.cleaned_data["reason"],
            )
        return redirect(feedback.get_absolute_url())


class CommunityLinkView(ScopedViewMixin, View):
    """The link and QR code a community prints for residents to rate its cadres."""

    model = Feedback

    def community(self, pk):
        regions = Region.objects.visible_to(self.request.user, "community.view_feedback")
        return get_object_or_404(regions, pk=pk, level=RegionLevel.COMMUNITY)

    def get(self, request, pk):
        community = self.community(pk)
        url = request.build_absolute_uri(
            reverse("community_public:feedback", args=[community_token(community)])
        )
        if request.GET.get("format") == "svg":
            qr = segno.make(url, error="m")
            return HttpResponse(qr.svg_inline(scale=6), content_type="image/svg+xml")
        return render(
            request, "community/community_link.html", {"community": community, "url": url}
        )


def public_feedback(request, token):
    """No login: a resident rates a cadre serving their community (rate-limited by
    `public_endpoint`; one rating per phone per cadre per day)."""
    community = community_from_token(token)
    cadres = sorted(
        {d.cadre for d in ratable_deployments(community)}, key=lambda c: c.get_full_name()
    )
    form = PublicFeedbackForm(request.POST or None, cadres=cadres)
    done = False
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            cadre = next(c for c in cadres if c.pk == data["cadre"])
            try:
                feedback_submit(
                    actor=None,
                    cadre=cadre,
                    community=community,
                    rating=data["rating"],
                    comment=data["comment"],
                    author_name=data["author_name"],
                    author_phone=data["author_phone"],
                )
            except FugongError as exc:
                add_errors(form, exc)
                status = 400
            else:
                done = True
                form = PublicFeedbackForm(cadres=cadres)
        else:
            status = 400
    return render(
        request,
        "community/public_feedback.html",
        {"community": community, "form": form, "done": done, "cadres": cadres},
        status=status,
    )
