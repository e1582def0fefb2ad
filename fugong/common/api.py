"""API bases: the same scoping, permissions and services as the UI, one error format."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, mixins, viewsets
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from fugong.common.errors import FugongError
from fugong.common.permissions import METHOD_ACTIONS, GrantPermission, Pagination  # noqa: F401


class ScopedViewSet(viewsets.GenericViewSet):
    """Base viewset: `queryset` is narrowed to the user's scope for the request's action."""

    action_permissions: dict[str, str] = {}

    def get_queryset(self):
        action = self.action_permissions.get(
            self.action, METHOD_ACTIONS.get(self.request.method, "view")
        )
        return self.queryset.all().visible_to(self.request.user, action)


def _error(code: str, message, fields=None, status=400):
    body = {"error": {"code": code, "message": str(message)}}
    if fields:
        body["error"]["fields"] = fields
    return body, status


def exception_handler(exc, context):
    """Every API error is {"error": {"code", "message", "fields"?}}."""
    if isinstance(exc, FugongError):
        body, status = _error(
            exc.code, exc.message, {k: [str(v)] for k, v in exc.fields.items()}, exc.status
        )
        return Response(body, status=status)
    if isinstance(exc, DjangoValidationError):
        fields = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        body, status = _error("invalid", _("The data is not valid."), fields)
        return Response(body, status=status)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Not found."))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        response.data = _error("invalid", _("The data is not valid."), detail)[0]
    else:
        code = exc.get_codes() if isinstance(exc.get_codes(), str) else "error"
        response.data = _error(code, exc.detail)[0]
    return response


class ScopedModelViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    ScopedViewSet,
):
    """List/retrieve/create/update/archive. Subclasses route writes to their services in
    `perform_create` / `perform_update`; delete archives evidence through the service."""

    def expected_version(self) -> int | None:
        """Optimistic lock: the `version` the client read, from If-Match or the body."""
        raw = self.request.headers.get("If-Match") or self.request.data.get("version")
        try:
            return int(str(raw).strip('"')) if raw not in (None, "") else None
        except ValueError:
            raise exceptions.ValidationError({"version": [_("Must be a whole number.")]}) from None

    def perform_destroy(self, instance):
        from fugong.common.services import archive_object

        archive_object(actor=self.request.user, instance=instance)
