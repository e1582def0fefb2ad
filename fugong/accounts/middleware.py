"""Roles that require two-factor login (data: Role.requires_two_factor) get nothing but
the two-factor pages until the session is verified with a TOTP code."""

from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

# The API checks verification itself (GrantPermission), so it can answer in JSON.
EXEMPT_PREFIXES = ("/static/", "/healthz", "/i18n/", "/public/", "/api/")


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(EXEMPT_PREFIXES)
        ):
            exempt = {reverse("accounts:two_factor"), reverse("accounts:logout")}
            if request.path not in exempt and user.requires_two_factor():
                request.two_factor_pending = True
                if request.headers.get("HX-Request"):
                    # A fragment (the unread badge…) must not swap the whole two-factor
                    # page into the one that asked for it.
                    return HttpResponse(status=204)
                return redirect(f"{reverse('accounts:two_factor')}?next={request.path}")
            if request.path in exempt and user.requires_two_factor():
                request.two_factor_pending = True
        return self.get_response(request)
