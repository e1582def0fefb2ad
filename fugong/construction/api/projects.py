"""The project registry through the API: projects, their responsible persons and their
output-value targets, with the same scope and services as the pages."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from fugong.common.api import ScopedModelViewSet, ScopedViewSet
from fugong.common.pii.serializers import PersonalDataSerializerField
from fugong.construction.api.serializers import ProjectSerializer
from fugong.construction.filters.projects import ProjectFilter
from fugong.construction.models import Project, ProjectContact, ProjectTarget
from fugong.construction.selectors.projects import project_output_summary
from fugong.construction.services.projects import (
    project_complete,
    project_contact_archive,
    project_contact_save,
    project_create,
    project_target_add,
    project_target_archive,
    project_update,
)


class OutputTargetSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    due_date = serializers.DateField()
    value = serializers.DecimalField(max_digits=14, decimal_places=2)
    note = serializers.CharField()
    achieved = serializers.DecimalField(
        max_digits=16, decimal_places=2, help_text=_("Output reported up to the due date.")
    )
    reached = serializers.BooleanField()
    share = serializers.DecimalField(
        max_digits=10, decimal_places=4, help_text=_("achieved / value; may exceed 1.")
    )
    overdue = serializers.BooleanField()


class OutputSummarySerializer(serializers.Serializer):
    as_of = serializers.DateField()
    cumulative = serializers.DecimalField(
        max_digits=16,
        decimal_places=2,
        help_text=_("Output value reported to date, in 10,000 yuan."),
    )
    last_report_date = serializers.DateField(allow_null=True)
    targets = OutputTargetSerializer(many=True)


class CompleteSerializer(serializers.Serializer):
    message = serializers.CharField(required=False, allow_blank=True, max_length=500)


class ProjectViewSet(ScopedModelViewSet):
    queryset = Project.objects.select_related("region", "builder", "contractor", "supervisor")
    serializer_class = ProjectSerializer
    filterset_class = ProjectFilter
    search_fields = ["name", "address"]
    ordering_fields = ["name", "created_at", "status"]
    action_permissions = {"output": "view", "complete": "change"}

    def perform_create(self, serializer):
        serializer.instance = project_create(actor=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = project_update(
            actor=self.request.user,
            project=serializer.instance,
            data=serializer.validated_data,
            expected_version=self.expected_version(),
        )

    @extend_schema(responses=OutputSummarySerializer)
    @action(detail=True, methods=["get"])
    def output(self, request, pk=None):
        """Cumulative output value from the daily reports against each target."""
        summary = project_output_summary(self.get_object())
        return Response(OutputSummarySerializer(summary).data)

    @extend_schema(request=CompleteSerializer, responses=ProjectSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        """Mark a resumed project completed (竣工)."""
        body = CompleteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        project = project_complete(
            actor=request.user,
            project=self.get_object(),
            message=body.validated_data.get("message", ""),
        )
        return Response(self.get_serializer(project).data)


class ProjectContactSerializer(serializers.ModelSerializer):
    phone = PersonalDataSerializerField(kind="mobile", required=False, allow_null=True)

    class Meta:
        model = ProjectContact
        fields = ["id", "project", "role", "name", "phone", "version", "created_at"]
        read_only_fields = ["version", "created_at"]
        # One person per role and project is checked by the service (code duplicate_role).
        validators = []

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            fields["project"].read_only = True  # a person does not move to another project
        return fields


class ProjectContactViewSet(ScopedModelViewSet):
    """The responsible persons of the projects in scope, one per role and project."""

    queryset = ProjectContact.objects.filter(archived_at__isnull=True).select_related("project")
    serializer_class = ProjectContactSerializer
    filterset_fields = ["project", "role"]
    ordering_fields = ["project", "role"]

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = project_contact_save(
            actor=self.request.user,
            project=data["project"],
            role=data["role"],
            name=data["name"],
            phone=data.get("phone"),
        )

    def perform_update(self, serializer):
        contact = serializer.instance
        data = serializer.validated_data
        serializer.instance = project_contact_save(
            actor=self.request.user,
            project=contact.project,
            role=data.get("role", contact.role),
            name=data.get("name", contact.name),
            phone=data.get("phone", contact.phone),
            contact=contact,
            expected_version=self.expected_version(),
        )

    def perform_destroy(self, instance):
        project_contact_archive(actor=self.request.user, contact=instance)


class ProjectTargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProjectTarget
        fields = ["id", "project", "due_date", "value", "note", "created_at"]
        read_only_fields = ["created_at"]
        # One target per project and date is checked by the service (with its own code).
        validators = []


class ProjectTargetViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    ScopedViewSet,
):
    """Output-value targets: added and withdrawn (archived), never edited."""

    queryset = ProjectTarget.objects.filter(archived_at__isnull=True).select_related("project")
    serializer_class = ProjectTargetSerializer
    filterset_fields = ["project"]
    ordering_fields = ["project", "due_date"]

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = project_target_add(
            actor=self.request.user,
            project=data["project"],
            due_date=data["due_date"],
            value=data["value"],
            note=data.get("note", ""),
        )

    def perform_destroy(self, instance):
        project_target_archive(actor=self.request.user, target=instance)
