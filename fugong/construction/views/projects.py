from fugong.common.views import ObjectDetailView, ObjectEditView, ObjectListView
from fugong.construction.filters.projects import ProjectFilter
from fugong.construction.forms.projects import ProjectForm
from fugong.construction.models import Project
from fugong.construction.selectors import projects_visible_to
from fugong.construction.services.projects import project_create, project_update
from fugong.construction.tables.projects import ProjectTable


class ProjectListView(ObjectListView):
    model = Project
    table_class = ProjectTable
    filterset_class = ProjectFilter
    url_base = "construction:project"

    def get_queryset(self):
        return projects_visible_to(self.request.user, self.action)


class ProjectDetailView(ObjectDetailView):
    model = Project
    url_base = "construction:project"
    detail_fields = (
        "name",
        "kind",
        "is_city_key",
        "status",
        "region",
        "address",
        "builder",
        "contractor",
        "supervisor",
        "contract_value",
        "responsible_person",
        "responsible_phone",
    )


class ProjectEditView(ObjectEditView):
    model = Project
    form_class = ProjectForm
    url_base = "construction:project"

    def create(self, form):
        return project_create(actor=self.request.user, **form.service_data())

    def update(self, instance, form, version):
        return project_update(
            actor=self.request.user,
            project=instance,
            data=form.service_data(),
            expected_version=version,
        )
