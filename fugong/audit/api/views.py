from rest_framework import mixins

from fugong.audit.api.serializers import ChangeLogSerializer
from fugong.audit.filters import ChangeLogFilter
from fugong.audit.models import ChangeLog
from fugong.common.api import ScopedViewSet


class ChangeLogViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """The change log, read-only and scoped like the records it describes."""

    queryset = ChangeLog.objects.select_related("content_type")
    serializer_class = ChangeLogSerializer
    filterset_class = ChangeLogFilter
    ordering_fields = ["time"]
