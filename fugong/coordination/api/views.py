"""API of coordination: the same services and scope as the pages.

- `tickets`: list/retrieve in scope; POST raises; `assign`, `start`, `resolve`,
  `confirm` (with `rating`), `reopen`. Department officers see what is routed to them.
- `ticket-routes`: the routing table (read for all who see tickets; the bureau admin writes).
- `vehicle-passes`: list/retrieve in scope; POST applies; `approve`, `refuse`, `revoke`, `pdf`.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from fugong.accounts.models import User
from fugong.common.api import ScopedViewSet
from fugong.common.errors import FugongError
from fugong.common.permissions import GrantPermission
from fugong.coordination.api import serializers as s
from fugong.coordination.choices import PassStatus
from fugong.coordination.filters import TicketFilter, VehiclePassFilter
from fugong.coordination.models import Ticket, TicketRoute, VehiclePass
from fugong.coordination.models.tickets import HANDLE_PERMISSION
from fugong.coordination.pdf import pass_pdf
from fugong.coordination.selectors.passes import pass_check_url, pass_with_details
from fugong.coordination.selectors.tickets import ticket_with_details
from fugong.coordination.services import passes as pass_services
from fugong.coordination.services import tickets as ticket_services
from fugong.coordination.services.routes import route_create, route_update

HANDLING = ("assign", "transfer", "start", "resolve")


class TicketPermission(GrantPermission):
    """As GrantPermission; holders of the routed-ticket permission may read and handle."""

    def has_permission(self, request, view):
        if super().has_permission(request, view):
            return True
        user = request.user
        if not (user and user.is_authenticated):
            return False
        # As the base class: a password-only session of a two-factor role gets nothing.
        if request.auth is None and user.requires_two_factor() and not user.is_verified():
            return False
        return ticket_services.may_handle(user) and view.action in ("list", "retrieve", *HANDLING)


def _version(data):
    return data.get("version")


class TicketViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet
):
    queryset = ticket_with_details(Ticket.objects.all())
    serializer_class = s.TicketSerializer
    permission_classes = [TicketPermission]
    filterset_class = TicketFilter
    search_fields = ["title", "project__name", "enterprise__name"]
    ordering_fields = ["created_at", "due_at", "status"]
    action_permissions = {
        "assign": HANDLE_PERMISSION,
        "transfer": HANDLE_PERMISSION,
        "start": HANDLE_PERMISSION,
        "resolve": HANDLE_PERMISSION,
        "confirm": ticket_services.CONFIRM_TICKET,
        "reopen": ticket_services.CONFIRM_TICKET,
    }

    def get_queryset(self):
        if self.action in HANDLING:
            return self.queryset.all().visible_to(self.request.user, HANDLE_PERMISSION)
        return super().get_queryset()

    def _fresh(self, pk):
        ticket = ticket_with_details(Ticket.objects.all()).get(pk=pk)
        return s.TicketSerializer(ticket, context={"request": self.request}).data

    @extend_schema(request=s.TicketRaiseSerializer, responses={201: s.TicketSerializer})
    def create(self, request, *args, **kwargs):
        body = s.TicketRaiseSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        ticket = ticket_services.ticket_raise(
            actor=request.user,
            project=data["project"],
            category=data["category"],
            title=data["title"],
            description=data.get("description", ""),
            submission_key=data.get("submission_key", ""),
        )
        return Response(self._fresh(ticket.pk), status=status.HTTP_201_CREATED)

    @extend_schema(request=s.TicketAssignSerializer, responses=s.TicketSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        body = s.TicketAssignSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        assignee = User.objects.filter(pk=body.validated_data["assignee"]).first()
        if assignee is None:
            raise FugongError(fields={"assignee": _("Not an officer of the receiving department.")})
        ticket_services.ticket_assign(
            actor=request.user,
            ticket=self.get_object(),
            assignee=assignee,
            expected_version=_version(body.validated_data),
        )
        return Response(self._fresh(pk))

    @extend_schema(request=s.TicketTransferSerializer, responses=s.TicketSerializer)
    @action(detail=True, methods=["post"])
    def transfer(self, request, pk=None):
        from fugong.organisations.models import Organisation

        body = s.TicketTransferSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        ticket = ticket_services.ticket_transfer(
            actor=request.user,
            ticket=self.get_object(),
            department=Organisation.objects.filter(pk=body.validated_data["department"]).first(),
            reason=body.validated_data["reason"],
            expected_version=_version(body.validated_data),
        )
        return Response(s.TicketSerializer(ticket, context={"request": request}).data)

    @extend_schema(request=s.CoordinationVersionSerializer, responses=s.TicketSerializer)
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        body = s.CoordinationVersionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        ticket_services.ticket_start(
            actor=request.user,
            ticket=self.get_object(),
            expected_version=_version(body.validated_data),
        )
        return Response(self._fresh(pk))

    @extend_schema(request=s.TicketResolveSerializer, responses=s.TicketSerializer)
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        body = s.TicketResolveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        ticket_services.ticket_resolve(
            actor=request.user,
            ticket=self.get_object(),
            resolution=body.validated_data["resolution"],
            expected_version=_version(body.validated_data),
        )
        return Response(self._fresh(pk))

    @extend_schema(request=s.TicketConfirmSerializer, responses=s.TicketSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        body = s.TicketConfirmSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        ticket_services.ticket_confirm(
            actor=request.user,
            ticket=self.get_object(),
            rating=body.validated_data["rating"],
            comment=body.validated_data.get("rating_comment", ""),
            expected_version=_version(body.validated_data),
        )
        return Response(self._fresh(pk))

    @extend_schema(request=s.CoordinationReasonSerializer, responses=s.TicketSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        body = s.CoordinationReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        ticket_services.ticket_reopen(
            actor=request.user,
            ticket=self.get_object(),
            reason=body.validated_data["reason"],
            expected_version=_version(body.validated_data),
        )
        return Response(self._fresh(pk))


class TicketRouteViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ScopedViewSet,
):
    queryset = TicketRoute.objects.select_related("department")
    serializer_class = s.TicketRouteSerializer
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def perform_create(self, serializer):
        serializer.instance = route_create(
            actor=self.request.user, data=dict(serializer.validated_data)
        )

    def perform_update(self, serializer):
        raw = self.request.headers.get("If-Match") or self.request.data.get("version")
        expected = int(str(raw).strip('"')) if str(raw or "").strip('"').isdigit() else None
        serializer.instance = route_update(
            actor=self.request.user,
            route=serializer.instance,
            data=dict(serializer.validated_data),
            expected_version=expected,
        )


class VehiclePassViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet
):
    queryset = pass_with_details(VehiclePass.objects.all())
    serializer_class = s.VehiclePassSerializer
    filterset_class = VehiclePassFilter
    search_fields = ["plate_number", "project__name"]
    ordering_fields = ["created_at", "valid_from", "status"]
    action_permissions = {
        "approve": pass_services.APPROVE_VEHICLEPASS,
        "refuse": pass_services.APPROVE_VEHICLEPASS,
        "revoke": pass_services.REVOKE_VEHICLEPASS,
        "pdf": "view",
    }

    def _fresh(self, pk):
        found = pass_with_details(VehiclePass.objects.all()).get(pk=pk)
        return s.VehiclePassSerializer(found, context={"request": self.request}).data

    @extend_schema(request=s.PassApplySerializer, responses={201: s.VehiclePassSerializer})
    def create(self, request, *args, **kwargs):
        body = s.PassApplySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        created = pass_services.pass_apply(actor=request.user, **body.validated_data)
        return Response(self._fresh(created.pk), status=status.HTTP_201_CREATED)

    @extend_schema(request=s.CoordinationVersionSerializer, responses=s.VehiclePassSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        body = s.CoordinationVersionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        pass_services.pass_approve(
            actor=request.user,
            vehicle_pass=self.get_object(),
            expected_version=_version(body.validated_data),
        )
        return Response(self._fresh(pk))

    @extend_schema(request=s.CoordinationReasonSerializer, responses=s.VehiclePassSerializer)
    @action(detail=True, methods=["post"])
    def refuse(self, request, pk=None):
        body = s.CoordinationReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        pass_services.pass_refuse(
            actor=request.user,
            vehicle_pass=self.get_object(),
            reason=body.validated_data["reason"],
            expected_version=_version(body.validated_data),
        )
        return Response(self._fresh(pk))

    @extend_schema(request=s.CoordinationReasonSerializer, responses=s.VehiclePassSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        body = s.CoordinationReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        pass_services.pass_revoke(
            actor=request.user,
            vehicle_pass=self.get_object(),
            reason=body.validated_data["reason"],
            expected_version=_version(body.validated_data),
        )
        return Response(self._fresh(pk))

    @extend_schema(responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY)})
    @action(detail=True, methods=["get"])
    def pdf(self, request, pk=None):
        found = self.get_object()
        if found.status != PassStatus.APPROVED:
            raise FugongError(_("Only an approved pass can be printed."), code="not_approved")
        data = pass_pdf(found, check_url=pass_check_url(request, found), viewer=request.user)
        response = HttpResponse(data, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="vehicle-pass-{found.pk}.pdf"'
        return response
