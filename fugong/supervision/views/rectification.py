"""Rectification pages: the list of findings (the enterprise's notices; the authority's
follow-up, overdue flagged), a finding's page with its notice, photos, replies,
re-inspection and timeline; stop-work orders; the evidence photos (scoped download)."""

from __future__ import annotations

import mimetypes

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views import View

from fugong.common.errors import FugongError
from fugong.common.views import ObjectDetailView, ObjectListView, ScopedViewMixin
from fugong.construction.models import Project
from fugong.supervision.choices import FindingStatus
from fugong.supervision.filters import FindingFilter, StopWorkFilter, TargetFilter
from fugong.supervision.forms.inspections import ReplyForm, ReviewForm
from fugong.supervision.models import EvidencePhoto, Finding, StopWorkOrder
from fugong.supervision.selectors.rectification import findings_for, timeline
from fugong.supervision.selectors.registry import eligible_targets
from fugong.supervision.services.rectification import reply_review, reply_submit
from fugong.supervision.services.registry import inspector_for
from fugong.supervision.tables import FindingTable, StopWorkTable, TargetTable
from fugong.supervision.views.inspections import apply_errors


class FindingListView(ObjectListView):
    model = Finding
    table_class = FindingTable
    filterset_class = FindingFilter

    def get_queryset(self):
        return findings_for(self.request.user, self.action)


class FindingDetailView(ObjectDetailView):
    model = Finding
    template_name = "supervision/finding_detail.html"
    detail_fields = ("severity", "status", "description", "notes", "item")

    def get_queryset(self):
        return findings_for(self.request.user, self.action).select_related("item")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        obj = self.object
        user = self.request.user
        replies = (
            list(
                obj.notice.replies.select_related(
                    "enterprise", "submitted_by", "reviewed_by"
                ).prefetch_related("photos")
            )
            if hasattr(obj, "notice")
            else []
        )
        may_reply = obj.status == FindingStatus.NOTICE_ISSUED and user.has_perm(
            "supervision.add_rectificationreply"
        )
        may_review = (
            obj.status == FindingStatus.REPLIED
            and user.has_perm("supervision.change_finding")
            and (user.is_superuser or inspector_for(user, obj.inspection.field) is not None)
        )
        ctx.update(
            can_change=False,
            can_delete=False,
            url_base="",
            notice=getattr(obj, "notice", None),
            photos=list(obj.photos.filter(archived_at__isnull=True)),
            replies=replies,
            events=list(timeline(finding=obj)),
            reply_form=kwargs.get("reply_form") or (ReplyForm() if may_reply else None),
            review_form=kwargs.get("review_form") or (ReviewForm() if may_review else None),
        )
        return ctx


class _FindingAction(ScopedViewMixin, View):
    model = Finding
    action = "view"

    def finding(self, pk):
        return get_object_or_404(findings_for(self.request.user, self.action), pk=pk)

    def rerender(self, request, finding, **forms):
        view = FindingDetailView()
        view.setup(request, pk=finding.pk)
        view.object = finding
        return view.render_to_response(view.get_context_data(object=finding, **forms), status=400)


class ReplyView(_FindingAction):
    def post(self, request, pk):
        finding = self.finding(pk)
        form = ReplyForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                reply_submit(
                    actor=request.user,
                    finding=finding,
                    text=form.cleaned_data["text"],
                    photos=form.cleaned_data.get("photos") or [],
                )
            except FugongError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Reply sent for re-inspection."))
                return HttpResponseRedirect(finding.get_absolute_url())
        return self.rerender(request, finding, reply_form=form)


class ReviewView(_FindingAction):
    action = "change"

    def post(self, request, pk):
        finding = self.finding(pk)
        form = ReviewForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                reply_review(
                    actor=request.user,
                    finding=finding,
                    accepted=data["decision"] == "accept",
                    note=data.get("note", ""),
                    new_deadline=data.get("new_deadline"),
                )
            except FugongError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Re-inspection recorded."))
                return HttpResponseRedirect(finding.get_absolute_url())
        return self.rerender(request, finding, review_form=form)


class PhotoView(ScopedViewMixin, View):
    """An evidence photo, to whoever may see its project's supervision record."""

    model = EvidencePhoto

    def get(self, request, pk):
        photo = get_object_or_404(self.get_queryset().filter(archived_at__isnull=True), pk=pk)
        try:
            handle = photo.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        content_type = mimetypes.guess_type(photo.file.name)[0] or "application/octet-stream"
        response = FileResponse(handle, content_type=content_type)
        response["Cache-Control"] = "private, max-age=3600"
        response["X-Content-Type-Options"] = "nosniff"
        return response


class StopWorkListView(ObjectListView):
    model = StopWorkOrder
    table_class = StopWorkTable
    filterset_class = StopWorkFilter

    def get_queryset(self):
        return super().get_queryset().select_related("project", "project__region")


class StopWorkDetailView(ObjectDetailView):
    model = StopWorkOrder
    template_name = "supervision/stopwork_detail.html"
    detail_fields = (
        "number",
        "project",
        "status",
        "reason",
        "issued_at",
        "inspection",
        "lifted_at",
        "lifting_inspection",
    )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            can_change=False,
            can_delete=False,
            url_base="",
            findings=list(
                self.object.findings.filter(archived_at__isnull=True).select_related("notice")
            ),
            events=list(timeline(project=self.object.project).filter(stop_work_order=self.object)),
        )
        return ctx


class TargetListView(ObjectListView):
    """The inspection targets (检查对象名录): sites at work or stopped, in scope, with the
    last inspection and open findings — the same selector the double-random draw uses."""

    model = Project
    table_class = TargetTable
    filterset_class = TargetFilter

    def check_permission(self):
        from django.core.exceptions import PermissionDenied

        if not self.request.user.has_perm("supervision.view_inspection"):
            raise PermissionDenied

    def get_queryset(self):
        field = self.request.GET.get("field", "")
        return eligible_targets(user=self.request.user, field=field).select_related("region")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["verbose_name_plural"] = _("inspection targets")
        return ctx
