"""Disinfection log and coverage; the supplies ledger (items, receive, issue)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from fugong.care.filters import DisinfectionFilter, SupplyItemFilter
from fugong.care.forms import DisinfectionForm, MovementForm, SupplyItemForm
from fugong.care.models import Disinfection, SupplyItem
from fugong.care.selectors import (
    coverage,
    disinfections_visible_to,
    supply_items_visible_to,
)
from fugong.care.services import supplies as services
from fugong.care.tables import DisinfectionTable, SupplyItemTable
from fugong.care.views import ActionMixin, apply_errors
from fugong.common.errors import FugongError
from fugong.common.scoping import user_can
from fugong.common.views import ObjectDetailView, ObjectListView, ScopedViewMixin


class DisinfectionListView(ObjectListView):
    model = Disinfection
    table_class = DisinfectionTable
    filterset_class = DisinfectionFilter
    template_name = "care/disinfection_list.html"

    def get_queryset(self):
        return disinfections_visible_to(self.request.user, self.action)


class DisinfectionAddView(ScopedViewMixin, FormView):
    model = Disinfection
    action = "add"
    form_class = DisinfectionForm
    template_name = "care/form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        return {"region": self.request.GET.get("region")}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "heading": _("Log a disinfection")}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            record = services.disinfection_record(
                actor=self.request.user,
                region=data["region"],
                areas=data["areas"],
                agent=data["agent"],
                done_at=data["done_at"],
                performed_by=data["performed_by"],
                note=data["note"],
                photo=data.get("photo"),
            )
        except FugongError as exc:
            apply_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Disinfection logged."))
        return HttpResponseRedirect(record.get_absolute_url())


class DisinfectionDetailView(ObjectDetailView):
    model = Disinfection
    template_name = "care/disinfection_detail.html"
    detail_fields = ("region", "areas", "agent", "done_at", "performed_by", "note", "recorded_by")

    def get_queryset(self):
        return disinfections_visible_to(self.request.user, "view")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "can_change": False, "can_delete": False}


class CoverageView(ScopedViewMixin, TemplateView):
    """Buildings and their last disinfection; those not done within the period flagged."""

    model = Disinfection
    template_name = "care/coverage.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["coverage"] = coverage(self.request.user)
        return ctx


class SupplyListView(ObjectListView):
    model = SupplyItem
    table_class = SupplyItemTable
    filterset_class = SupplyItemFilter
    template_name = "care/supply_list.html"

    def get_queryset(self):
        return supply_items_visible_to(self.request.user, self.action)


class SupplyItemEditView(ScopedViewMixin, FormView):
    model = SupplyItem
    form_class = SupplyItemForm
    template_name = "care/form.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.action = "change" if "pk" in kwargs else "add"
        self.object = None

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and "pk" in kwargs:
            self.check_permission()
            self.object = get_object_or_404(
                supply_items_visible_to(request.user, "change"), pk=kwargs["pk"]
            )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "instance": self.object}

    def get_context_data(self, **kwargs):
        heading = (
            _("Edit %(item)s") % {"item": self.object} if self.object else _("Add a supply item")
        )
        return {**super().get_context_data(**kwargs), "heading": heading}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            if self.object is None:
                item = services.supply_item_create(
                    actor=self.request.user,
                    community=data["community"],
                    category=data["category"],
                    name=data["name"],
                    unit=data["unit"],
                    low_threshold=data["low_threshold"],
                )
            else:
                item = services.supply_item_update(
                    actor=self.request.user,
                    item=self.object,
                    data={k: data[k] for k in ("category", "name", "unit", "low_threshold")},
                    expected_version=data.get("version"),
                )
        except FugongError as exc:
            apply_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved."))
        return HttpResponseRedirect(item.get_absolute_url())


class SupplyDetailView(ObjectDetailView):
    model = SupplyItem
    template_name = "care/supply_detail.html"
    detail_fields = ("community", "category", "unit", "low_threshold")

    def get_queryset(self):
        return supply_items_visible_to(self.request.user, "view")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        may = user_can(self.request.user, SupplyItem, "issue")
        ctx.update(
            can_delete=False,
            url_base="",
            movements=list(self.object.movements.select_related("recorded_by")[:100]),
            may_move=may,
            receive_form=kwargs.get("receive_form") or MovementForm(prefix="receive"),
            issue_form=kwargs.get("issue_form") or MovementForm(prefix="issue"),
        )
        return ctx


class SupplyMoveView(ActionMixin, ScopedViewMixin, View):
    model = SupplyItem
    action = "issue"
    detail_view = SupplyDetailView

    def post(self, request, pk):
        item = get_object_or_404(supply_items_visible_to(request.user, "issue"), pk=pk)
        op = self.operation
        form = MovementForm(request.POST, prefix=op)
        try:
            if not form.is_valid():
                raise FugongError(_("Check the form."))
            data = form.cleaned_data
            move = services.supply_receive if op == "receive" else services.supply_issue
            move(
                actor=request.user,
                item=item,
                quantity=data["quantity"],
                counterparty=data["counterparty"],
                note=data["note"],
            )
        except FugongError as exc:
            apply_errors(form, exc)
            return self.refuse(request, pk, f"{op}_form", form)
        messages.success(
            request, _("Received into stock.") if op == "receive" else _("Issued from stock.")
        )
        return HttpResponseRedirect(reverse("care:supply_detail", args=[pk]))

    def check_permission(self):
        if not user_can(self.request.user, SupplyItem, "issue"):
            raise PermissionDenied
