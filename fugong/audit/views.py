from fugong.audit.filters import ChangeLogFilter
from fugong.audit.models import ChangeLog
from fugong.audit.tables import ChangeLogTable
from fugong.common.views import ObjectDetailView, ObjectListView


class ChangeLogListView(ObjectListView):
    """Search the change log: by text, record type and id, action, dates, request id."""

    model = ChangeLog
    table_class = ChangeLogTable
    filterset_class = ChangeLogFilter
    table_pagination = {"per_page": 50}

    def get_queryset(self):
        return super().get_queryset().select_related("content_type")


class ChangeLogDetailView(ObjectDetailView):
    model = ChangeLog
    template_name = "audit/changelog_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        entry = self.object
        before, after = entry.before or {}, entry.after or {}
        ctx["diff"] = [
            {
                "field": k,
                "before": before.get(k),
                "after": after.get(k),
                "changed": k in entry.changed_fields,
            }
            for k in sorted(set(before) | set(after))
        ]
        ctx.pop("history", None)
        return ctx
