"""Pages of the commitment system: filing (enterprise), the authority's inbox, a
commitment's page with its timeline, verification and revocation, the letter (PDF), the
printable site sign, and the concerns the public reported."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from fugong.audit.choices import ChangeAction
from fugong.audit.services import record_change
from fugong.common.errors import FugongError
from fugong.common.pii.display import can_view_full_personal_data
from fugong.common.scoping import user_can
from fugong.common.views import ObjectDetailView, ObjectListView, ScopedViewMixin
from fugong.construction.choices import CommitmentStatus, ConcernStatus, ProjectStatus
from fugong.construction.filters.commitments import (
    CommitmentFilter,
    ConcernFilter,
    CreditRecordFilter,
)
from fugong.construction.forms.commitments import (
    CommitmentFileForm,
    ConcernHandleForm,
    RevokeForm,
    VerifyForm,
)
from fugong.construction.models import Commitment, Concern, CreditRecord, Project
from fugong.construction.pdf import commitment_letter
from fugong.construction.selectors.commitments import (
    IN_FORCE,
    commitment_in_force,
    commitment_with_details,
    commitments_visible_to,
    concerns_visible_to,
    credit_records_visible_to,
    site_sign_url,
)
from fugong.construction.services.checklists import checklist_offered, commitment_route
from fugong.construction.services.commitments import (
    ADD_COMMITMENT,
    REVOKE_COMMITMENT,
    VERIFY_COMMITMENT,
    commitment_file,
    commitment_mark_read,
    commitment_revoke,
    commitment_verify,
)
from fugong.construction.services.concerns import concern_handle
from fugong.construction.tables.commitments import (
    CommitmentTable,
    ConcernTable,
    CreditRecordTable,
)


def apply_errors(form, exc: FugongError) -> None:
    """Put a refusal's field errors on the form fields (others on the form itself)."""
    for name, message in exc.fields.items():
        form.add_error(name if name in form.fields else None, str(message))
    form.add_error(None, str(exc.message))


# --- the inbox --------------------------------------------------------------------------


class CommitmentListView(ObjectListView):
    """The authority's inbox (an enterprise sees its own commitments): newest first,
    unread ones marked."""

    model = Commitment
    table_class = CommitmentTable
    filterset_class = CommitmentFilter
    url_base = "construction:commitment"
    template_name = "construction/commitment_list.html"

    def get_queryset(self):
        return commitments_visible_to(self.request.user, self.action)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["tab"] = "commitments"
        ctx["can_view_credit"] = user_can(self.request.user, CreditRecord, "view")
        ctx["can_view_concerns"] = user_can(self.request.user, Concern, "view")
        return ctx


class CommitmentProjectPickView(ScopedViewMixin, TemplateView):
    """'File a commitment': the projects the user's enterprise may commit for."""

    model = Commitment
    action = "add"
    template_name = "construction/commitment_pick.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        projects = (
            Project.objects.visible_to(self.request.user, ADD_COMMITMENT)
            .filter(archived_at__isnull=True)
            .exclude(status=ProjectStatus.COMPLETED)
            .select_related("region")
            .order_by("name", "id")[:200]
        )
        ctx["projects"] = projects
        return ctx


class CommitmentFileView(ScopedViewMixin, FormView):
    """An enterprise user of the project answers the offered checklist and signs."""

    model = Commitment
    action = "add"
    form_class = CommitmentFileForm
    template_name = "construction/commitment_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.check_permission()
            visible = Project.objects.visible_to(request.user, ADD_COMMITMENT)
            self.project = get_object_or_404(visible.select_related("region"), pk=kwargs["pk"])
            self.template = checklist_offered()
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if self.template is None:
            return render(
                request, "construction/commitment_unavailable.html", {"project": self.project}
            )
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.template is None:
            return render(
                request, "construction/commitment_unavailable.html", {"project": self.project}
            )
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["template"] = self.template
        return kwargs

    def get_initial(self):
        current = commitment_in_force(self.project)
        return {
            "supersedes": current.pk if current else None,
            "responsible_person": self.project.responsible_person,
        }

    def form_valid(self, form):
        supersedes = form.cleaned_data.get("supersedes")
        try:
            commitment = commitment_file(
                actor=self.request.user,
                project=self.project,
                template=self.template,
                answers=form.answers(),
                supersedes=supersedes,
                **form.signature(),
            )
        except FugongError as exc:
            apply_errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Commitment filed and in force: the site may work. It was sent to %(authority)s.")
            % {"authority": commitment.authority},
        )
        return HttpResponseRedirect(commitment.get_absolute_url())

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["project"] = self.project
        ctx["template"] = self.template
        ctx["current"] = commitment_in_force(self.project)
        try:
            ctx["route_to"], _rule = commitment_route(self.project)
        except FugongError as exc:
            ctx["route_error"] = exc.message
        return ctx


# --- one commitment ---------------------------------------------------------------------


class CommitmentDetailView(ObjectDetailView):
    model = Commitment
    template_name = "construction/commitment_detail.html"
    detail_fields = (
        "status",
        "enterprise",
        "authority",
        "routed_by",
        "template",
        "responsible_person",
        "responsible_phone",
        "signed_name",
        "signed_on",
        "filed_by",
        "filed_at",
        "read_at",
        "verified_at",
        "verified_by",
        "revoked_at",
        "revoked_by",
        "revoke_reason",
    )

    def get_queryset(self):
        return commitment_with_details(super().get_queryset())

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.read_at is None:
            commitment_mark_read(actor=request.user, commitment=self.object)
            self.object = self.get_object()
        return self.render_to_response(self.get_context_data(object=self.object))

    def _may(self, permission: str) -> bool:
        user = self.request.user
        if not user.has_perm(permission):
            return False
        visible = Commitment.objects.visible_to(user, permission)
        return visible.filter(pk=self.object.pk).exists()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        obj = self.object
        ctx.update(
            can_change=False,
            can_delete=False,
            url_base="",
            project=obj.project,
            answers=list(obj.answers.all()),
            events=list(obj.events.all()),
            can_verify=obj.status == CommitmentStatus.IN_FORCE and self._may(VERIFY_COMMITMENT),
            can_revoke=obj.status in IN_FORCE and self._may(REVOKE_COMMITMENT),
            can_file=self.request.user.has_perm(ADD_COMMITMENT)
            and Project.objects.visible_to(self.request.user, ADD_COMMITMENT)
            .filter(pk=obj.project_id)
            .exists(),
            verify_form=VerifyForm(),
        )
        return ctx


class CommitmentVerifyView(ScopedViewMixin, View):
    model = Commitment

    def post(self, request, pk):
        commitment = get_object_or_404(self.get_queryset(), pk=pk)
        form = VerifyForm(request.POST)
        form.is_valid()
        try:
            commitment_verify(
                actor=request.user, commitment=commitment, note=form.cleaned_data.get("note", "")
            )
        except FugongError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Marked as verified on site."))
        return HttpResponseRedirect(commitment.get_absolute_url())


class CommitmentRevokeView(ScopedViewMixin, FormView):
    model = Commitment
    form_class = RevokeForm
    template_name = "construction/commitment_revoke.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.check_permission()
            if not request.user.has_perm(REVOKE_COMMITMENT):
                raise PermissionDenied
            queryset = Commitment.objects.visible_to(request.user, REVOKE_COMMITMENT)
            self.object = get_object_or_404(queryset.select_related("project"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            commitment_revoke(
                actor=self.request.user,
                commitment=self.object,
                reason=form.cleaned_data.get("reason", ""),
            )
        except FugongError as exc:
            apply_errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Commitment revoked: the project is suspended and a credit record was kept."),
        )
        return HttpResponseRedirect(self.object.get_absolute_url())

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["object"] = self.object
        return ctx


class CommitmentLetterView(ScopedViewMixin, View):
    """The commitment letter (承诺书) as a PDF."""

    model = Commitment

    def get(self, request, pk):
        commitment = get_object_or_404(commitment_with_details(self.get_queryset()), pk=pk)
        data = commitment_letter(
            commitment, site_url=site_sign_url(request, commitment.project), viewer=request.user
        )
        if commitment.responsible_phone and can_view_full_personal_data(request.user):
            record_change(
                actor=request.user,
                instance=commitment,
                action=ChangeAction.VIEW_PERSONAL,
                after={},
                message="responsible_phone (letter)",
            )
        response = HttpResponse(data, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="commitment-{commitment.pk}.pdf"'
        return response


class CommitmentFileDownloadView(ScopedViewMixin, View):
    """An uploaded file of a commitment (the signed scan, an attachment answer), in scope."""

    model = Commitment

    def get(self, request, pk, answer=None):
        commitment = get_object_or_404(self.get_queryset(), pk=pk)
        if answer is None:
            stored = commitment.scan
        else:
            stored = get_object_or_404(commitment.answers.all(), pk=answer).attachment
        if not stored:
            raise Http404
        name = stored.name.rsplit("/", 1)[-1]
        return FileResponse(stored.open("rb"), as_attachment=True, filename=name)


class SiteSignView(ScopedViewMixin, TemplateView):
    """The printable QR site sign (公示牌) of a project, for the authority or enterprise."""

    model = Project
    template_name = "construction/sign_print.html"

    def get_context_data(self, **kwargs):
        import segno

        ctx = super().get_context_data(**kwargs)
        project = get_object_or_404(
            Project.objects.visible_to(self.request.user).select_related("region"),
            pk=self.kwargs["pk"],
        )
        url = site_sign_url(self.request, project)
        ctx.update(
            project=project,
            site_url=url,
            qr=segno.make(url, error="m").svg_data_uri(scale=8, border=2),
            commitment=commitment_in_force(project),
        )
        return ctx


# --- concerns ---------------------------------------------------------------------------


class ConcernListView(ObjectListView):
    model = Concern
    table_class = ConcernTable
    filterset_class = ConcernFilter
    template_name = "construction/commitment_list.html"

    def get_queryset(self):
        return concerns_visible_to(self.request.user, self.action)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["tab"] = "concerns"
        ctx["can_view_commitments"] = user_can(self.request.user, Commitment, "view")
        ctx["can_view_concerns"] = True
        ctx["can_view_credit"] = user_can(self.request.user, CreditRecord, "view")
        return ctx


class CreditRecordListView(ObjectListView):
    """Credit records (信用记录): marks against enterprises, e.g. for a false commitment."""

    model = CreditRecord
    table_class = CreditRecordTable
    filterset_class = CreditRecordFilter
    template_name = "construction/commitment_list.html"

    def get_queryset(self):
        return credit_records_visible_to(self.request.user, self.action)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["tab"] = "credit"
        ctx["can_view_commitments"] = user_can(self.request.user, Commitment, "view")
        ctx["can_view_concerns"] = user_can(self.request.user, Concern, "view")
        ctx["can_view_credit"] = True
        return ctx


class CreditRecordDetailView(ObjectDetailView):
    model = CreditRecord
    template_name = "construction/credit_detail.html"
    detail_fields = ("enterprise", "commitment", "reason", "recorded_by", "recorded_at")

    def get_queryset(self):
        return credit_records_visible_to(self.request.user)


class ConcernDetailView(ObjectDetailView):
    model = Concern
    template_name = "construction/commitment_concern.html"
    detail_fields = ("project", "text", "contact", "status", "handled_by", "handled_at", "response")

    def get_queryset(self):
        return super().get_queryset().select_related("project", "handled_by")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.setdefault("form", ConcernHandleForm())
        ctx["can_handle"] = self.object.status == ConcernStatus.NEW and user_can(
            self.request.user, Concern, "change"
        )
        ctx["url_base"] = ""
        return ctx

    def post(self, request, pk):
        self.object = self.get_object()
        form = ConcernHandleForm(request.POST)
        if form.is_valid():
            try:
                concern_handle(
                    actor=request.user, concern=self.object, response=form.cleaned_data["response"]
                )
            except FugongError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Marked as handled."))
                return HttpResponseRedirect(reverse("construction:concern_detail", args=[pk]))
        return self.render_to_response(self.get_context_data(object=self.object, form=form))
