"""Pages where the bureau admin edits the checklist templates (items in a formset, one
more row through htmx) and the routing rules."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from fugong.common.errors import Conflict, FugongError
from fugong.common.views import ObjectDetailView, ObjectEditView, ObjectListView, ScopedViewMixin
from fugong.construction.filters.commitments import ChecklistTemplateFilter, RoutingRuleFilter
from fugong.construction.forms.checklists import (
    ChecklistItemForm,
    ChecklistItemFormSet,
    ChecklistTemplateForm,
    RoutingRuleForm,
    item_initial,
)
from fugong.construction.models import ChecklistTemplate, RoutingRule
from fugong.construction.services.checklists import (
    checklist_activate,
    checklist_create,
    checklist_new_version,
    checklist_update,
    routing_rule_create,
    routing_rule_update,
)
from fugong.construction.tables.commitments import ChecklistTemplateTable, RoutingRuleTable

ITEMS_PREFIX = "items"


class ChecklistTemplateListView(ObjectListView):
    model = ChecklistTemplate
    table_class = ChecklistTemplateTable
    filterset_class = ChecklistTemplateFilter
    url_base = "construction:template"

    def get_queryset(self):
        return super().get_queryset().annotate(n_items=Count("items"))


class ChecklistTemplateDetailView(ObjectDetailView):
    model = ChecklistTemplate
    url_base = "construction:template"
    template_name = "construction/template_detail.html"
    detail_fields = ("title", "family", "version_number", "is_active", "frozen_at", "statement")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["items"] = list(self.object.items.all())
        ctx["used"] = self.object.commitments.count()
        return ctx


class ChecklistTemplateEditView(ScopedViewMixin, View):
    """Create (no pk) or edit a template with its items. Editing a frozen version saves the
    edit as the next version, which the admin then activates."""

    model = ChecklistTemplate
    template_name = "construction/template_form.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = None
        self.action = "change" if "pk" in kwargs else "add"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and "pk" in kwargs:
            self.check_permission()
            self.object = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def render_page(self, form, formset, status=200):
        return render(
            self.request,
            self.template_name,
            {
                "object": self.object,
                "form": form,
                "formset": formset,
                "verbose_name": ChecklistTemplate._meta.verbose_name,
                "next_index": formset.total_form_count(),
            },
            status=status,
        )

    def get(self, request, *args, **kwargs):
        form = ChecklistTemplateForm(instance=self.object)
        initial = item_initial(self.object) if self.object else []
        formset = ChecklistItemFormSet(
            prefix=ITEMS_PREFIX, initial=initial or [{"kind": "yes_no", "required": True}]
        )
        return self.render_page(form, formset)

    def post(self, request, *args, **kwargs):
        form = ChecklistTemplateForm(request.POST, instance=self.object)
        formset = ChecklistItemFormSet(request.POST, prefix=ITEMS_PREFIX)
        if not (form.is_valid() and formset.is_valid()):
            return self.render_page(form, formset)
        data = {"title": form.cleaned_data["title"], "statement": form.cleaned_data["statement"]}
        try:
            if self.object is None:
                template = checklist_create(actor=request.user, data=data, items=formset.items())
            else:
                template = checklist_update(
                    actor=request.user,
                    template=self.object,
                    data=data,
                    items=formset.items(),
                    expected_version=form.cleaned_data.get("version"),
                )
        except FugongError as exc:
            self._errors(form, formset, exc)
            return self.render_page(form, formset)
        if self.object is not None and template.pk != self.object.pk:
            messages.warning(
                request,
                _(
                    "Version %(old)s is in use, so it was kept as it was: your changes are "
                    "version %(new)s. Activate it to offer it for new commitments."
                )
                % {"old": self.object.version_number, "new": template.version_number},
            )
        else:
            messages.success(request, _("Saved."))
        return HttpResponseRedirect(template.get_absolute_url())

    @staticmethod
    def _errors(form, formset, exc: FugongError) -> None:
        placed = False
        for name, message in exc.fields.items():
            prefix, _sep, rest = name.partition("-")
            index, _sep, field = rest.partition("-")
            if prefix == ITEMS_PREFIX and index.isdigit() and int(index) < len(formset.forms):
                target = formset.forms[int(index)]
                if field in target.fields:
                    target.add_error(field, str(message))
                    placed = True
                    continue
            form.add_error(name if name in form.fields else None, str(message))
            placed = True
        if not placed or isinstance(exc, Conflict) or not exc.fields:
            form.add_error(None, str(exc.message))


class ChecklistItemRowView(ScopedViewMixin, View):
    """htmx: one more empty item row, and the formset's form count raised by one."""

    model = ChecklistTemplate
    action = "change"

    def get(self, request):
        try:
            index = max(0, min(int(request.GET.get("index", "0")), 99))
        except ValueError:
            index = 0
        form = ChecklistItemForm(
            prefix=f"{ITEMS_PREFIX}-{index}", initial={"kind": "yes_no", "required": True}
        )
        return render(
            request,
            "construction/template_item_row.html",
            {"item_form": form, "index": index, "next_index": index + 1, "oob": True},
        )


class ChecklistTemplateActionView(ScopedViewMixin, View):
    """POST: activate (offer for new commitments) or copy as a new version."""

    model = ChecklistTemplate
    action = "change"
    operation = "activate"

    def post(self, request, pk):
        template = get_object_or_404(self.get_queryset(), pk=pk)
        try:
            if self.operation == "activate":
                template = checklist_activate(actor=request.user, template=template)
                messages.success(request, _("This version is now offered for new commitments."))
            else:
                template = checklist_new_version(actor=request.user, template=template)
                messages.success(
                    request,
                    _("Version %(n)s created; edit it, then activate it.")
                    % {"n": template.version_number},
                )
        except FugongError as exc:
            messages.error(request, exc.message)
        return HttpResponseRedirect(template.get_absolute_url())


# --- routing rules ------------------------------------------------------------------------


class RoutingRuleListView(ObjectListView):
    model = RoutingRule
    table_class = RoutingRuleTable
    filterset_class = RoutingRuleFilter
    url_base = "construction:routingrule"

    def get_queryset(self):
        return super().get_queryset().select_related("department")


class RoutingRuleEditView(ObjectEditView):
    model = RoutingRule
    form_class = RoutingRuleForm
    url_base = "construction:routingrule"

    def create(self, form):
        return routing_rule_create(actor=self.request.user, **form.service_data())

    def update(self, instance, form, version):
        return routing_rule_update(
            actor=self.request.user,
            rule=instance,
            data=form.service_data(),
            expected_version=version,
        )

    def get_success_url(self, obj=None):
        return reverse("construction:routingrule_list")
