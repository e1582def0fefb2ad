"""Pages of the command dashboard: the board per role, the big screen, drill-down by
area (?area=) and day (?date=)."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.views.generic import TemplateView

from fugong.dashboard.apps import VIEW_DASHBOARD
from fugong.dashboard.board import CACHE_SECONDS, build_board
from fugong.dashboard.viewpoint import viewpoint_for
from fugong.regions.models import Region


class DashboardPermissionMixin(LoginRequiredMixin):
    permission = VIEW_DASHBOARD

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def drill_areas(user, area):
    """The areas one level below the current one the viewer may open (the drill-down menu)."""
    regions = Region.objects.visible_to(user, "regions.view_region").only(
        "id", "name", "path", "level"
    )
    if area is None:
        return list(regions.filter(level="district").order_by("path")[:50])
    return list(regions.filter(parent_id=area.pk).order_by("path")[:50])


def refresh_after(board) -> int:
    """Seconds until the figures shown expire from the cache: the big screen reloads then,
    so what it shows is never older than `CACHE_SECONDS` (reloading every minute a page whose
    figures were already up to a minute old would show them for two)."""
    age = (timezone.now() - board.computed_at).total_seconds()
    return max(5, min(CACHE_SECONDS, int(CACHE_SECONDS - age) + 1))


class DashboardView(DashboardPermissionMixin, TemplateView):
    template_name = "dashboard/board.html"
    screen = False

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        view = viewpoint_for(self.request)
        board = build_board(view)
        ctx.update(
            view=view,
            board=board,
            charts=board.charts_json(),
            areas=[] if view.blocked else drill_areas(self.request.user, view.area),
            max_age_seconds=CACHE_SECONDS,
            refresh_seconds=refresh_after(board),
            screen=self.screen,
        )
        return ctx


class ScreenView(DashboardView):
    """The command-centre screen (大屏): dark, large, no menu, reloads itself every minute."""

    template_name = "dashboard/screen.html"
    screen = True
