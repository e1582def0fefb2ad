"""Pages of passages (append-only: a list with export, a detail, alerts)."""

from __future__ import annotations

from fugong.common.views import ObjectDetailView, ObjectListView
from fugong.gates.filters import PassageFilter
from fugong.gates.models import Passage
from fugong.gates.selectors import alerts_visible_to, passages_visible_to
from fugong.gates.tables import PassageTable


class PassageListView(ObjectListView):
    model = Passage
    table_class = PassageTable
    filterset_class = PassageFilter
    template_name = "gates/passage_list.html"
    alerts_only = False

    def get_queryset(self):
        if self.alerts_only:
            return alerts_visible_to(self.request.user)
        return passages_visible_to(self.request.user, self.action)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "alerts_only": self.alerts_only}


class PassageDetailView(ObjectDetailView):
    model = Passage
    template_name = "gates/passage_detail.html"
    detail_fields = (
        "at",
        "checkpoint",
        "direction",
        "temperature",
        "fever",
        "quarantine_alert",
        "resident",
        "visitor_name",
        "visitor_phone",
        "visit_reason",
        "visiting",
        "source",
        "recorded_by",
        "anonymised_at",
    )

    def get_queryset(self):
        return passages_visible_to(self.request.user).select_related("recorded_by")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(can_change=False, can_delete=False, url_base="")
        return ctx
