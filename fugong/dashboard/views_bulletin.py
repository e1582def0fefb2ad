"""The daily bulletin's page, downloads and sending; the groups that receive it."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from fugong.common.errors import FugongError
from fugong.dashboard.apps import SEND_BULLETIN
from fugong.dashboard.bulletin import build_bulletin, bulletin_xlsx
from fugong.dashboard.models import BulletinRecipient
from fugong.dashboard.services import bulletin_send, recipient_add, recipient_deactivate
from fugong.dashboard.viewpoint import viewpoint_for
from fugong.dashboard.views import DashboardPermissionMixin

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class BulletinView(DashboardPermissionMixin, TemplateView):
    template_name = "dashboard/bulletin.html"

    def get(self, request, *args, **kwargs):
        self.view = viewpoint_for(request)
        self.bulletin = build_bulletin(self.view)
        fmt = request.GET.get("format", "")
        if fmt in ("xlsx", "pdf") and not self.view.blocked:
            stamp = f"{self.view.date:%Y%m%d}"
            if fmt == "xlsx":
                response = HttpResponse(bulletin_xlsx(self.bulletin), content_type=XLSX)
            else:
                from fugong.dashboard.pdf import bulletin_pdf

                response = HttpResponse(bulletin_pdf(self.bulletin), content_type="application/pdf")
            response["Content-Disposition"] = f'attachment; filename="bulletin-{stamp}.{fmt}"'
            return response
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        """Send the bulletin of ?date= to the configured groups."""
        view = viewpoint_for(request)
        target = f"{reverse('dashboard:bulletin')}?date={view.date.isoformat()}"
        if view.area is not None:
            target += f"&area={view.area.pk}"
        if view.blocked:
            messages.error(request, view.problem)
            return redirect(target)
        try:
            new = bulletin_send(
                actor=request.user,
                bulletin=build_bulletin(view),
                area_key=str(view.area.pk) if view.area else "",
            )
        except FugongError as exc:
            messages.error(request, exc.message)
        else:
            if new:
                messages.success(
                    request, _("The bulletin was queued for sending (%(n)s messages).") % {"n": new}
                )
            else:
                messages.info(request, _("This bulletin was already sent to every group."))
        return redirect(target)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            view=self.view,
            bulletin=self.bulletin,
            can_send=self.request.user.has_perm(SEND_BULLETIN),
        )
        return ctx


class RecipientForm(forms.Form):
    channel = forms.ModelChoiceField(label=gettext_lazy("Channel"), queryset=None)
    note = forms.CharField(label=gettext_lazy("Note"), max_length=200, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from fugong.messaging.models import Channel

        self.fields["channel"].queryset = Channel.objects.visible_to(user, "view").filter(
            is_active=True
        )


class RecipientListView(DashboardPermissionMixin, TemplateView):
    permission = "dashboard.view_bulletinrecipient"
    template_name = "dashboard/recipients.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx.update(
            recipients=BulletinRecipient.objects.visible_to(user)
            .select_related("channel")
            .order_by("-is_active", "id"),
            form=kwargs.get("form") or RecipientForm(user=user),
            can_add=user.has_perm("dashboard.add_bulletinrecipient"),
            can_change=user.has_perm("dashboard.change_bulletinrecipient"),
        )
        return ctx

    def post(self, request, *args, **kwargs):
        user = request.user
        if "deactivate" in request.POST:
            try:
                recipient_deactivate(actor=user, recipient_id=int(request.POST["deactivate"]))
            except (FugongError, ValueError) as exc:
                messages.error(request, getattr(exc, "message", _("Not found.")))
            else:
                messages.success(request, _("The group no longer receives the bulletin."))
            return redirect("dashboard:recipient_list")
        form = RecipientForm(request.POST, user=user)
        if form.is_valid():
            try:
                recipient_add(
                    actor=user,
                    channel_id=form.cleaned_data["channel"].pk,
                    note=form.cleaned_data["note"],
                )
            except FugongError as exc:
                for name, message in exc.fields.items():
                    form.add_error(name if name in form.fields else None, message)
                if not exc.fields:
                    form.add_error(None, exc.message)
            else:
                messages.success(request, _("The group will receive the bulletin."))
                return redirect("dashboard:recipient_list")
        return self.render_to_response(self.get_context_data(form=form))
