"""API of community care: the same services and scope as the pages.

- `quarantines`: list/retrieve in scope; POST starts; `check` (record a health check),
  `change-end`, `release`, `issue-link` (returns the link once), `revoke-link`.
- `health-checks`: list/retrieve (personal data: cadres, workers, the bureau admin).
- `errands`: list/retrieve; POST requests; `assign`, `deliver`, `repay`, `cancel`.
- `disinfections`: list/retrieve; POST logs one. `disinfection-coverage`: buildings.
- `supply-items`: list/retrieve/create/update; `receive`, `issue`. `supply-movements`.
- `care-summary`: the dashboard's figures within the caller's scope.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from fugong.accounts.models import User
from fugong.care.api import serializers as s
from fugong.care.filters import DisinfectionFilter, ErrandFilter, QuarantineFilter, SupplyItemFilter
from fugong.care.models import (
    Disinfection,
    Errand,
    HealthCheck,
    Quarantine,
    SupplyItem,
    SupplyMovement,
)
from fugong.care.selectors import care_summary, coverage, with_check_state
from fugong.care.services import errands as errand_services
from fugong.care.services import quarantine as quarantine_services
from fugong.care.services import supplies as supply_services
from fugong.common.api import ScopedViewSet
from fugong.common.errors import FugongError
from fugong.regions.models import Region


def _in_scope(user, model_qs, pk, perm, path: str, field: str, message):
    """The object `pk` if its region lies in the user's grants for `perm`; else a field
    error (the same for "does not exist" and "not yours")."""
    regions = Region.objects.visible_to(user, perm)
    found = model_qs.filter(pk=pk, **{f"{path}__in": regions}).first()
    if found is None:
        raise FugongError(message, fields={field: message}, code="invalid")
    return found


def _version(data):
    return data.get("version")


class QuarantineViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet
):
    queryset = Quarantine.objects.select_related("resident__household__building").prefetch_related(
        "events__actor"
    )
    serializer_class = s.QuarantineSerializer
    filterset_class = QuarantineFilter
    ordering_fields = ["starts_on", "planned_end_on"]
    action_permissions = {
        "check": "view",
        "change_end": "change",
        "release": "release",
        "issue_link": "change",
        "revoke_link": "change",
    }

    def get_queryset(self):
        return with_check_state(super().get_queryset())

    def _fresh(self, pk):
        found = self.get_queryset().get(pk=pk)
        return s.QuarantineSerializer(found, context={"request": self.request}).data

    @extend_schema(request=s.QuarantineStartSerializer, responses={201: s.QuarantineSerializer})
    def create(self, request, *args, **kwargs):
        from fugong.community.models import Resident

        body = s.QuarantineStartSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        data["resident"] = _in_scope(
            request.user, Resident.objects.all(), data["resident"], "care.add_quarantine",
            "household__building", "resident", _("Choose a resident of your communities."),
        )  # fmt: skip
        created = quarantine_services.quarantine_start(actor=request.user, **data)
        return Response(self._fresh(created.pk), status=status.HTTP_201_CREATED)

    @extend_schema(request=s.HealthCheckRecordSerializer, responses={201: s.HealthCheckSerializer})
    @action(detail=True, methods=["post"])
    def check(self, request, pk=None):
        body = s.HealthCheckRecordSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        created = quarantine_services.health_check_record(
            actor=request.user,
            quarantine=self.get_object(),
            temperature=data["temperature"],
            symptoms=data.get("symptoms") or [],
            note=data.get("note", ""),
            date=data.get("date"),
        )
        return Response(s.HealthCheckSerializer(created).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.QuarantineChangeEndSerializer, responses=s.QuarantineSerializer)
    @action(detail=True, methods=["post"], url_path="change-end")
    def change_end(self, request, pk=None):
        body = s.QuarantineChangeEndSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        quarantine_services.quarantine_change_end(
            actor=request.user,
            quarantine=self.get_object(),
            planned_end_on=body.validated_data["planned_end_on"],
            reason=body.validated_data["reason"],
            expected_version=_version(body.validated_data),
        )
        return Response(self._fresh(pk))

    @extend_schema(request=s.QuarantineReleaseSerializer, responses=s.QuarantineSerializer)
    @action(detail=True, methods=["post"])
    def release(self, request, pk=None):
        body = s.QuarantineReleaseSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        quarantine_services.quarantine_release(
            actor=request.user,
            quarantine=self.get_object(),
            note=body.validated_data.get("note", ""),
            expected_version=_version(body.validated_data),
        )
        return Response(self._fresh(pk))

    @extend_schema(request=None, responses=s.PersonalLinkSerializer)
    @action(detail=True, methods=["post"], url_path="issue-link")
    def issue_link(self, request, pk=None):
        _q, token = quarantine_services.quarantine_issue_link(
            actor=request.user, quarantine=self.get_object()
        )
        url = request.build_absolute_uri(reverse("care:personal", args=[token]))
        response = Response({"url": url})
        response["Cache-Control"] = "no-store"
        return response

    @extend_schema(request=None, responses=s.QuarantineSerializer)
    @action(detail=True, methods=["post"], url_path="revoke-link")
    def revoke_link(self, request, pk=None):
        quarantine_services.quarantine_revoke_link(actor=request.user, quarantine=self.get_object())
        return Response(self._fresh(pk))


class HealthCheckViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    queryset = HealthCheck.objects.select_related("quarantine")
    serializer_class = s.HealthCheckSerializer
    filterset_fields = ["quarantine", "date"]


class ErrandViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet
):
    queryset = Errand.objects.select_related("household__building").prefetch_related(
        "events__actor"
    )
    serializer_class = s.ErrandSerializer
    filterset_class = ErrandFilter
    ordering_fields = ["requested_at", "status"]
    action_permissions = {
        "assign": "change",
        "deliver": "change",
        "repay": "change",
        "cancel": "change",
    }

    def _fresh(self, pk):
        found = self.queryset.all().get(pk=pk)
        return s.ErrandSerializer(found, context={"request": self.request}).data

    @extend_schema(request=s.ErrandRequestSerializer, responses={201: s.ErrandSerializer})
    def create(self, request, *args, **kwargs):
        from fugong.community.models import Household

        body = s.ErrandRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        data["household"] = _in_scope(
            request.user, Household.objects.all(), data["household"], "care.add_errand", "building",
            "household", _("Choose a household of your communities."),
        )  # fmt: skip
        created = errand_services.errand_request(actor=request.user, **data)
        return Response(self._fresh(created.pk), status=status.HTTP_201_CREATED)

    @extend_schema(request=s.ErrandAssignSerializer, responses=s.ErrandSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        body = s.ErrandAssignSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        errand_services.errand_assign(
            actor=request.user,
            errand=self.get_object(),
            assignee=User.objects.filter(pk=body.validated_data["assignee"]).first(),
            expected_version=_version(body.validated_data),
        )
        return Response(self._fresh(pk))

    @extend_schema(request=s.ErrandDeliverSerializer, responses=s.ErrandSerializer)
    @action(detail=True, methods=["post"])
    def deliver(self, request, pk=None):
        body = s.ErrandDeliverSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        errand_services.errand_deliver(
            actor=request.user,
            errand=self.get_object(),
            advanced=body.validated_data.get("advanced") or "0",
            note=body.validated_data.get("note", ""),
            expected_version=_version(body.validated_data),
        )
        return Response(self._fresh(pk))

    @extend_schema(request=s.ErrandRepaySerializer, responses=s.ErrandSerializer)
    @action(detail=True, methods=["post"])
    def repay(self, request, pk=None):
        body = s.ErrandRepaySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        errand_services.errand_repay(
            actor=request.user,
            errand=self.get_object(),
            amount=body.validated_data["amount"],
            note=body.validated_data.get("note", ""),
        )
        return Response(self._fresh(pk))

    @extend_schema(request=s.ErrandCancelSerializer, responses=s.ErrandSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        body = s.ErrandCancelSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        errand_services.errand_cancel(
            actor=request.user,
            errand=self.get_object(),
            reason=body.validated_data["reason"],
            expected_version=_version(body.validated_data),
        )
        return Response(self._fresh(pk))


class DisinfectionViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet
):
    queryset = Disinfection.objects.select_related("region")
    serializer_class = s.DisinfectionSerializer
    filterset_class = DisinfectionFilter
    ordering_fields = ["done_at"]

    @extend_schema(
        request={"multipart/form-data": s.DisinfectionRecordSerializer,
                 "application/json": s.DisinfectionRecordSerializer},
        responses={201: s.DisinfectionSerializer},
    )  # fmt: skip
    def create(self, request, *args, **kwargs):
        body = s.DisinfectionRecordSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        region = Region.objects.filter(pk=data.pop("region")).first()
        if region is None:
            message = _("Choose a building or a compound.")
            raise FugongError(message, fields={"region": message})
        created = supply_services.disinfection_record(actor=request.user, region=region, **data)
        return Response(
            s.DisinfectionSerializer(created, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


class SupplyItemViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ScopedViewSet,
):
    queryset = SupplyItem.objects.select_related("community")
    serializer_class = s.SupplyItemSerializer
    filterset_class = SupplyItemFilter
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    action_permissions = {"receive": "issue", "issue": "issue"}

    def perform_create(self, serializer):
        serializer.instance = supply_services.supply_item_create(
            actor=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        raw = self.request.headers.get("If-Match") or self.request.data.get("version")
        expected = int(str(raw).strip('"')) if str(raw or "").strip('"').isdigit() else None
        data = dict(serializer.validated_data)
        data.pop("community", None)
        serializer.instance = supply_services.supply_item_update(
            actor=self.request.user,
            item=serializer.instance,
            data=data,
            expected_version=expected,
        )

    def _move(self, request, move):
        body = s.SupplyMoveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        created = move(actor=request.user, item=self.get_object(), **body.validated_data)
        return Response(s.SupplyMovementSerializer(created).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.SupplyMoveSerializer, responses={201: s.SupplyMovementSerializer})
    @action(detail=True, methods=["post"])
    def receive(self, request, pk=None):
        return self._move(request, supply_services.supply_receive)

    @extend_schema(request=s.SupplyMoveSerializer, responses={201: s.SupplyMovementSerializer})
    @action(detail=True, methods=["post"])
    def issue(self, request, pk=None):
        return self._move(request, supply_services.supply_issue)


class SupplyMovementViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    queryset = SupplyMovement.objects.select_related("item")
    serializer_class = s.SupplyMovementSerializer
    filterset_fields = ["item", "kind"]


class CareSummaryView(APIView):
    """The dashboard's figures of community care within the caller's scope."""

    model = Quarantine

    @extend_schema(responses=s.CareSummarySerializer)
    def get(self, request):
        return Response(s.CareSummarySerializer(care_summary(request.user)).data)


class CoverageView(APIView):
    model = Disinfection

    @extend_schema(
        responses=inline_serializer(
            "DisinfectionCoverage",
            {
                "days": serializers.IntegerField(),
                "total": serializers.IntegerField(),
                "covered": serializers.IntegerField(),
                "buildings": inline_serializer(
                    "DisinfectionCoverageRow",
                    {
                        "building": serializers.IntegerField(),
                        "name": serializers.CharField(),
                        "last_done_at": serializers.DateTimeField(allow_null=True),
                        "flagged": serializers.BooleanField(),
                    },
                    many=True,
                ),
            },
        )
    )
    def get(self, request):
        cover = coverage(request.user)
        return Response(
            {
                "days": cover.days,
                "total": cover.total,
                "covered": cover.covered,
                "buildings": [
                    {
                        "building": row.building.pk,
                        "name": f"{row.building.parent.name} {row.building.name}",
                        "last_done_at": row.last_done_at,
                        "flagged": row.flagged,
                    }
                    for row in cover.rows
                ],
            }
        )
