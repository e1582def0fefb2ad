"""Building groups (楼栋群)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View

from fugong.common.views import ObjectDetailView, ObjectEditView, ObjectListView, ScopedViewMixin
from fugong.community.filters import ResidentGroupFilter
from fugong.community.forms import ResidentGroupForm
from fugong.community.models import ResidentGroup
from fugong.community.selectors import resident_groups_visible_to
from fugong.community.services import (
    resident_group_create,
    resident_group_delete,
    resident_group_update,
)
from fugong.community.tables import ResidentGroupTable


class ResidentGroupListView(ObjectListView):
    model = ResidentGroup
    table_class = ResidentGroupTable
    filterset_class = ResidentGroupFilter
    url_base = "community:group"

    def get_queryset(self):
        return resident_groups_visible_to(self.request.user)


class ResidentGroupDetailView(ObjectDetailView):
    model = ResidentGroup
    url_base = "community:group"
    template_name = "community/group_detail.html"
    detail_fields = (
        "building",
        "platform",
        "name",
        "owner_name",
        "owner_phone",
        "members_count",
        "is_active",
    )

    def get_queryset(self):
        return resident_groups_visible_to(self.request.user)


class ResidentGroupEditView(ObjectEditView):
    model = ResidentGroup
    form_class = ResidentGroupForm
    url_base = "community:group"

    def create(self, form):
        data = form.service_data()
        return resident_group_create(actor=self.request.user, building=data.pop("building"), **data)

    def update(self, instance, form, version):
        return resident_group_update(
            actor=self.request.user,
            group=instance,
            data=form.service_data(),
            expected_version=version,
        )


class ResidentGroupDeleteView(ScopedViewMixin, View):
    model = ResidentGroup
    action = "delete"

    def post(self, request, pk):
        group = get_object_or_404(self.get_queryset(), pk=pk)
        resident_group_delete(actor=request.user, group=group)
        messages.success(request, _("The group was removed."))
        return redirect("community:group_list")
