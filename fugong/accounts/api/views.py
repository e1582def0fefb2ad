from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from fugong.accounts.api.serializers import RoleGrantSerializer, RoleSerializer, UserSerializer
from fugong.accounts.filters import UserFilter
from fugong.accounts.models import Role, RoleGrant, User
from fugong.accounts.services import grant_role, revoke_grant, user_create, user_update
from fugong.common.api import ScopedModelViewSet, ScopedViewSet


class UserViewSet(ScopedModelViewSet):
    queryset = User.objects.select_related("organisation")
    serializer_class = UserSerializer
    filterset_class = UserFilter
    search_fields = ["username", "full_name"]
    ordering_fields = ["username"]
    http_method_names = ["get", "post", "patch", "put", "head", "options"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        password = data.pop("password", None)
        if password:
            try:
                validate_password(password)
            except ValidationError as exc:
                raise serializers.ValidationError({"password": exc.messages}) from None
        username = data.pop("username")
        serializer.instance = user_create(
            actor=self.request.user, username=username, password=password, **data
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("password", None)
        serializer.instance = user_update(
            actor=self.request.user,
            user=serializer.instance,
            data=data,
            expected_version=self.expected_version(),
        )

    @extend_schema(responses=UserSerializer)
    @action(detail=False, methods=["get"], url_path="me", permission_classes=[])
    def me(self, request):
        from rest_framework.exceptions import NotAuthenticated

        if not request.user.is_authenticated:
            raise NotAuthenticated()
        return Response(UserSerializer(request.user, context={"request": request}).data)


class RoleViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = Role.objects.prefetch_related("permissions")
    serializer_class = RoleSerializer


class RoleGrantViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet
):
    queryset = RoleGrant.objects.select_related("role", "user", "region", "organisation")
    serializer_class = RoleGrantSerializer
    filterset_fields = ["user", "role__code"]
    ordering_fields = ["valid_from"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        target = User.objects.visible_to(self.request.user).filter(pk=data.pop("user").pk).first()
        if target is None:
            from fugong.common.errors import NotFound

            raise NotFound()
        serializer.instance = grant_role(actor=self.request.user, user=target, **data)

    @extend_schema(request=None, responses=RoleGrantSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        grant = revoke_grant(actor=request.user, grant=self.get_object())
        return Response(RoleGrantSerializer(grant, context={"request": request}).data)

    action_permissions = {"revoke": "change"}
