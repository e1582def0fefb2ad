import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from fugong.audit.models import ChangeLog


class ChangeLogTable(tables.Table):
    time = tables.DateTimeColumn(
        format="Y-m-d H:i:s", linkify=("audit:changelog_detail", [tables.A("pk")])
    )
    content_type = tables.Column(verbose_name=_("Record type"))
    changed_fields = tables.Column(orderable=False)

    class Meta:
        model = ChangeLog
        fields = (
            "time",
            "actor_name",
            "action",
            "content_type",
            "object_repr",
            "changed_fields",
            "request_id",
        )
        attrs = {"class": "table table-sm table-hover align-middle"}

    def render_changed_fields(self, value):
        return ", ".join(value)
