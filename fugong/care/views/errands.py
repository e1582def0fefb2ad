"""Errand pages: the list, request (for a household), the errand with its timeline and
money, and the transitions (assign, deliver, record a repayment, cancel)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from fugong.care.choices import ErrandStatus
from fugong.care.filters import ErrandFilter
from fugong.care.forms import AssignForm, DeliverForm, ErrandRequestForm, ReasonForm, RepayForm
from fugong.care.models import Errand
from fugong.care.models.errands import OPEN_ERRANDS
from fugong.care.selectors import errand_money, errands_visible_to
from fugong.care.services import errands as services
from fugong.care.tables import ErrandTable
from fugong.care.views import ActionMixin, apply_errors, posted_version
from fugong.common.errors import FugongError
from fugong.common.scoping import user_can
from fugong.common.views import ObjectDetailView, ObjectListView, ScopedViewMixin


class ErrandListView(ObjectListView):
    model = Errand
    table_class = ErrandTable
    filterset_class = ErrandFilter
    template_name = "care/errand_list.html"

    def get_queryset(self):
        return errands_visible_to(self.request.user, self.action)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["money"] = errand_money(self.request.user)
        return ctx


class ErrandRequestView(ScopedViewMixin, FormView):
    model = Errand
    action = "add"
    form_class = ErrandRequestForm
    template_name = "care/form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        return {"household": self.request.GET.get("household")}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "heading": _("Request an errand")}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            errand = services.errand_request(
                actor=self.request.user,
                household=data["household"],
                kind=data["kind"],
                items=data["items"],
                contact_note=data["contact_note"],
                submission_key=data.get("submission_key") or "",
            )
        except FugongError as exc:
            apply_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Errand requested."))
        return HttpResponseRedirect(errand.get_absolute_url())


class ErrandDetailView(ObjectDetailView):
    model = Errand
    template_name = "care/errand_detail.html"
    detail_fields = ("kind", "items", "contact_note", "requested_by", "requested_at",
                     "assignee", "delivered_by", "delivered_at", "confirmed_at")  # fmt: skip

    def get_queryset(self):
        return errands_visible_to(self.request.user, "view")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        obj = self.object
        may = user_can(self.request.user, Errand, "change")
        ctx.update(
            can_change=False,
            can_delete=False,
            events=list(obj.events.select_related("actor")),
            residents=list(obj.household.residents.all()),
            may_assign=may and obj.status in OPEN_ERRANDS,
            may_deliver=may and obj.status in OPEN_ERRANDS,
            may_repay=may
            and obj.status in (ErrandStatus.DELIVERED, ErrandStatus.CONFIRMED)
            and obj.outstanding > 0,
            may_cancel=may and obj.status in OPEN_ERRANDS,
            assign_form=kwargs.get("assign_form") or AssignForm(errand=obj),
            deliver_form=kwargs.get("deliver_form") or DeliverForm(),
            repay_form=kwargs.get("repay_form") or RepayForm(),
            cancel_form=kwargs.get("cancel_form") or ReasonForm(),
        )
        return ctx


class ErrandActionView(ActionMixin, ScopedViewMixin, View):
    model = Errand
    action = "change"
    detail_view = ErrandDetailView

    def post(self, request, pk):
        errand = get_object_or_404(errands_visible_to(request.user, "change"), pk=pk)
        data = request.POST
        form_name, form = {
            "assign": ("assign_form", AssignForm(data, errand=errand)),
            "deliver": ("deliver_form", DeliverForm(data)),
            "repay": ("repay_form", RepayForm(data)),
            "cancel": ("cancel_form", ReasonForm(data)),
        }[self.operation]
        try:
            if not form.is_valid():
                raise FugongError(_("Check the form."))
            self._run(errand, form.cleaned_data, posted_version(request))
        except FugongError as exc:
            apply_errors(form, exc)
            return self.refuse(request, pk, form_name, form)
        messages.success(request, self.done)
        return HttpResponseRedirect(reverse("care:errand_detail", args=[pk]))

    @property
    def done(self):
        return {
            "assign": _("Assigned."),
            "deliver": _("Marked delivered; the household is asked to confirm."),
            "repay": _("Repayment recorded."),
            "cancel": _("Errand cancelled."),
        }[self.operation]

    def _run(self, errand, data, version):
        actor, op = self.request.user, self.operation
        if op == "assign":
            services.errand_assign(
                actor=actor, errand=errand, assignee=data["assignee"], expected_version=version
            )
        elif op == "deliver":
            services.errand_deliver(
                actor=actor,
                errand=errand,
                advanced=data["advanced"] or "0",
                note=data["note"],
                expected_version=version,
            )
        elif op == "repay":
            services.errand_repay(
                actor=actor, errand=errand, amount=data["amount"], note=data["note"]
            )
        else:
            services.errand_cancel(
                actor=actor, errand=errand, reason=data["reason"], expected_version=version
            )

    def check_permission(self):
        if not user_can(self.request.user, Errand, "change"):
            raise PermissionDenied
