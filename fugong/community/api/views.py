"""The community work through the API: the same scope, services and errors as the pages."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from fugong.common.api import ScopedModelViewSet, ScopedViewSet
from fugong.common.errors import FugongError
from fugong.common.services import archive_object
from fugong.community.api.serializers import (
    CoverSerializer,
    DeploymentEndSerializer,
    DeploymentSerializer,
    DutyLogSerializer,
    FeedbackHideSerializer,
    FeedbackSerializer,
    HouseholdSerializer,
    ImportRequestSerializer,
    ImportResultSerializer,
    ResidentGroupSerializer,
    ResidentSerializer,
)
from fugong.community.importing.residents import (
    IMPORT_PERMISSION,
    MAX_BYTES,
    commit_import,
    import_areas,
    plan_import,
)
from fugong.community.models import (
    Deployment,
    DutyLog,
    Feedback,
    Household,
    Resident,
    ResidentGroup,
)
from fugong.community.selectors import cover_today
from fugong.community.services import (
    deployment_create,
    deployment_end,
    deployment_update,
    duty_check_in,
    duty_update,
    feedback_set_hidden,
    feedback_submit,
    household_create,
    household_update,
    resident_create,
    resident_delete,
    resident_group_create,
    resident_group_delete,
    resident_group_update,
    resident_update,
)


class HouseholdViewSet(ScopedModelViewSet):
    """Households (住户): a room of a building."""

    queryset = Household.objects.select_related("building")
    serializer_class = HouseholdSerializer
    filterset_fields = ["building"]
    ordering_fields = ["room", "created_at"]

    def perform_create(self, serializer):
        serializer.instance = household_create(actor=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = household_update(
            actor=self.request.user,
            household=serializer.instance,
            data=serializer.validated_data,
            expected_version=self.expected_version(),
        )

    def perform_destroy(self, instance):
        try:
            archive_object(actor=self.request.user, instance=instance)
        except Exception as exc:  # ProtectedError: people still live there
            from django.db.models import ProtectedError

            if isinstance(exc, ProtectedError):
                raise FugongError(
                    _("Residents are registered in this household; move or remove them first."),
                    code="protected",
                ) from None
            raise


class ResidentViewSet(ScopedModelViewSet):
    """Residents (居民) of the survey; identity numbers and phones masked unless the
    caller may see personal data in full."""

    queryset = Resident.objects.select_related("household__building")
    serializer_class = ResidentSerializer
    filterset_fields = ["household", "health_status", "residency"]
    search_fields = ["name"]
    ordering_fields = ["name", "created_at"]
    action_permissions = {"import_sheet": "import"}

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        household = data.pop("household")
        serializer.instance = resident_create(actor=self.request.user, household=household, **data)

    def perform_update(self, serializer):
        serializer.instance = resident_update(
            actor=self.request.user,
            resident=serializer.instance,
            data=serializer.validated_data,
            expected_version=self.expected_version(),
        )

    def perform_destroy(self, instance):
        resident_delete(actor=self.request.user, resident=instance)

    @extend_schema(
        request={"multipart/form-data": ImportRequestSerializer}, responses=ImportResultSerializer
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        parser_classes=[MultiPartParser, FormParser],
    )
    def import_sheet(self, request):
        """Import a survey sheet: a dry run lists every error by row and column; with
        dry_run=false every row is written in one transaction, or none."""
        if not request.user.has_perm(IMPORT_PERMISSION):
            raise PermissionDenied()
        body = ImportRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        upload = body.validated_data["file"]
        if upload.size > MAX_BYTES:
            raise ValidationError({"file": [_("The file is too large.")]})
        area = import_areas(request.user).filter(pk=body.validated_data["area"]).first()
        if area is None:
            raise ValidationError({"area": [_("Choose a community or sub-district in your area.")]})
        if body.validated_data["dry_run"]:
            plan = plan_import(upload, actor=request.user, area=area)
        else:
            plan = commit_import(upload, actor=request.user, area=area, filename=upload.name)
        result = {
            "committed": plan.committed,
            "counts": plan.counts,
            "ignored_columns": plan.ignored_columns,
            "errors": [e.__dict__ for e in plan.errors],
        }
        code = status.HTTP_200_OK if plan.committed or body.validated_data["dry_run"] else 400
        return Response(ImportResultSerializer(result).data, status=code)


class DeploymentViewSet(ScopedModelViewSet):
    """Deployments (派驻): which cadre is sent to which community, from when to when."""

    queryset = Deployment.objects.select_related("cadre", "community")
    serializer_class = DeploymentSerializer
    filterset_fields = ["cadre", "community"]
    ordering_fields = ["starts_on", "created_at"]
    action_permissions = {"end": "change", "cover": "view"}

    def perform_create(self, serializer):
        serializer.instance = deployment_create(
            actor=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = deployment_update(
            actor=self.request.user,
            deployment=serializer.instance,
            data=serializer.validated_data,
            expected_version=self.expected_version(),
        )

    @extend_schema(request=DeploymentEndSerializer, responses=DeploymentSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        """End the deployment on a day (today by default); its role grant ends with it."""
        body = DeploymentEndSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        deployment = deployment_end(
            actor=request.user, deployment=self.get_object(), **body.validated_data
        )
        return Response(self.get_serializer(deployment).data)

    @extend_schema(responses=CoverSerializer(many=True))
    @action(detail=False, methods=["get"])
    def cover(self, request):
        """Every community in scope with the cadres deployed and checked in today; a
        community with none deployed lacks cover."""
        rows = cover_today(request.user, timezone.localdate())
        return Response(CoverSerializer(rows, many=True).data)


class DutyLogViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ScopedViewSet,
):
    """Duty logs (值守记录). POST is today's check-in of the caller (one a day); PATCH
    corrects it on the same day."""

    queryset = DutyLog.objects.filter(archived_at__isnull=True).select_related("cadre")
    serializer_class = DutyLogSerializer
    filterset_fields = ["cadre", "community", "date"]
    ordering_fields = ["date"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = duty_check_in(
            actor=self.request.user,
            activities=list(data["activities"]),
            notes=data.get("notes", ""),
            compound=data.get("compound"),
            community=data.get("community"),
            photo=data.get("photo"),
        )

    def perform_update(self, serializer):
        data = {k: v for k, v in serializer.validated_data.items() if k in ("activities", "notes")}
        if "activities" in data:
            data["activities"] = list(data["activities"])
        serializer.instance = duty_update(
            actor=self.request.user,
            log=serializer.instance,
            data=data,
            expected_version=self.expected_version(),
        )


class FeedbackViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet
):
    """Ratings of cadres (评价). POST is an official's rating (one per cadre a day)."""

    queryset = Feedback.objects.select_related("cadre", "community")
    serializer_class = FeedbackSerializer
    filterset_fields = ["cadre", "community", "source", "rating"]
    ordering_fields = ["date", "rating"]
    action_permissions = {"hide": "change"}

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = feedback_submit(
            actor=self.request.user,
            cadre=data["cadre"],
            community=data["community"],
            rating=data["rating"],
            comment=data.get("comment", ""),
        )

    @extend_schema(request=FeedbackHideSerializer, responses=FeedbackSerializer)
    @action(detail=True, methods=["post"])
    def hide(self, request, pk=None):
        """Hide an abusive comment (kept and audited), or show it again."""
        body = FeedbackHideSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        feedback = feedback_set_hidden(
            actor=request.user,
            feedback=self.get_object(),
            hidden=body.validated_data["hidden"],
            reason=body.validated_data.get("reason", ""),
        )
        return Response(self.get_serializer(feedback).data)


class ResidentGroupViewSet(ScopedModelViewSet):
    """Building groups (楼栋群); the robot webhook is write-only and shown masked."""

    queryset = ResidentGroup.objects.select_related("building")
    serializer_class = ResidentGroupSerializer
    filterset_fields = ["building", "platform", "is_active"]
    ordering_fields = ["name"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        building = data.pop("building")
        serializer.instance = resident_group_create(
            actor=self.request.user, building=building, **data
        )

    def perform_update(self, serializer):
        serializer.instance = resident_group_update(
            actor=self.request.user,
            group=serializer.instance,
            data=serializer.validated_data,
            expected_version=self.expected_version(),
        )

    def perform_destroy(self, instance):
        resident_group_delete(actor=self.request.user, group=instance)
