"""The one application error type that services raise, with machine-readable codes."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _


class FugongError(Exception):
    """A business rule refused the change. `code` is stable; `message` is translated."""

    code = "invalid"
    default_message = _("The request could not be carried out.")
    status = 400

    def __init__(self, message=None, *, code=None, fields=None):
        self.message = message or self.default_message
        if code:
            self.code = code
        self.fields = fields or {}
        super().__init__(str(self.message))


class NotFound(FugongError, Http404):
    """Same answer for 'does not exist' and 'not in your scope' (no existence oracle)."""

    code = "not_found"
    default_message = _("Not found.")
    status = 404


class Forbidden(FugongError, PermissionDenied):
    code = "permission_denied"
    default_message = _("You do not have permission to do this.")
    status = 403


class Conflict(FugongError):
    code = "conflict"
    default_message = _("The record was changed by someone else; reload and try again.")
    status = 409
