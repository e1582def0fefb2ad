"""The dashboard as JSON: the same panels as the page, for other screens and clients."""

from __future__ import annotations

from dataclasses import asdict

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from fugong.dashboard.apps import VIEW_DASHBOARD
from fugong.dashboard.board import build_board
from fugong.dashboard.viewpoint import viewpoint_for

_figure = inline_serializer(
    "DashboardFigure",
    {
        "key": serializers.CharField(),
        "label": serializers.CharField(),
        "value": serializers.JSONField(allow_null=True),
        "url": serializers.CharField(),
        "unit": serializers.CharField(),
        "tone": serializers.CharField(),
    },
)
_panel = inline_serializer(
    "DashboardPanel",
    {
        "key": serializers.CharField(),
        "title": serializers.CharField(),
        "headline": serializers.CharField(),
        "note": serializers.CharField(),
        "figures": _figure.__class__(many=True),
        "charts": serializers.JSONField(),
    },
)


class DashboardAPIView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="dashboard_retrieve",
        parameters=[
            OpenApiParameter("date", OpenApiTypes.DATE, description="The day (default today)"),
            OpenApiParameter(
                "area", OpenApiTypes.INT, description="A region in your jurisdiction to drill to"
            ),
        ],
        responses=inline_serializer(
            "Dashboard",
            {
                "date": serializers.DateField(),
                "computed_at": serializers.DateTimeField(),
                "area": serializers.CharField(),
                "problem": serializers.CharField(),
                "headlines": serializers.ListField(child=serializers.CharField()),
                "panels": _panel.__class__(many=True),
            },
        ),
    )
    def get(self, request):
        if not request.user.has_perm(VIEW_DASHBOARD):
            raise PermissionDenied
        view = viewpoint_for(request)
        board = build_board(view)
        return Response(
            {
                "date": board.date,
                "computed_at": board.computed_at,
                "area": board.area_name,
                "problem": view.problem,
                "headlines": board.headlines,
                "panels": [asdict(p) for p in board.panels],
            }
        )
