from fugong.common.api import ScopedModelViewSet
from fugong.organisations.api.serializers import OrganisationSerializer
from fugong.organisations.filters import OrganisationFilter
from fugong.organisations.models import Organisation
from fugong.organisations.services import organisation_create, organisation_update


class OrganisationViewSet(ScopedModelViewSet):
    queryset = Organisation.objects.select_related("region")
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilter
    search_fields = ["name", "credit_code"]
    ordering_fields = ["name"]

    def perform_create(self, serializer):
        serializer.instance = organisation_create(
            actor=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = organisation_update(
            actor=self.request.user,
            organisation=serializer.instance,
            data=serializer.validated_data,
            expected_version=self.expected_version(),
        )
