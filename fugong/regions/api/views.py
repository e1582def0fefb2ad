from fugong.common.api import ScopedModelViewSet
from fugong.regions.api.serializers import RegionSerializer
from fugong.regions.filters import RegionFilter
from fugong.regions.models import Region
from fugong.regions.services import region_create, region_update


class RegionViewSet(ScopedModelViewSet):
    queryset = Region.objects.all()
    serializer_class = RegionSerializer
    filterset_class = RegionFilter
    search_fields = ["name", "code"]
    ordering_fields = ["path", "name", "code"]
    http_method_names = ["get", "post", "patch", "put", "head", "options"]

    def perform_create(self, serializer):
        serializer.instance = region_create(actor=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = region_update(
            actor=self.request.user,
            region=serializer.instance,
            data=serializer.validated_data,
            expected_version=self.expected_version(),
        )
