"""Pages of gates: the list, a gate with its recent passages, set up and edit, the
printable poster, a new QR code."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views import View

from fugong.common.errors import FugongError
from fugong.common.views import ObjectDetailView, ObjectEditView, ObjectListView, ScopedViewMixin
from fugong.gates.filters import CheckpointFilter
from fugong.gates.forms import CheckpointForm
from fugong.gates.models import Checkpoint, Passage
from fugong.gates.pdf import poster_pdf
from fugong.gates.selectors import checkpoints_visible_to, recent_passages, scan_url
from fugong.gates.services import checkpoints as services
from fugong.gates.tables import CheckpointTable


class CheckpointListView(ObjectListView):
    model = Checkpoint
    table_class = CheckpointTable
    filterset_class = CheckpointFilter
    url_base = "gates:checkpoint"

    def get_queryset(self):
        return checkpoints_visible_to(self.request.user, self.action)


class CheckpointDetailView(ObjectDetailView):
    model = Checkpoint
    template_name = "gates/checkpoint_detail.html"
    url_base = "gates:checkpoint"
    detail_fields = ("compound", "kind", "location", "is_active", "note", "created_by")

    def get_queryset(self):
        return checkpoints_visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx.update(
            scan_url=scan_url(self.request, self.object),
            can_record=user.has_perm("gates.add_passage")
            and Checkpoint.objects.visible_to(user, "gates.add_passage")
            .filter(pk=self.object.pk)
            .exists(),
            passages=recent_passages(self.object)
            if user.has_perm("gates.view_passage")
            else Passage.objects.none(),
        )
        return ctx


class CheckpointEditView(ObjectEditView):
    model = Checkpoint
    form_class = CheckpointForm
    url_base = "gates:checkpoint"

    def create(self, form):
        data = form.service_data()
        compound = data.pop("compound")
        return services.checkpoint_create(actor=self.request.user, compound=compound, **data)

    def update(self, instance, form, version):
        data = form.service_data()
        data.pop("compound", None)
        return services.checkpoint_update(
            actor=self.request.user, checkpoint=instance, data=data, expected_version=version
        )


class CheckpointPosterView(ScopedViewMixin, View):
    """The A4 poster with the gate's QR code."""

    model = Checkpoint

    def get(self, request, pk):
        checkpoint = get_object_or_404(checkpoints_visible_to(request.user), pk=pk)
        if not checkpoint.is_active:
            messages.error(request, _("This gate is not in use: no poster."))
            return HttpResponseRedirect(checkpoint.get_absolute_url())
        data = poster_pdf(checkpoint, scan_url=scan_url(request, checkpoint))
        response = HttpResponse(data, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="gate-{checkpoint.pk}.pdf"'
        return response


class CheckpointNewTokenView(ScopedViewMixin, View):
    model = Checkpoint
    action = "change"

    def post(self, request, pk):
        if not request.user.has_perm("gates.change_checkpoint"):
            raise PermissionDenied
        checkpoint = get_object_or_404(checkpoints_visible_to(request.user, "change"), pk=pk)
        try:
            services.checkpoint_new_token(actor=request.user, checkpoint=checkpoint)
        except FugongError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("New QR code issued: print the new poster."))
        return HttpResponseRedirect(checkpoint.get_absolute_url())
