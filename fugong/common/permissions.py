"""API permission and pagination classes, kept apart from the viewsets: DRF imports its
default classes while `rest_framework.views` itself is loading."""

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions
from rest_framework.pagination import PageNumberPagination

from fugong.common.scoping import permission_name

METHOD_ACTIONS = {
    "GET": "view",
    "HEAD": "view",
    "OPTIONS": "view",
    "POST": "add",
    "PUT": "change",
    "PATCH": "change",
    "DELETE": "delete",
}


class GrantPermission(permissions.BasePermission):
    """No permission at all → 403; objects out of scope never reach here (404 from the queryset)."""

    message = _("You do not have permission to do this.")

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False
        # A password-only session of a two-factor role must not reach the API either.
        if request.auth is None and user.requires_two_factor() and not user.is_verified():
            return False
        model = getattr(getattr(view, "queryset", None), "model", None) or getattr(
            view, "model", None
        )
        if model is None:
            return True
        action = getattr(view, "action_permissions", {}).get(
            getattr(view, "action", None), METHOD_ACTIONS.get(request.method, "view")
        )
        return user.has_perm(permission_name(model, action))


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500
