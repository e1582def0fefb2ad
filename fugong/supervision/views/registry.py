"""The inspector registry with declared conflicts, and the inspection checklists."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from fugong.common.errors import FugongError
from fugong.common.scoping import user_can
from fugong.common.views import ObjectDetailView, ObjectListView, ScopedViewMixin
from fugong.supervision.filters import InspectorFilter
from fugong.supervision.forms.registry import ChecklistForm, ConflictForm, InspectorForm
from fugong.supervision.models import ConflictDeclaration, InspectionChecklist, Inspector
from fugong.supervision.services.checklists import (
    checklist_activate,
    checklist_create,
    checklist_update,
)
from fugong.supervision.services.registry import (
    conflict_declare,
    conflict_withdraw,
    inspector_create,
    inspector_update,
)
from fugong.supervision.tables import ChecklistTable, InspectorTable
from fugong.supervision.views.inspections import apply_errors


class InspectorListView(ObjectListView):
    model = Inspector
    table_class = InspectorTable
    filterset_class = InspectorFilter
    url_base = "supervision:inspector"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .filter(archived_at__isnull=True)
            .select_related("user", "organisation")
        )


class InspectorDetailView(ObjectDetailView):
    model = Inspector
    template_name = "supervision/inspector_detail.html"
    detail_fields = ("user", "organisation", "field", "certificate_number", "is_active")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        own = self.object.user_id == user.pk
        may_declare = user_can(user, ConflictDeclaration, "add") and (
            own or user_can(user, Inspector, "change")
        )
        ctx.update(
            url_base="supervision:inspector",
            can_delete=False,
            conflicts=list(
                self.object.conflicts.filter(archived_at__isnull=True).select_related(
                    "project", "enterprise"
                )
            ),
            may_declare=may_declare,
            conflict_form=kwargs.get("conflict_form")
            or (ConflictForm(user=user) if may_declare else None),
        )
        return ctx


class InspectorEditView(ScopedViewMixin, FormView):
    model = Inspector
    form_class = InspectorForm
    template_name = "supervision/form.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.action = "change" if "pk" in kwargs else "add"
        self.object = None

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and "pk" in kwargs:
            self.check_permission()
            self.object = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        if self.object is None:
            return {"is_active": True}
        o = self.object
        return {
            "user": o.user_id,
            "organisation": o.organisation_id,
            "field": o.field,
            "certificate_number": o.certificate_number,
            "is_active": o.is_active,
            "version": o.version,
        }

    def form_valid(self, form):
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            if self.object is None:
                inspector = inspector_create(actor=self.request.user, **data)
            else:
                inspector = inspector_update(
                    actor=self.request.user,
                    inspector=self.object,
                    data=data,
                    expected_version=form.cleaned_data.get("version"),
                )
        except FugongError as exc:
            apply_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved."))
        return HttpResponseRedirect(inspector.get_absolute_url())

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = _("Inspector") if self.object is None else str(self.object)
        ctx["cancel_url"] = reverse("supervision:inspector_list")
        return ctx


class ConflictDeclareView(ScopedViewMixin, View):
    model = Inspector

    def post(self, request, pk):
        inspector = get_object_or_404(self.get_queryset(), pk=pk)
        form = ConflictForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                conflict_declare(actor=request.user, inspector=inspector, **form.cleaned_data)
            except FugongError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Conflict of interest declared."))
                return HttpResponseRedirect(inspector.get_absolute_url())
        view = InspectorDetailView()
        view.setup(request, pk=pk)
        view.object = inspector
        return view.render_to_response(
            view.get_context_data(object=inspector, conflict_form=form), status=400
        )


class ConflictWithdrawView(ScopedViewMixin, View):
    model = ConflictDeclaration

    def post(self, request, pk):
        declaration = get_object_or_404(self.get_queryset(), pk=pk)
        try:
            conflict_withdraw(actor=request.user, declaration=declaration)
        except FugongError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Declaration withdrawn."))
        return HttpResponseRedirect(declaration.inspector.get_absolute_url())


# --- checklists ----------------------------------------------------------------------------


class ChecklistListView(ObjectListView):
    model = InspectionChecklist
    table_class = ChecklistTable
    filterset_class = None
    url_base = "supervision:checklist"

    def get_filterset_class(self):
        from fugong.common.filters import ScopedFilterSet

        class ChecklistFilter(ScopedFilterSet):
            class Meta:
                model = InspectionChecklist
                fields = ["field", "is_active"]

        return ChecklistFilter


class ChecklistDetailView(ObjectDetailView):
    model = InspectionChecklist
    template_name = "supervision/checklist_detail.html"
    detail_fields = ("field", "version_number", "title", "is_active", "frozen_at")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(url_base="supervision:checklist", can_delete=False)
        ctx["items"] = list(self.object.items.all())
        return ctx


class ChecklistEditView(InspectorEditView):
    model = InspectionChecklist
    form_class = ChecklistForm

    def get_form_kwargs(self):
        kwargs = FormView.get_form_kwargs(self)
        return kwargs

    def get_initial(self):
        if self.object is None:
            return {}
        o = self.object
        return {
            "field": o.field,
            "title": o.title,
            "items": ChecklistForm.items_text(o),
            "version": o.version,
        }

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            if self.object is None:
                checklist = checklist_create(
                    actor=self.request.user,
                    field=data["field"],
                    title=data["title"],
                    items=form.item_rows(),
                )
            else:
                checklist = checklist_update(
                    actor=self.request.user,
                    checklist=self.object,
                    title=data["title"],
                    items=form.item_rows(),
                    expected_version=data.get("version"),
                )
        except FugongError as exc:
            apply_errors(form, exc)
            return self.form_invalid(form)
        if self.object is not None and checklist.pk != self.object.pk:
            messages.info(
                self.request,
                _("This version was used by inspections; your edit is saved as version %(n)d.")
                % {"n": checklist.version_number},
            )
        else:
            messages.success(self.request, _("Saved."))
        return HttpResponseRedirect(checklist.get_absolute_url())

    def get_context_data(self, **kwargs):
        ctx = FormView.get_context_data(self, **kwargs)
        ctx["title"] = _("Inspection checklist") if self.object is None else str(self.object)
        ctx["cancel_url"] = reverse("supervision:checklist_list")
        return ctx


class ChecklistActivateView(ScopedViewMixin, View):
    model = InspectionChecklist
    action = "change"

    def post(self, request, pk):
        checklist = get_object_or_404(self.get_queryset(), pk=pk)
        try:
            checklist_activate(actor=request.user, checklist=checklist)
        except FugongError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Offered for new inspections."))
        return HttpResponseRedirect(checklist.get_absolute_url())
