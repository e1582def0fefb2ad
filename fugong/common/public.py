"""Every no-login endpoint goes through `public_endpoint`: a per-address rate limit, with
counters in the shared cache (Redis when REDIS_URL is set)."""

from functools import wraps

from django.conf import settings
from django_ratelimit import ALL
from django_ratelimit.core import is_ratelimited

from fugong.common.views import ratelimited


def public_endpoint(view, *, rate: str = "PUBLIC_RATE", group: str | None = None):
    """Wrap a view; `rate` names the setting that holds the rate (e.g. "60/m")."""
    group = group or f"public:{getattr(view, '__name__', view.__class__.__name__)}"

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        limited = is_ratelimited(
            request, group=group, key="ip", rate=getattr(settings, rate), method=ALL, increment=True
        )
        if limited:
            return ratelimited(request)
        return view(request, *args, **kwargs)

    wrapped.public_endpoint = True
    return wrapped
