"""The draws API: list and read draws in scope (department officers: their field),
prepare one (POST), then `publish`, `run` and `assign` — the same services as the pages."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from fugong.common.api import ScopedViewSet
from fugong.common.errors import Forbidden
from fugong.draws import services
from fugong.draws.api import serializers as s
from fugong.draws.models import Draw
from fugong.draws.selectors import draws_for
from fugong.regions.models import Region


class DrawViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    queryset = Draw.objects.all()
    serializer_class = s.DrawSerializer
    filterset_fields = ["status", "field"]
    action_permissions = {
        "publish": "change",
        "run": "change",
        "assign": "change",
        "cancel": "change",
    }

    def get_queryset(self):
        action = self.action_permissions.get(self.action, "view")
        return (
            draws_for(self.request.user, action)
            .prefetch_related("targets__project", "targets__inspectors")
            .order_by("-id")
        )

    def _step(self, service):
        if not self.request.user.has_perm(services.RUN):
            raise Forbidden()
        draw = service(actor=self.request.user, draw=self.get_object())
        return Response(s.DrawSerializer(draw).data)

    @extend_schema(request=s.DrawPrepareSerializer, responses={201: s.DrawSerializer})
    def create(self, request, *args, **kwargs):
        body = s.DrawPrepareSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        region = Region.objects.filter(pk=data.pop("region")).first()
        draw = services.draw_prepare(actor=request.user, region=region, **data)
        return Response(s.DrawSerializer(draw).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=s.DrawSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        """Publish the inputs with the SHA-256 of a fresh seed."""
        return self._step(services.draw_publish)

    @extend_schema(request=None, responses=s.DrawSerializer)
    @action(detail=True, methods=["post"])
    def run(self, request, pk=None):
        """Draw and reveal the seed."""
        return self._step(services.draw_run)

    @extend_schema(request=None, responses=s.DrawSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        """Create the double-random inspections of the drawn sites."""
        return self._step(services.draw_assign)

    @extend_schema(request=None, responses=s.DrawSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """Cancel a draw whose seed hash is not yet published."""
        return self._step(services.draw_cancel)
