"""The supervision API: the same services, scope and errors as the pages.

- `inspectors` and `inspector-conflicts`: the registry (delete archives / withdraws).
- `inspection-checklists`: read for inspectors; the bureau admin writes (an edit of a
  used version answers with the next version); `activate`.
- `inspections`: start (POST), `answers`, `findings` (multipart with `photos`),
  `complete`.
- `findings`: the rectification loop: `reply` (the enterprise, multipart with `photos`),
  `review` (the re-inspection), `withdraw`.
- `stop-work-orders`, `supervision-events`: read.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from fugong.common.api import ScopedModelViewSet, ScopedViewSet
from fugong.common.errors import FugongError
from fugong.construction.models import Project
from fugong.organisations.models import Organisation
from fugong.supervision.api import serializers as s
from fugong.supervision.filters import (
    FindingFilter,
    InspectionFilter,
    InspectorFilter,
    StopWorkFilter,
)
from fugong.supervision.models import (
    ConflictDeclaration,
    Finding,
    Inspection,
    InspectionChecklist,
    InspectionChecklistItem,
    Inspector,
    StopWorkOrder,
    SupervisionEvent,
)
from fugong.supervision.selectors.rectification import findings_for
from fugong.supervision.selectors.registry import eligible_targets
from fugong.supervision.services.checklists import (
    checklist_activate,
    checklist_create,
    checklist_update,
)
from fugong.supervision.services.inspections import (
    finding_add,
    finding_withdraw,
    inspection_complete,
    inspection_create,
    inspection_record_answers,
)
from fugong.supervision.services.rectification import reply_review, reply_submit
from fugong.supervision.services.registry import (
    conflict_declare,
    conflict_withdraw,
    inspector_archive,
    inspector_create,
    inspector_update,
)

MULTIPART = "multipart/form-data"


def _files(request, name="photos"):
    return request.FILES.getlist(name) if hasattr(request.FILES, "getlist") else []


class InspectorViewSet(ScopedModelViewSet):
    queryset = Inspector.objects.filter(archived_at__isnull=True).select_related(
        "user", "organisation"
    )
    serializer_class = s.InspectorSerializer
    filterset_class = InspectorFilter

    def perform_create(self, serializer):
        serializer.instance = inspector_create(actor=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = inspector_update(
            actor=self.request.user,
            inspector=serializer.instance,
            data=serializer.validated_data,
            expected_version=self.expected_version(),
        )

    def perform_destroy(self, instance):
        inspector_archive(actor=self.request.user, inspector=instance)


class ConflictViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    ScopedViewSet,
):
    queryset = ConflictDeclaration.objects.filter(archived_at__isnull=True).order_by("id")
    serializer_class = s.ConflictDeclarationSerializer
    action_permissions = {"destroy": "add"}

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = conflict_declare(
            actor=self.request.user,
            inspector=data["inspector"],
            project=data.get("project"),
            enterprise=data.get("enterprise"),
            reason=data.get("reason", ""),
        )

    def perform_destroy(self, instance):
        conflict_withdraw(actor=self.request.user, declaration=instance)


class ChecklistViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ScopedViewSet,
):
    queryset = InspectionChecklist.objects.prefetch_related("items").order_by(
        "field", "-version_number"
    )
    serializer_class = s.InspectionChecklistSerializer
    action_permissions = {"activate": "change"}

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = checklist_create(
            actor=self.request.user, field=data["field"], title=data["title"], items=data["items"]
        )

    def perform_update(self, serializer):
        data = serializer.validated_data
        instance = serializer.instance
        raw = self.request.headers.get("If-Match") or self.request.data.get("version")
        serializer.instance = checklist_update(
            actor=self.request.user,
            checklist=instance,
            title=data.get("title", instance.title),
            items=data.get("items")
            or [
                {"code": i.code, "text": i.text, "guidance": i.guidance}
                for i in instance.items.all()
            ],
            expected_version=int(str(raw).strip('"'))
            if str(raw or "").strip('"').isdigit()
            else None,
        )

    @extend_schema(request=None, responses=s.InspectionChecklistSerializer)
    @action(detail=True, methods=["post"])
    def activate(self, request, pk=None):
        checklist = checklist_activate(actor=request.user, checklist=self.get_object())
        return Response(s.InspectionChecklistSerializer(checklist).data)


class InspectionViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet
):
    queryset = (
        Inspection.objects.filter(archived_at__isnull=True)
        .prefetch_related("inspectors", "answers")
        .order_by("-planned_on", "-id")
    )
    serializer_class = s.InspectionSerializer
    filterset_class = InspectionFilter
    action_permissions = {"answers": "change", "findings": "change", "complete": "change"}

    @extend_schema(request=s.InspectionStartSerializer, responses={201: s.InspectionSerializer})
    def create(self, request, *args, **kwargs):
        body = s.InspectionStartSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        inspectors = list(Inspector.objects.filter(pk__in=data["inspectors"]))
        if len(inspectors) != len(set(data["inspectors"])):
            raise FugongError(fields={"inspectors": _("Unknown inspector.")})
        follows = None
        if data.get("follows"):
            follows = Inspection.objects.visible_to(request.user).filter(pk=data["follows"]).first()
            if follows is None:
                raise FugongError(fields={"follows": _("Unknown inspection.")})
        inspection = inspection_create(
            actor=request.user,
            project=Project(pk=data["project"]),
            kind=data["kind"],
            field=data["field"],
            inspectors=inspectors,
            planned_on=data.get("planned_on"),
            follows=follows,
            notes=data.get("notes", ""),
        )
        return Response(self._fresh(inspection.pk), status=status.HTTP_201_CREATED)

    @extend_schema(request=s.InspectionAnswersInputSerializer, responses=s.InspectionSerializer)
    @action(detail=True, methods=["post"])
    def answers(self, request, pk=None):
        body = s.InspectionAnswersInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        inspection_record_answers(
            actor=request.user,
            inspection=self.get_object(),
            answers={a["item"]: (a["outcome"], a.get("note", "")) for a in data["answers"]},
            notes=data.get("notes"),
            expected_version=data.get("version"),
        )
        return Response(self._fresh(pk))

    @extend_schema(
        request={
            MULTIPART: s.FindingInputSerializer,
            "application/json": s.FindingInputSerializer,
        },
        responses={201: s.FindingSerializer},
    )
    @action(detail=True, methods=["post"])
    def findings(self, request, pk=None):
        inspection = self.get_object()
        body = s.FindingInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        item = (
            InspectionChecklistItem.objects.filter(pk=data["item"]).first()
            if data.get("item")
            else None
        )
        enterprise = (
            Organisation.objects.filter(pk=data["enterprise"]).first()
            if data.get("enterprise")
            else None
        )
        if data.get("item") and item is None:
            raise FugongError(fields={"item": _("Choose an item of this inspection's checklist.")})
        if data.get("enterprise") and enterprise is None:
            raise FugongError(fields={"enterprise": _("Unknown enterprise.")})
        finding = finding_add(
            actor=request.user,
            inspection=inspection,
            severity=data["severity"],
            description=data["description"],
            required_actions=data["required_actions"],
            deadline=data["deadline"],
            item=item
            or (InspectionChecklistItem(pk=0, checklist_id=0) if data.get("item") else None),
            enterprise=enterprise,
            stop_work=data.get("stop_work", False),
            notes=data.get("notes", ""),
            photos=_files(request) or data.get("photos") or [],
        )
        fresh = findings_for(request.user).get(pk=finding.pk)
        return Response(s.FindingSerializer(fresh).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.InspectionCompleteSerializer, responses=s.InspectionSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        body = s.InspectionCompleteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        inspection_complete(
            actor=request.user,
            inspection=self.get_object(),
            expected_version=body.validated_data.get("version"),
        )
        return Response(self._fresh(pk))

    def _fresh(self, pk):
        return s.InspectionSerializer(self.queryset.get(pk=pk)).data


class FindingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    queryset = Finding.objects.all()
    serializer_class = s.FindingSerializer
    filterset_class = FindingFilter
    action_permissions = {
        "reply": "supervision.add_rectificationreply",
        "review": "change",
        "withdraw": "change",
    }

    def get_queryset(self):
        action = self.action_permissions.get(self.action, "view")
        return (
            findings_for(self.request.user, action)
            .prefetch_related("photos", "notice__replies__photos")
            .order_by("notice__deadline", "id")
        )

    @extend_schema(
        request={
            MULTIPART: s.RectificationReplyInputSerializer,
            "application/json": s.RectificationReplyInputSerializer,
        },
        responses={201: s.FindingSerializer},
    )
    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        body = s.RectificationReplyInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        reply_submit(
            actor=request.user,
            finding=self.get_object(),
            text=body.validated_data["text"],
            photos=_files(request) or body.validated_data.get("photos") or [],
        )
        return Response(self._fresh(pk), status=status.HTTP_201_CREATED)

    @extend_schema(request=s.ReinspectionInputSerializer, responses=s.FindingSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        body = s.ReinspectionInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        reply_review(
            actor=request.user,
            finding=self.get_object(),
            accepted=data["accepted"],
            note=data.get("note", ""),
            new_deadline=data.get("new_deadline"),
        )
        return Response(self._fresh(pk))

    @extend_schema(request=None, responses=s.FindingSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        finding_withdraw(actor=request.user, finding=self.get_object())
        return Response(s.FindingSerializer(Finding.objects.get(pk=pk)).data)

    def _fresh(self, pk):
        return s.FindingSerializer(findings_for(self.request.user).get(pk=pk)).data


class StopWorkViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    queryset = StopWorkOrder.objects.select_related("project").order_by("-issued_at", "-id")
    serializer_class = s.StopWorkOrderSerializer
    filterset_class = StopWorkFilter


class TargetViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """The inspection targets (检查对象): projects at work or stopped in the caller's
    scope, with the last inspection (in `field`) and open findings — the draw's selector.
    Filters: `district` (region id, its subtree), `kind`, `field`."""

    queryset = Project.objects.all()
    serializer_class = s.InspectionTargetSerializer

    def check_permissions(self, request):
        super().check_permissions(request)
        if not request.user.has_perm("supervision.view_inspection"):
            self.permission_denied(request)

    def get_queryset(self):
        from fugong.regions.models import Region

        params = self.request.query_params
        district = None
        if params.get("district", "").isdigit():
            district = Region.objects.filter(pk=params["district"]).first()
        return eligible_targets(
            user=self.request.user,
            district=district,
            kind=params.get("kind", ""),
            field=params.get("field", ""),
        ).select_related("region")

    @extend_schema(
        parameters=[
            OpenApiParameter("district", int, description="Region id: its subtree."),
            OpenApiParameter("kind", str, description="Project kind."),
            OpenApiParameter("field", str, description="Inspection field of the last inspection."),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)


class EventViewSet(mixins.ListModelMixin, ScopedViewSet):
    queryset = SupervisionEvent.objects.select_related("actor").order_by("time", "id")
    serializer_class = s.SupervisionEventSerializer
    filterset_fields = ["project", "inspection", "finding", "stop_work_order", "kind"]
