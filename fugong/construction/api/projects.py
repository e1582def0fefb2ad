from fugong.common.api import ScopedModelViewSet
from fugong.construction.api.serializers import ProjectSerializer
from fugong.construction.filters.projects import ProjectFilter
from fugong.construction.models import Project
from fugong.construction.services.projects import project_create, project_update


class ProjectViewSet(ScopedModelViewSet):
    queryset = Project.objects.select_related("region", "builder", "contractor", "supervisor")
    serializer_class = ProjectSerializer
    filterset_class = ProjectFilter
    search_fields = ["name", "address"]
    ordering_fields = ["name", "created_at", "status"]

    def perform_create(self, serializer):
        serializer.instance = project_create(actor=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = project_update(
            actor=self.request.user,
            project=serializer.instance,
            data=serializer.validated_data,
            expected_version=self.expected_version(),
        )
