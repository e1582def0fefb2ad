"""API of daily reports: the same services, scope and rules as the pages.

- `GET /daily-reports/` and `/daily-reports/{id}/`: the reports in the caller's scope
  (filters: `q` project name, `region`, `date_from`, `date_to`, `fevers`).
- `POST /daily-reports/`: submit the day's report of a project (an enterprise's own system
  does this with a token). Creates it (201) or, when the day has one, changes it (200);
  `date` defaults to today (Asia/Shanghai); `version` (or If-Match) guards against
  overwriting a report changed meanwhile, 0 meaning "there should be none yet".
- `PATCH /daily-reports/{id}/`: change some numbers, until the day's cut-off or while
  an authority's unlock runs.
- `GET /daily-reports/missing/?date=`: resumed sites in scope without a report.
- `GET /daily-reports/summary/?date=`: the daily summary by district and kind.
- `POST /daily-reports/unlock/`: an authority reopens (project, date) for some hours.

Errors are the common `{"error": {"code", "message", "fields"?}}`; the codes of the rules
are `ReportErrorCode` (future_date, before_resumption, project_not_resumed,
project_completed, report_locked, invalid, …), plus not_found, conflict, permission_denied.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from fugong.common.api import ScopedViewSet
from fugong.common.pii.serializers import PersonalDataSerializerField
from fugong.common.serializers import SharedFieldsMixin
from fugong.construction.filters.reports import DailyReportFilter
from fugong.construction.models import DailyReport, Project, ReportUnlock
from fugong.construction.selectors.reports import REPORT_FIELDS, missing_reports
from fugong.construction.services.reports import (
    MAX_UNLOCK_HOURS,
    daily_report_submit,
    report_unlock,
)
from fugong.construction.summary import COLUMNS, daily_summary


class DailyReportSerializer(SharedFieldsMixin, serializers.ModelSerializer):
    project_name = serializers.CharField(source="project.name", read_only=True)
    district = serializers.CharField(source="project.region.name", read_only=True)
    people_on_site = serializers.IntegerField(read_only=True)
    submitted_by_name = serializers.CharField(source="submitted_by.get_full_name", read_only=True)

    class Meta:
        model = DailyReport
        fields = [
            "id",
            "project",
            "project_name",
            "district",
            "date",
            *REPORT_FIELDS,
            "people_on_site",
            "copied_from_previous",
            "submitted_by",
            "submitted_by_name",
            "submitted_at",
            "version",
            "updated_at",
        ]
        read_only_fields = fields


class DailyReportChangeSerializer(SharedFieldsMixin, serializers.ModelSerializer):
    """The numbers of a PATCH (any of them); the rules are the service's."""

    version = serializers.IntegerField(required=False, min_value=0)

    class Meta:
        model = DailyReport
        fields = [*REPORT_FIELDS, "version"]
        validators = []  # one report per day: the service upserts, it is not an error


class DailyReportSubmitSerializer(DailyReportChangeSerializer):
    # An id, not a related field: a project outside the caller's scope must answer the
    # same 404 as one that does not exist, which the service does.
    project = serializers.IntegerField(min_value=1)
    date = serializers.DateField(required=False, help_text="Default: today (Asia/Shanghai).")

    class Meta(DailyReportChangeSerializer.Meta):
        fields = ["project", "date", *REPORT_FIELDS, "version"]


class MissingReportSerializer(serializers.ModelSerializer):
    district = serializers.CharField(source="region.name", read_only=True)
    builder_name = serializers.CharField(source="builder.name", read_only=True)
    contractor_name = serializers.CharField(source="contractor.name", read_only=True, default=None)
    responsible_phone = PersonalDataSerializerField(kind="mobile", read_only=True)

    class Meta:
        model = Project
        fields = [
            "id",
            "name",
            "district",
            "status",
            "is_city_key",
            "builder_name",
            "contractor_name",
            "responsible_person",
            "responsible_phone",
        ]
        read_only_fields = fields


class SummaryRowSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    projects = serializers.IntegerField()
    resumed = serializers.IntegerField()
    resumption_rate = serializers.FloatField(allow_null=True)
    reported = serializers.IntegerField()
    people = serializers.IntegerField(help_text="Workers and managers on site.")
    returned = serializers.IntegerField()
    outside = serializers.IntegerField(help_text="From outside the province.")
    observation = serializers.IntegerField(help_text="Under medical observation.")
    fevers = serializers.IntegerField()
    output_today = serializers.DecimalField(max_digits=16, decimal_places=2)
    output_cumulative = serializers.DecimalField(max_digits=16, decimal_places=2)
    target = serializers.DecimalField(max_digits=16, decimal_places=2)
    target_share = serializers.FloatField(allow_null=True)


class SummarySerializer(serializers.Serializer):
    date = serializers.DateField()
    message = serializers.CharField()
    by_district = SummaryRowSerializer(many=True)
    by_kind = SummaryRowSerializer(many=True)
    total = SummaryRowSerializer(allow_null=True)


class UnlockSerializer(serializers.Serializer):
    project = serializers.IntegerField(min_value=1)
    date = serializers.DateField()
    reason = serializers.CharField(max_length=300)
    hours = serializers.IntegerField(min_value=1, max_value=MAX_UNLOCK_HOURS, default=24)


class ReportUnlockSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportUnlock
        fields = ["id", "project", "date", "until", "reason", "unlocked_by", "created_at"]
        read_only_fields = fields


DATE_PARAMETER = OpenApiParameter(
    "date", OpenApiTypes.DATE, description="The day (YYYY-MM-DD); default: today."
)


def _date_param(request) -> datetime.date:
    raw = request.query_params.get("date")
    if not raw:
        return timezone.localdate()
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        raise exceptions.ValidationError({"date": [_("Enter a valid date.")]}) from None


class DailyReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    queryset = DailyReport.objects.select_related("project", "project__region", "submitted_by")
    serializer_class = DailyReportSerializer
    filterset_class = DailyReportFilter
    ordering_fields = ["date", "fevers", "output_value"]
    ordering = ["-date"]
    http_method_names = ["get", "post", "patch", "head", "options"]
    action_permissions = {
        "create": "add",
        "partial_update": "change",
        "missing": "view",
        "summary": "view",
        "unlock": "unlock",
    }

    def _expected_version(self, validated: dict) -> int | None:
        if "version" in validated:
            return validated["version"]
        raw = self.request.headers.get("If-Match")
        try:
            return int(raw.strip('"')) if raw else None
        except ValueError:
            raise exceptions.ValidationError({"version": [_("Must be a whole number.")]}) from None

    @extend_schema(
        request=DailyReportSubmitSerializer,
        responses={
            201: OpenApiResponse(DailyReportSerializer, description="Created."),
            200: OpenApiResponse(DailyReportSerializer, description="The day's report changed."),
        },
        description="Submit the day's report of a project: create it, or change the day's "
        "report if there is one (until the cut-off or while unlocked).",
    )
    def create(self, request, *args, **kwargs):
        body = DailyReportSubmitSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        project = data.pop("project")
        date = data.pop("date", None)
        version = self._expected_version(data)
        data.pop("version", None)
        report = daily_report_submit(
            actor=request.user, project=project, date=date, data=data, expected_version=version
        )
        code = status.HTTP_201_CREATED if report.created else status.HTTP_200_OK
        return Response(self.get_serializer(report).data, status=code)

    @extend_schema(request=DailyReportChangeSerializer, responses=DailyReportSerializer)
    def partial_update(self, request, *args, **kwargs):
        report = self.get_object()
        body = DailyReportChangeSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        version = self._expected_version(data)
        data.pop("version", None)
        report = daily_report_submit(
            actor=request.user,
            project=report.project_id,
            date=report.date,
            data=data,
            expected_version=version,
        )
        return Response(self.get_serializer(report).data)

    @extend_schema(parameters=[DATE_PARAMETER], responses=MissingReportSerializer(many=True))
    @action(detail=False, methods=["get"], filter_backends=[])
    def missing(self, request):
        """Resumed (or suspended) sites in scope that have not reported for the day."""
        projects = missing_reports(request.user, _date_param(request))
        page = self.paginate_queryset(projects)
        serializer = MissingReportSerializer(page, many=True, context={"request": request})
        return self.get_paginated_response(serializer.data)

    @extend_schema(parameters=[DATE_PARAMETER], responses=SummarySerializer)
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def summary(self, request):
        """The daily summary by district and by kind (see fugong/construction/summary.py
        for the definitions); `message` says when the day is in the future or has no data."""
        summary = daily_summary(request.user, _date_param(request))
        data = SummarySerializer(
            {
                "date": summary.date,
                "message": str(summary.message),
                "by_district": summary.by_district,
                "by_kind": summary.by_kind,
                "total": summary.total,
            }
        ).data
        data["columns"] = [name for name, _title in COLUMNS]
        return Response(data)

    @extend_schema(request=UnlockSerializer, responses={201: ReportUnlockSerializer})
    @action(detail=False, methods=["post"], filter_backends=[], pagination_class=None)
    def unlock(self, request):
        """An authority reopens one day's report of a project for `hours` (default 24)."""
        body = UnlockSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        unlock = report_unlock(actor=request.user, **body.validated_data)
        return Response(ReportUnlockSerializer(unlock).data, status=status.HTTP_201_CREATED)
