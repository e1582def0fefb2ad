"""API of gates: the same services and scope as the pages.

- `checkpoints`: list/retrieve in scope; POST sets one up; PATCH changes it.
- `passages`: list/retrieve in scope (append-only: no PUT, PATCH or DELETE); POST records
  one (a resident of the gate's compound, or a visitor with a reason and whom they visit).
- `contact-tracing`: POST runs a trace (recorded); `tracing-cases` opens and closes
  cases; `tracing-runs` is the log of runs; `retention-purges` the log of purges.
"""

from __future__ import annotations

from django.db.models import Count
from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from fugong.common.api import ScopedViewSet
from fugong.common.errors import FugongError, NotFound
from fugong.common.permissions import GrantPermission
from fugong.gates.api import serializers as s
from fugong.gates.filters import CheckpointFilter, PassageFilter
from fugong.gates.models import (
    Checkpoint,
    ContactTracingCase,
    Passage,
    RetentionPurge,
    TracingRun,
)
from fugong.gates.pdf import poster_pdf
from fugong.gates.selectors import scan_url
from fugong.gates.services import checkpoints as checkpoint_services
from fugong.gates.services import tracing as tracing_services
from fugong.gates.services.passages import passage_record
from fugong.regions.models import Region


class RetentionPurgeViewSet(mixins.ListModelMixin, ScopedViewSet):
    """The log of retention purges with their counts (bureau administrators)."""

    queryset = RetentionPurge.objects.all()
    serializer_class = s.RetentionPurgeSerializer
    permission_classes = [GrantPermission]

    def get_queryset(self):
        # Not scoped to a region: a purge covers the installation; the permission decides.
        return self.queryset.all()


class CheckpointViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ScopedViewSet,
):
    queryset = Checkpoint.objects.select_related("compound").order_by("compound__path", "name")
    serializer_class = s.CheckpointSerializer
    permission_classes = [GrantPermission]
    filterset_class = CheckpointFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    @extend_schema(request=s.CheckpointWriteSerializer, responses={201: s.CheckpointSerializer})
    def create(self, request, *args, **kwargs):
        data = s.CheckpointWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values.pop("version", None)
        try:
            compound = Region.objects.visible_to(request.user, "gates.add_checkpoint").get(
                pk=values.pop("compound", None)
            )
        except Region.DoesNotExist:
            raise NotFound() from None
        checkpoint = checkpoint_services.checkpoint_create(
            actor=request.user, compound=compound, **values
        )
        return Response(self.get_serializer(checkpoint).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.CheckpointWriteSerializer, responses={200: s.CheckpointSerializer})
    def partial_update(self, request, *args, **kwargs):
        checkpoint = self.get_object()
        data = s.CheckpointWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        version = values.pop("version", None) or request.headers.get("If-Match")
        values.pop("compound", None)
        updated = checkpoint_services.checkpoint_update(
            actor=request.user,
            checkpoint=checkpoint,
            data=values,
            expected_version=int(str(version).strip('"')) if version else None,
        )
        return Response(self.get_serializer(updated).data)

    @extend_schema(exclude=True)
    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(
        request=None,
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
        description="The A4 poster with the gate's QR code.",
    )
    @action(detail=True, methods=["get"])
    def poster(self, request, pk=None):
        checkpoint = self.get_object()
        if not checkpoint.is_active:
            raise FugongError(_("This gate is not in use: no poster."), code="gate_inactive")
        data = poster_pdf(checkpoint, scan_url=scan_url(request, checkpoint))
        return HttpResponse(data, content_type="application/pdf")

    @extend_schema(request=None, responses={200: s.CheckpointSerializer})
    @action(detail=True, methods=["post"], url_path="new-token")
    def new_token(self, request, pk=None):
        """Issue a new QR code: the old posters stop working."""
        checkpoint = self.get_object()
        updated = checkpoint_services.checkpoint_new_token(
            actor=request.user, checkpoint=checkpoint
        )
        return Response(self.get_serializer(updated).data)


class PassageViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet
):
    queryset = Passage.objects.select_related("resident", "checkpoint__compound")
    serializer_class = s.PassageSerializer
    permission_classes = [GrantPermission]
    filterset_class = PassageFilter
    # Append-only: no PUT, PATCH or DELETE.
    http_method_names = ["get", "post", "head", "options"]

    @extend_schema(request=s.PassageRecordSerializer, responses={201: s.PassageSerializer})
    def create(self, request, *args, **kwargs):
        data = s.PassageRecordSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        passage = passage_record(
            actor=request.user,
            checkpoint_id=v["checkpoint"],
            direction=v["direction"],
            temperature=v.get("temperature"),
            resident_id=v.get("resident"),
            visitor_name=v.get("visitor_name", ""),
            visitor_phone=v.get("visitor_phone", ""),
            visit_reason=v.get("visit_reason", ""),
            visiting=v.get("visiting", ""),
            request_key=v.get("request_key"),
            at=v.get("at"),
            source="api",
        )
        fresh = self.queryset.get(pk=passage.pk)
        code = status.HTTP_200_OK if passage.duplicate else status.HTTP_201_CREATED
        return Response(self.get_serializer(fresh).data, status=code)


class ContactTracingViewSet(viewsets.ViewSet):
    """POST runs the trace; the run is recorded with its parameters and count."""

    @extend_schema(request=s.TraceRequestSerializer, responses={200: s.TraceResultSerializer})
    def create(self, request):
        if not request.user.has_perm(tracing_services.TRACE):
            raise PermissionDenied()
        data = s.TraceRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        result = tracing_services.contact_trace(
            actor=request.user,
            resident_id=v.get("resident"),
            passage_id=v.get("passage"),
            minutes=v["minutes"],
            days=v["days"],
        )
        return Response(s.TraceResultSerializer(result).data)


class CaseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    queryset = ContactTracingCase.objects.select_related("community").annotate(
        held=Count("passages")
    )
    serializer_class = s.CaseSerializer
    permission_classes = [GrantPermission]
    action_permissions = {"create": "add", "close": "change"}

    @extend_schema(request=s.CaseOpenSerializer, responses={201: s.CaseSerializer})
    def create(self, request):
        data = s.CaseOpenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        case = tracing_services.case_open(
            actor=request.user,
            resident_id=v.get("resident"),
            passage_id=v.get("passage"),
            minutes=v["minutes"],
            days=v["days"],
            reason=v["reason"],
        )
        fresh = self.queryset.get(pk=case.pk)
        return Response(self.get_serializer(fresh).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.CaseCloseSerializer, responses={200: s.CaseSerializer})
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        case = self.get_object()
        data = s.CaseCloseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        tracing_services.case_close(
            actor=request.user,
            case=case,
            note=data.validated_data.get("note", ""),
            expected_version=data.validated_data.get("version"),
        )
        return Response(self.get_serializer(self.queryset.get(pk=case.pk)).data)


class TracingRunViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    queryset = TracingRun.objects.select_related("community")
    serializer_class = s.TracingRunSerializer
    permission_classes = [GrantPermission]
