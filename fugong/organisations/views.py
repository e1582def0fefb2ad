from fugong.common.views import ObjectDetailView, ObjectEditView, ObjectListView
from fugong.organisations.filters import OrganisationFilter
from fugong.organisations.forms import OrganisationForm
from fugong.organisations.models import Organisation
from fugong.organisations.services import organisation_create, organisation_update
from fugong.organisations.tables import OrganisationTable


class OrganisationListView(ObjectListView):
    model = Organisation
    table_class = OrganisationTable
    filterset_class = OrganisationFilter
    url_base = "organisations:organisation"

    def get_queryset(self):
        return super().get_queryset().select_related("region", "parent")


class OrganisationDetailView(ObjectDetailView):
    model = Organisation
    url_base = "organisations:organisation"
    detail_fields = (
        "name",
        "short_name",
        "kind",
        "field",
        "enterprise_role",
        "credit_code",
        "region",
        "parent",
        "contact_person",
        "address",
        "is_demo",
    )


class OrganisationEditView(ObjectEditView):
    model = Organisation
    form_class = OrganisationForm
    url_base = "organisations:organisation"

    def create(self, form):
        return organisation_create(actor=self.request.user, **form.service_data())

    def update(self, instance, form, version):
        return organisation_update(
            actor=self.request.user,
            organisation=instance,
            data=form.service_data(),
            expected_version=version,
        )
