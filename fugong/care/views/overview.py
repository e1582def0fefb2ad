"""The care overview of the viewer's communities: people in quarantine, overdue checks,
open errands, buildings due for disinfection, low supplies."""

from django.views.generic import TemplateView

from fugong.care.models import Quarantine
from fugong.care.selectors import (
    care_summary,
    coverage,
    errands_open,
    low_supplies,
    overdue_checks,
)
from fugong.common.scoping import user_can
from fugong.common.views import ScopedViewMixin


class CareOverviewView(ScopedViewMixin, TemplateView):
    model = Quarantine
    template_name = "care/overview.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx.update(
            summary=care_summary(user),
            overdue=list(overdue_checks(user)[:20]),
            open_errands=list(errands_open(user).order_by("requested_at")[:20]),
            flagged=coverage(user).flagged[:20],
            low=list(low_supplies(user)[:20]),
            can_start=user_can(user, Quarantine, "add"),
        )
        return ctx
