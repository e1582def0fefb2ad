"""Pages of vehicle passes: apply (enterprise), the list, a pass with the authority's
decision and revocation, the printable PDF."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from fugong.audit.choices import ChangeAction
from fugong.audit.services import record_change
from fugong.common.errors import FugongError
from fugong.common.pii.display import can_view_full_personal_data
from fugong.common.views import ObjectDetailView, ObjectListView, ScopedViewMixin
from fugong.coordination.choices import PassStatus
from fugong.coordination.filters import VehiclePassFilter
from fugong.coordination.forms.passes import PassApplyForm
from fugong.coordination.forms.tickets import ReasonForm
from fugong.coordination.models import VehiclePass
from fugong.coordination.pdf import pass_pdf
from fugong.coordination.selectors.passes import (
    pass_check_url,
    pass_with_details,
    passes_visible_to,
)
from fugong.coordination.services import passes as services
from fugong.coordination.tables import VehiclePassTable
from fugong.coordination.views.tickets import apply_errors


class PassListView(ObjectListView):
    model = VehiclePass
    table_class = VehiclePassTable
    filterset_class = VehiclePassFilter
    url_base = "coordination:pass"

    def get_queryset(self):
        return passes_visible_to(self.request.user, self.action)


class PassApplyView(ScopedViewMixin, FormView):
    model = VehiclePass
    action = "add"
    form_class = PassApplyForm
    template_name = "coordination/pass_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        try:
            vehicle_pass = services.pass_apply(actor=self.request.user, **form.service_data())
        except FugongError as exc:
            apply_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Application submitted; the authority will decide."))
        return HttpResponseRedirect(vehicle_pass.get_absolute_url())


class PassDetailView(ObjectDetailView):
    model = VehiclePass
    template_name = "coordination/pass_detail.html"
    detail_fields = (
        "status",
        "enterprise",
        "driver_name",
        "driver_phone",
        "route",
        "purpose",
        "valid_from",
        "valid_until",
        "applied_by",
        "decided_by",
        "decided_at",
        "refuse_reason",
        "revoked_by",
        "revoked_at",
        "revoke_reason",
    )

    def get_queryset(self):
        return pass_with_details(super().get_queryset())

    def _may(self, permission: str) -> bool:
        user = self.request.user
        return user.has_perm(permission) and (
            VehiclePass.objects.visible_to(user, permission).filter(pk=self.object.pk).exists()
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        obj = self.object
        check_url = pass_check_url(self.request, obj)
        if obj.status == PassStatus.APPROVED:
            import segno

            # On the phone, the driver can show the code itself at a checkpoint.
            ctx["qr"] = segno.make(check_url, error="m").svg_data_uri(scale=6, border=2)
        ctx.update(
            can_change=False,
            can_delete=False,
            url_base="",
            validity=obj.validity(),
            check_url=check_url,
            can_decide=obj.status == PassStatus.PENDING and self._may(services.APPROVE_VEHICLEPASS),
            can_revoke=obj.status == PassStatus.APPROVED and self._may(services.REVOKE_VEHICLEPASS),
            refuse_form=kwargs.get("refuse_form") or ReasonForm(prefix="refuse"),
            revoke_form=kwargs.get("revoke_form") or ReasonForm(prefix="revoke"),
        )
        return ctx


class PassActionView(ScopedViewMixin, View):
    model = VehiclePass
    operation = ""

    def post(self, request, pk):
        permission = (
            services.REVOKE_VEHICLEPASS
            if self.operation == "revoke"
            else services.APPROVE_VEHICLEPASS
        )
        if not request.user.has_perm(permission):
            raise PermissionDenied
        vehicle_pass = get_object_or_404(passes_visible_to(request.user, permission), pk=pk)
        version = request.POST.get("version")
        expected = int(version) if (version or "").isdigit() else None
        form = ReasonForm(request.POST, prefix=self.operation)
        form.is_valid()
        reason = form.cleaned_data.get("reason", "")
        try:
            if self.operation == "approve":
                services.pass_approve(
                    actor=request.user, vehicle_pass=vehicle_pass, expected_version=expected
                )
                done = _("Approved: the pass can be printed.")
            elif self.operation == "refuse":
                services.pass_refuse(
                    actor=request.user,
                    vehicle_pass=vehicle_pass,
                    reason=reason,
                    expected_version=expected,
                )
                done = _("Refused; the enterprise was told why.")
            else:
                services.pass_revoke(
                    actor=request.user,
                    vehicle_pass=vehicle_pass,
                    reason=reason,
                    expected_version=expected,
                )
                done = _("Revoked: its QR code now says so.")
        except FugongError as exc:
            apply_errors(form, exc)
            view = PassDetailView()
            view.setup(request, pk=pk)
            view.object = view.get_object()
            extra = {f"{self.operation}_form": form} if self.operation != "approve" else {}
            ctx = view.get_context_data(object=view.object, **extra)
            if self.operation == "approve":
                messages.error(request, exc.message)
            return view.render_to_response(ctx, status=400)
        messages.success(request, done)
        return HttpResponseRedirect(reverse("coordination:pass_detail", args=[pk]))


class PassPdfView(ScopedViewMixin, View):
    """The printable pass; only an approved pass is printed."""

    model = VehiclePass

    def get(self, request, pk):
        vehicle_pass = get_object_or_404(pass_with_details(self.get_queryset()), pk=pk)
        if vehicle_pass.status != PassStatus.APPROVED:
            messages.error(request, _("Only an approved pass can be printed."))
            return HttpResponseRedirect(vehicle_pass.get_absolute_url())
        data = pass_pdf(
            vehicle_pass, check_url=pass_check_url(request, vehicle_pass), viewer=request.user
        )
        if can_view_full_personal_data(request.user):
            record_change(
                actor=request.user,
                instance=vehicle_pass,
                action=ChangeAction.VIEW_PERSONAL,
                after={},
                message="driver_phone (pdf)",
            )
        response = HttpResponse(data, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="vehicle-pass-{vehicle_pass.pk}.pdf"'
        return response
