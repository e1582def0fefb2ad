"""The bureau's pages of draws: the list, a draw with its inputs, result and timeline and
the next step of its life, and the form that prepares one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView

from fugong.common.errors import FugongError
from fugong.common.views import ObjectDetailView, ObjectListView
from fugong.draws import services
from fugong.draws.choices import DrawStatus
from fugong.draws.filters import DrawFilter
from fugong.draws.forms import DrawPrepareForm
from fugong.draws.models import Draw
from fugong.draws.selectors import draws_for
from fugong.draws.tables import DrawTable

STEPS = {
    "publish": (services.draw_publish, gettext_lazy("Inputs and seed hash published.")),
    "run": (services.draw_run, gettext_lazy("Drawn; the seed is revealed.")),
    "assign": (services.draw_assign, gettext_lazy("The inspections were created.")),
    "cancel": (services.draw_cancel, gettext_lazy("The draw was cancelled.")),
}
NEXT_STEP = {
    DrawStatus.PREPARED: "publish",
    DrawStatus.PUBLISHED: "run",
    DrawStatus.DRAWN: "assign",
}


class DrawListView(ObjectListView):
    model = Draw
    table_class = DrawTable
    filterset_class = DrawFilter

    def get_queryset(self):
        return draws_for(self.request.user, self.action)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_add"] = self.request.user.has_perm(services.RUN)
        ctx["url_base"] = "draws:draw"
        return ctx


class DrawDetailView(ObjectDetailView):
    model = Draw
    template_name = "draws/draw_detail.html"
    detail_fields = ("status", "title", "region", "field", "planned_on", "weighting")

    def get_queryset(self):
        return draws_for(self.request.user, self.action)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        draw = self.object
        inputs = draw.inputs or {}
        names = {i["id"]: i["name"] for i in inputs.get("inspectors", [])}
        may_run = self.request.user.has_perm(services.RUN)
        ctx.update(
            can_change=False,
            can_delete=False,
            targets=[
                {**t, "inspector_names": [names.get(i, i) for i in t["inspectors"]]}
                for t in inputs.get("targets", [])
            ],
            drawn=list(
                draw.targets.select_related("project", "inspection").prefetch_related(
                    "inspectors__user"
                )
            ),
            events=list(draw.events.select_related("actor")),
            next_step=NEXT_STEP.get(draw.status) if may_run else None,
            may_cancel=may_run and draw.status == DrawStatus.PREPARED,
        )
        return ctx


class DrawPrepareView(LoginRequiredMixin, FormView):
    form_class = DrawPrepareForm
    template_name = "draws/draw_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm(services.RUN):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            draw = services.draw_prepare(
                actor=self.request.user,
                title=data["title"],
                region=data["region"],
                field=data["field"],
                project_kind=data.get("project_kind") or "",
                mode=data["mode"],
                count=data.get("count"),
                share_percent=data.get("share_percent"),
                inspectors_per_target=data["inspectors_per_target"],
                weighting=data["weighting"],
                planned_on=data["planned_on"],
            )
        except FugongError as exc:
            form.add_error(None, exc.message)
            for name, msg in exc.fields.items():
                if name in form.fields:
                    form.add_error(name, msg)
            return self.form_invalid(form)
        messages.success(self.request, _("The draw's inputs are frozen; check them, then publish."))
        return HttpResponseRedirect(draw.get_absolute_url())


class DrawStepView(LoginRequiredMixin, View):
    """POST: the next step of the draw's life, through its service."""

    def post(self, request, pk, step):
        if step not in STEPS:
            raise PermissionDenied
        if not request.user.has_perm(services.RUN):
            raise PermissionDenied
        draw = get_object_or_404(draws_for(request.user, "change"), pk=pk)
        service, done = STEPS[step]
        try:
            service(actor=request.user, draw=draw)
        except FugongError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, done)
        return HttpResponseRedirect(reverse("draws:draw_detail", args=[draw.pk]))
