from __future__ import annotations

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_ratelimit.decorators import ratelimit
from rest_framework.authtoken.models import Token

from fugong.accounts.filters import UserFilter
from fugong.accounts.forms import GrantForm, TokenForm, UserForm
from fugong.accounts.models import RoleGrant, User
from fugong.accounts.services import grant_role, revoke_grant, user_create, user_update
from fugong.accounts.tables import UserTable
from fugong.common.errors import FugongError
from fugong.common.services import fetch_for
from fugong.common.views import ObjectDetailView, ObjectEditView, ObjectListView


def _login_rate(group, request):
    return settings.LOGIN_RATE


def lockout_response(request, original_response, credentials, *args, **kwargs):
    """Axes calls this once an account or address has failed too often."""
    minutes = int(settings.AXES_COOLOFF_TIME * 60)
    message = _(
        "Too many failed login attempts. This account or IP address is locked for %(minutes)s minutes."
    ) % {"minutes": minutes}
    form = auth_views.AuthenticationForm(request)
    return render(
        request, "accounts/login.html", {"form": form, "lockout_message": message}, status=429
    )


@method_decorator(ratelimit(key="ip", rate=_login_rate, method="POST", block=True), name="post")
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class TwoFactorView(LoginRequiredMixin, View):
    """Set up (first time: QR code) or enter the TOTP code that roles like admin require."""

    template_name = "accounts/two_factor.html"

    def _device(self, user):
        device = TOTPDevice.objects.devices_for_user(user, confirmed=True).first()
        if device:
            return device, False
        device, _created = TOTPDevice.objects.get_or_create(
            user=user, confirmed=False, defaults={"name": "authenticator"}
        )
        return device, True

    def _context(self, form, device, setting_up):
        ctx = {"form": form, "setting_up": setting_up}
        if setting_up:
            ctx["qr_svg"] = segno.make(device.config_url, micro=False).svg_data_uri(scale=4)
            import base64

            ctx["secret"] = base64.b32encode(device.bin_key).decode()
        return ctx

    def get(self, request):
        device, setting_up = self._device(request.user)
        return render(request, self.template_name, self._context(TokenForm(), device, setting_up))

    def post(self, request):
        device, setting_up = self._device(request.user)
        form = TokenForm(request.POST)
        if form.is_valid() and device.verify_token(form.cleaned_data["code"]):
            if setting_up:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
            otp_login(request, device)
            target = request.GET.get("next", "")
            if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
                target = settings.LOGIN_REDIRECT_URL
            return redirect(target or settings.LOGIN_REDIRECT_URL)
        if form.is_valid():
            allowed, why = device.verify_is_allowed()
            if not allowed and why and "locked_until" in why:
                form.add_error("code", _("Too many wrong codes. Wait a little and try again."))
            else:
                form.add_error("code", _("The code is wrong or has expired. Try the current one."))
        return render(
            request, self.template_name, self._context(form, device, setting_up), status=400
        )


class ProfileView(LoginRequiredMixin, View):
    def get(self, request):
        grants = request.user.active_grants()
        token = Token.objects.filter(user=request.user).first()
        return render(request, "accounts/profile.html", {"grants": grants, "token": token})

    def post(self, request):
        """(Re)issue the personal API token; the old one stops working at once."""
        Token.objects.filter(user=request.user).delete()
        token = Token.objects.create(user=request.user)
        messages.success(
            request, _("A new API token was issued. Copy it now: %(key)s") % {"key": token.key}
        )
        return redirect("accounts:profile")


class UserListView(ObjectListView):
    model = User
    table_class = UserTable
    filterset_class = UserFilter
    url_base = "accounts:user"

    def get_queryset(self):
        return super().get_queryset().select_related("organisation")


class UserDetailView(ObjectDetailView):
    model = User
    url_base = "accounts:user"
    template_name = "accounts/user_detail.html"
    detail_fields = (
        "username",
        "full_name",
        "email",
        "phone",
        "id_number",
        "organisation",
        "is_party_member",
        "is_active",
        "last_login",
    )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["grants"] = (
            RoleGrant.objects.visible_to(user)
            .filter(user=self.object)
            .select_related("role", "region", "organisation")
        )
        ctx["grant_form"] = (
            GrantForm(user=user) if user.has_perm("accounts.add_rolegrant") else None
        )
        ctx["can_revoke"] = user.has_perm("accounts.change_rolegrant")
        return ctx


class UserEditView(ObjectEditView):
    model = User
    form_class = UserForm
    url_base = "accounts:user"

    def create(self, form):
        data = form.service_data()
        username = data.pop("username")
        return user_create(
            actor=self.request.user,
            username=username,
            password=form.cleaned_data["password"],
            **data,
        )

    def update(self, instance, form, version):
        return user_update(
            actor=self.request.user,
            user=instance,
            data=form.service_data(),
            expected_version=version,
        )

    def get_success_url(self, obj=None):
        from django.urls import reverse

        return reverse("accounts:user_detail", args=[obj.pk])


class GrantCreateView(LoginRequiredMixin, View):
    def post(self, request, pk):
        target = fetch_for(request.user, User, pk, "view")
        form = GrantForm(request.POST, user=request.user)
        if not request.user.has_perm("accounts.add_rolegrant"):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        if form.is_valid():
            try:
                grant_role(
                    actor=request.user,
                    user=target,
                    **{
                        k: form.cleaned_data[k]
                        for k in ("role", "region", "organisation", "valid_until", "note")
                    },
                )
                messages.success(request, _("Role granted."))
            except FugongError as exc:
                messages.error(request, exc.message)
        else:
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
        return redirect("accounts:user_detail", pk=target.pk)


class GrantRevokeView(LoginRequiredMixin, View):
    def post(self, request, pk):
        grant = get_object_or_404(RoleGrant.objects.visible_to(request.user, "change"), pk=pk)
        revoke_grant(actor=request.user, grant=grant, note=request.POST.get("note", ""))
        messages.success(request, _("Role revoked."))
        return redirect("accounts:user_detail", pk=grant.user_id)
