from fugong.common.views import ObjectDetailView, ObjectEditView, ObjectListView
from fugong.regions.filters import RegionFilter
from fugong.regions.forms import RegionForm
from fugong.regions.models import Region
from fugong.regions.services import region_create, region_update
from fugong.regions.tables import RegionTable


class RegionListView(ObjectListView):
    model = Region
    table_class = RegionTable
    filterset_class = RegionFilter
    url_base = "regions:region"

    def get_queryset(self):
        return super().get_queryset().select_related("parent")


class RegionDetailView(ObjectDetailView):
    model = Region
    url_base = "regions:region"
    template_name = "regions/region_detail.html"
    detail_fields = (
        "name",
        "level",
        "code",
        "parent",
        "has_property_management",
        "address",
        "is_demo",
    )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["children"] = self.object.children.visible_to(self.request.user).order_by("code")[:200]
        return ctx


class RegionEditView(ObjectEditView):
    model = Region
    form_class = RegionForm
    url_base = "regions:region"

    def create(self, form):
        data = form.service_data()
        return region_create(actor=self.request.user, **data)

    def update(self, instance, form, version):
        return region_update(
            actor=self.request.user,
            region=instance,
            data=form.service_data(),
            expected_version=version,
        )
