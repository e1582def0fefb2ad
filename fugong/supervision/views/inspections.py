"""Inspection pages: the list, starting one (or a leader ordering a spot check), and the
phone-first record page where the inspector answers the checklist, adds findings with
photos and completes the inspection."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from fugong.common.errors import FugongError
from fugong.common.views import ObjectDetailView, ObjectListView, ScopedViewMixin
from fugong.supervision.choices import InspectionStatus
from fugong.supervision.filters import InspectionFilter
from fugong.supervision.forms.inspections import AnswersForm, FindingForm, InspectionStartForm
from fugong.supervision.models import Inspection
from fugong.supervision.selectors.rectification import timeline
from fugong.supervision.services.inspections import (
    finding_add,
    finding_withdraw,
    inspection_complete,
    inspection_create,
    inspection_record_answers,
)
from fugong.supervision.tables import InspectionTable


def apply_errors(form, exc: FugongError) -> None:
    for name, message in exc.fields.items():
        form.add_error(name if name in form.fields else None, str(message))
    form.add_error(None, str(exc.message))


class InspectionListView(ObjectListView):
    model = Inspection
    table_class = InspectionTable
    filterset_class = InspectionFilter
    export_action = "supervision.export_inspection"
    url_base = "supervision:inspection"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .filter(archived_at__isnull=True)
            .select_related("project", "project__region")
        )


class InspectionStartView(ScopedViewMixin, FormView):
    model = Inspection
    action = "add"
    form_class = InspectionStartForm
    template_name = "supervision/inspection_start.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        initial = {}
        if self.request.GET.get("project", "").isdigit():
            initial["project"] = int(self.request.GET["project"])
        entry = self.request.user.inspector_entries.filter(is_active=True).first()
        if entry is not None:
            initial.update(field=entry.field, inspectors=[entry.pk])
        return initial

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            inspection = inspection_create(
                actor=self.request.user,
                project=data["project"],
                kind=data["kind"],
                field=data["field"],
                inspectors=list(data["inspectors"]),
                planned_on=data.get("planned_on"),
                notes=data.get("notes", ""),
            )
        except FugongError as exc:
            apply_errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request, _("Inspection %(number)s started.") % {"number": inspection.number}
        )
        return HttpResponseRedirect(inspection.get_absolute_url())


class InspectionDetailView(ObjectDetailView):
    model = Inspection
    template_name = "supervision/inspection_detail.html"
    detail_fields = (
        "number",
        "project",
        "kind",
        "field",
        "planned_on",
        "status",
        "result",
        "checklist",
    )

    def get_queryset(self):
        return super().get_queryset().select_related("project", "project__region", "checklist")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        obj = self.object
        user = self.request.user
        recording = (
            obj.status == InspectionStatus.OPEN
            and (user.is_superuser or obj.inspectors.filter(user=user).exists())
            and user.has_perm("supervision.change_inspection")
        )
        ctx.update(
            can_change=False,
            can_delete=False,
            url_base="",
            recording=recording,
            inspectors=list(obj.inspectors.select_related("user", "organisation")),
            answers=list(obj.answers.select_related("item")),
            findings=list(
                obj.findings.filter(archived_at__isnull=True)
                .select_related("notice", "notice__enterprise", "item")
                .prefetch_related("photos")
            ),
            events=list(timeline(inspection=obj)),
            orders=list(obj.stop_work_orders.all()),
        )
        if recording:
            ctx["answers_form"] = kwargs.get("answers_form") or AnswersForm(inspection=obj)
            ctx["finding_form"] = kwargs.get("finding_form") or FindingForm(inspection=obj)
        return ctx


class _InspectionAction(ScopedViewMixin, View):
    model = Inspection
    action = "change"

    def inspection(self, pk):
        return get_object_or_404(self.get_queryset(), pk=pk)

    def rerender(self, request, inspection, **forms):
        view = InspectionDetailView()
        view.setup(request, pk=inspection.pk)
        view.object = inspection
        ctx = view.get_context_data(object=inspection, **forms)
        return view.render_to_response(ctx, status=400)


class InspectionAnswersView(_InspectionAction):
    def post(self, request, pk):
        inspection = self.inspection(pk)
        form = AnswersForm(request.POST, inspection=inspection)
        if form.is_valid():
            try:
                inspection_record_answers(
                    actor=request.user,
                    inspection=inspection,
                    answers=form.answers(),
                    notes=form.cleaned_data.get("notes", ""),
                )
            except FugongError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Checklist saved."))
                return HttpResponseRedirect(inspection.get_absolute_url() + "#findings")
        return self.rerender(request, inspection, answers_form=form)


class FindingAddView(_InspectionAction):
    def post(self, request, pk):
        inspection = self.inspection(pk)
        form = FindingForm(request.POST, request.FILES, inspection=inspection)
        if form.is_valid():
            try:
                finding_add(actor=request.user, inspection=inspection, **form.service_data())
            except FugongError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Finding recorded."))
                return HttpResponseRedirect(inspection.get_absolute_url() + "#findings")
        return self.rerender(request, inspection, finding_form=form)


class FindingWithdrawView(_InspectionAction):
    def post(self, request, pk, finding):
        inspection = self.inspection(pk)
        target = get_object_or_404(inspection.findings.all(), pk=finding)
        try:
            finding_withdraw(actor=request.user, finding=target)
        except FugongError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Finding withdrawn."))
        return HttpResponseRedirect(inspection.get_absolute_url() + "#findings")


class InspectionCompleteView(_InspectionAction):
    def post(self, request, pk):
        inspection = self.inspection(pk)
        version = request.POST.get("version")
        try:
            inspection = inspection_complete(
                actor=request.user,
                inspection=inspection,
                expected_version=int(version) if (version or "").isdigit() else None,
            )
        except FugongError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("Inspection completed: %(result)s.")
                % {"result": inspection.get_result_display()},
            )
        return HttpResponseRedirect(inspection.get_absolute_url())
