"""API of the commitment system: the same services and scope as the pages.

- `commitments`: list/retrieve in scope; POST files a commitment (JSON, or multipart with
  `answers` as a JSON string and attachment files as `item_<id>`); `verify`, `revoke`,
  and the `letter` (PDF).
- `checklist-templates`: read for every role that files or receives commitments; the
  bureau admin writes (an edit of a used version answers with the next version).
- `concerns`: what the public reported from site signs; `handle`.
"""

from __future__ import annotations

import json

from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from fugong.common.api import ScopedModelViewSet, ScopedViewSet
from fugong.common.errors import FugongError
from fugong.common.pii.serializers import PersonalDataSerializerField
from fugong.construction.choices import CommitmentStatus, ConcernStatus
from fugong.construction.filters.commitments import (
    ChecklistTemplateFilter,
    CommitmentFilter,
    ConcernFilter,
    CreditRecordFilter,
)
from fugong.construction.models import (
    ChecklistItem,
    ChecklistTemplate,
    Commitment,
    CommitmentAnswer,
    CommitmentEvent,
    Concern,
    CreditRecord,
    Project,
)
from fugong.construction.pdf import commitment_letter
from fugong.construction.selectors.commitments import commitment_with_details, site_sign_url
from fugong.construction.services.checklists import (
    checklist_activate,
    checklist_create,
    checklist_new_version,
    checklist_offered,
    checklist_update,
)
from fugong.construction.services.commitments import (
    REVOKE_COMMITMENT,
    VERIFY_COMMITMENT,
    commitment_file,
    commitment_revoke,
    commitment_verify,
)
from fugong.construction.services.concerns import concern_handle
from fugong.organisations.models import Organisation


def _status_field(choices):
    """A read-only status documented as a string with its values listed. As an enum it
    would need a component of its own, named "status" like the project's: drf-spectacular
    warns of the collision (W001), which fails `check --deploy`, until ENUM_NAME_OVERRIDES
    names them."""

    values = ", ".join(choices.values)

    @extend_schema_field({"type": "string", "readOnly": True, "description": f"One of: {values}."})
    class StatusField(serializers.CharField):
        pass

    return StatusField(read_only=True)


# --- checklist templates ----------------------------------------------------------------


class ChecklistItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChecklistItem
        fields = [
            "id",
            "position",
            "code",
            "text",
            "kind",
            "threshold",
            "unit",
            "required",
            "help_text",
        ]
        read_only_fields = ["id"]
        extra_kwargs = {
            "code": {"required": False, "allow_blank": True},
            "position": {"required": False},
        }


class ChecklistTemplateSerializer(serializers.ModelSerializer):
    items = ChecklistItemSerializer(many=True)

    class Meta:
        model = ChecklistTemplate
        fields = [
            "id",
            "family",
            "version_number",
            "title",
            "statement",
            "is_active",
            "frozen_at",
            "items",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "version_number",
            "is_active",
            "frozen_at",
            "version",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {"family": {"required": False}}


@extend_schema_view(
    update=extend_schema(
        description="Saving a version that a commitment used (frozen) leaves it unchanged "
        "and answers with the next version, which holds the edit."
    ),
    partial_update=extend_schema(description="As update; `items`, when given, replaces the items."),
)
class ChecklistTemplateViewSet(ScopedModelViewSet):
    queryset = ChecklistTemplate.objects.prefetch_related("items")
    serializer_class = ChecklistTemplateSerializer
    filterset_class = ChecklistTemplateFilter
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    action_permissions = {"activate": "change", "new_version": "add"}

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = checklist_create(
            actor=self.request.user,
            family=data.get("family") or "epidemic",
            data=data,
            items=data.get("items", []),
        )

    def perform_update(self, serializer):
        data = serializer.validated_data
        instance = serializer.instance
        items = data.get("items")
        if items is None:
            items = [
                {f: getattr(i, f) for f in ChecklistItemSerializer.Meta.fields if f != "id"}
                for i in instance.items.all()
            ]
        serializer.instance = checklist_update(
            actor=self.request.user,
            template=instance,
            data={k: data.get(k, getattr(instance, k)) for k in ("title", "statement")},
            items=items,
            expected_version=self.expected_version(),
        )

    @extend_schema(request=None, responses=ChecklistTemplateSerializer)
    @action(detail=True, methods=["post"])
    def activate(self, request, pk=None):
        template = checklist_activate(actor=request.user, template=self.get_object())
        return Response(self.get_serializer(template).data)

    @extend_schema(request=None, responses={201: ChecklistTemplateSerializer})
    @action(detail=True, methods=["post"], url_path="new-version")
    def new_version(self, request, pk=None):
        template = checklist_new_version(actor=request.user, template=self.get_object())
        return Response(self.get_serializer(template).data, status=status.HTTP_201_CREATED)


# --- commitments ------------------------------------------------------------------------


class CommitmentAnswerSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="item.code", read_only=True)
    text = serializers.CharField(source="item.text", read_only=True)
    kind = serializers.CharField(source="item.kind", read_only=True)
    value = serializers.CharField(source="display_value", read_only=True)
    has_attachment = serializers.SerializerMethodField()

    class Meta:
        model = CommitmentAnswer
        fields = [
            "item",
            "code",
            "text",
            "kind",
            "value",
            "value_bool",
            "value_number",
            "value_text",
            "has_attachment",
        ]

    def get_has_attachment(self, obj) -> bool:
        return bool(obj.attachment)


class CommitmentEventSerializer(serializers.ModelSerializer):
    actor = serializers.StringRelatedField()

    class Meta:
        model = CommitmentEvent
        fields = ["time", "kind", "actor", "message"]


class CommitmentSerializer(serializers.ModelSerializer):
    project_name = serializers.CharField(source="project.name", read_only=True)
    status = _status_field(CommitmentStatus)
    responsible_phone = PersonalDataSerializerField(kind="mobile", read_only=True)
    answers = CommitmentAnswerSerializer(many=True, read_only=True)
    events = CommitmentEventSerializer(many=True, read_only=True)

    class Meta:
        model = Commitment
        fields = [
            "id",
            "project",
            "project_name",
            "template",
            "enterprise",
            "authority",
            "routed_by",
            "status",
            "responsible_person",
            "responsible_phone",
            "signed_name",
            "signed_on",
            "statement_accepted",
            "filed_by",
            "filed_at",
            "read_at",
            "verified_at",
            "revoked_at",
            "revoke_reason",
            "answers",
            "events",
            "version",
        ]
        read_only_fields = fields


class AnswersField(serializers.ListField):
    """A list of {"item": id, "value": …}; in multipart forms, the same list as JSON text."""

    def get_value(self, dictionary):
        if hasattr(dictionary, "getlist") and self.field_name in dictionary:
            values = dictionary.getlist(self.field_name)
            if len(values) == 1 and isinstance(values[0], str):
                return values[0]
        return super().get_value(dictionary)

    def to_internal_value(self, data):
        if isinstance(data, str):
            try:
                data = json.loads(data)
            except ValueError:
                raise serializers.ValidationError(_("Not valid JSON.")) from None
        return super().to_internal_value(data)


class AnswerInputSerializer(serializers.Serializer):
    item = serializers.IntegerField(help_text=_("The checklist item's id."))
    value = serializers.JSONField(
        allow_null=True,
        help_text=_("true/false for yes/no items, a number, a text; files go as item_<id>."),
    )


class CommitmentFileSerializer(serializers.Serializer):
    project = serializers.IntegerField()
    template = serializers.IntegerField(
        required=False, help_text=_("Default: the version offered now.")
    )
    enterprise = serializers.IntegerField(
        required=False, help_text=_("Default: the filer's enterprise that is party to the project.")
    )
    answers = AnswersField(child=AnswerInputSerializer())
    responsible_person = serializers.CharField(max_length=50, allow_blank=True)
    responsible_phone = serializers.CharField(max_length=20, allow_blank=True)
    signed_name = serializers.CharField(max_length=50, allow_blank=True)
    signed_on = serializers.DateField()
    statement_accepted = serializers.BooleanField()
    scan = serializers.FileField(required=False)
    supersedes = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text=_(
            "The id of the commitment in force you saw (null: none). If another was filed "
            "meanwhile, the filing is refused as a duplicate."
        ),
    )


class VerifySerializer(serializers.Serializer):
    note = serializers.CharField(max_length=500, required=False, allow_blank=True)


class RevokeSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, allow_blank=True)


class CommitmentViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet
):
    queryset = commitment_with_details(Commitment.objects.all())
    serializer_class = CommitmentSerializer
    filterset_class = CommitmentFilter
    search_fields = ["project__name", "enterprise__name"]
    ordering_fields = ["filed_at", "status"]
    action_permissions = {
        "verify": VERIFY_COMMITMENT,
        "revoke": REVOKE_COMMITMENT,
        "letter": "view",
    }

    def get_serializer_class(self):
        return CommitmentFileSerializer if self.action == "create" else CommitmentSerializer

    @extend_schema(request=CommitmentFileSerializer, responses={201: CommitmentSerializer})
    def create(self, request, *args, **kwargs):
        serializer = CommitmentFileSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        template = (
            ChecklistTemplate.objects.filter(pk=data["template"]).first()
            if "template" in data
            else checklist_offered()
        )
        if template is None:
            raise FugongError(_("No checklist is offered at the moment."), code="stale_template")
        enterprise = None
        if "enterprise" in data:
            enterprise = Organisation.objects.filter(pk=data["enterprise"]).first()
            if enterprise is None:
                raise FugongError(fields={"enterprise": _("Not a party to this project.")})
        answers = {row["item"]: row["value"] for row in data["answers"]}
        for name, upload in request.FILES.items():
            if name.startswith("item_") and name[5:].isdigit():
                answers[int(name[5:])] = upload
        extra = {"supersedes": data["supersedes"]} if "supersedes" in data else {}
        commitment = commitment_file(
            actor=request.user,
            project=Project(pk=data["project"]),
            template=template,
            enterprise=enterprise,
            answers=answers,
            responsible_person=data["responsible_person"],
            responsible_phone=data["responsible_phone"],
            signed_name=data["signed_name"],
            signed_on=data["signed_on"],
            statement_accepted=data["statement_accepted"],
            scan=data.get("scan"),
            **extra,
        )
        commitment = commitment_with_details(Commitment.objects.all()).get(pk=commitment.pk)
        body = CommitmentSerializer(commitment, context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(request=VerifySerializer, responses=CommitmentSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        body = VerifySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        commitment_verify(
            actor=request.user,
            commitment=self.get_object(),
            note=body.validated_data.get("note", ""),
        )
        return Response(self._fresh(pk))

    @extend_schema(request=RevokeSerializer, responses=CommitmentSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        body = RevokeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        commitment_revoke(
            actor=request.user, commitment=self.get_object(), reason=body.validated_data["reason"]
        )
        return Response(self._fresh(pk))

    @extend_schema(
        responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY)},
    )
    @action(detail=True, methods=["get"])
    def letter(self, request, pk=None):
        commitment = self.get_object()
        data = commitment_letter(
            commitment, site_url=site_sign_url(request, commitment.project), viewer=request.user
        )
        response = HttpResponse(data, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="commitment-{commitment.pk}.pdf"'
        return response

    def _fresh(self, pk):
        commitment = commitment_with_details(Commitment.objects.all()).get(pk=pk)
        return CommitmentSerializer(commitment, context={"request": self.request}).data


# --- concerns ----------------------------------------------------------------------------


class ConcernSerializer(serializers.ModelSerializer):
    project_name = serializers.CharField(source="project.name", read_only=True)
    status = _status_field(ConcernStatus)
    contact = PersonalDataSerializerField(kind="mobile", read_only=True)

    class Meta:
        model = Concern
        fields = [
            "id",
            "project",
            "project_name",
            "text",
            "contact",
            "status",
            "created_at",
            "handled_by",
            "handled_at",
            "response",
        ]
        read_only_fields = fields


class HandleSerializer(serializers.Serializer):
    response = serializers.CharField(max_length=2000, allow_blank=True)


class ConcernViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    queryset = Concern.objects.select_related("project")
    serializer_class = ConcernSerializer
    filterset_class = ConcernFilter
    ordering_fields = ["created_at", "status"]
    action_permissions = {"handle": "change"}

    @extend_schema(request=HandleSerializer, responses=ConcernSerializer)
    @action(detail=True, methods=["post"])
    def handle(self, request, pk=None):
        body = HandleSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        concern = concern_handle(
            actor=request.user, concern=self.get_object(), response=body.validated_data["response"]
        )
        return Response(ConcernSerializer(concern, context={"request": request}).data)


class CreditRecordSerializer(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    credit_code = serializers.CharField(source="enterprise.credit_code", read_only=True)
    project = serializers.IntegerField(source="commitment.project_id", read_only=True, default=None)
    project_name = serializers.CharField(
        source="commitment.project.name", read_only=True, default=None
    )
    recorded_by_name = serializers.CharField(
        source="recorded_by.get_full_name", read_only=True, default=None
    )

    class Meta:
        model = CreditRecord
        fields = [
            "id",
            "enterprise",
            "enterprise_name",
            "credit_code",
            "commitment",
            "project",
            "project_name",
            "reason",
            "recorded_by",
            "recorded_by_name",
            "recorded_at",
        ]
        read_only_fields = fields


class CreditRecordViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Credit records (信用记录) against enterprises, e.g. for a false commitment: kept by
    the service that revokes the commitment, never written through the API."""

    queryset = CreditRecord.objects.select_related(
        "enterprise", "commitment__project", "recorded_by"
    )
    serializer_class = CreditRecordSerializer
    filterset_class = CreditRecordFilter
    ordering_fields = ["recorded_at"]
    ordering = ["-recorded_at"]
