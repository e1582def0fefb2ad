"""The survey pages: residents and households (摸排)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View

from fugong.common.errors import FugongError
from fugong.common.scoping import user_can
from fugong.common.views import ObjectDetailView, ObjectEditView, ObjectListView, ScopedViewMixin
from fugong.community.filters import HouseholdFilter, ResidentFilter
from fugong.community.forms import HouseholdForm, ResidentForm
from fugong.community.models import Household, Resident
from fugong.community.selectors import households_visible_to, residents_visible_to
from fugong.community.services import (
    household_create,
    household_get_or_create,
    household_update,
    resident_create,
    resident_delete,
    resident_update,
)
from fugong.community.tables import HouseholdTable, ResidentTable


class ResidentListView(ObjectListView):
    model = Resident
    table_class = ResidentTable
    filterset_class = ResidentFilter
    url_base = "community:resident"
    export_action = "export"
    template_name = "community/resident_list.html"

    def get_queryset(self):
        return residents_visible_to(self.request.user)

    def export_xlsx(self):
        from fugong.accounts.models import User
        from fugong.audit.choices import ChangeAction
        from fugong.audit.services import record_change

        response = super().export_xlsx()
        # Who took which list out of the system, and when (masked, still personal data).
        record_change(
            actor=self.request.user,
            instance=User.objects.get(pk=self.request.user.pk),
            action=ChangeAction.EXPORT,
            after={},
            message=f"residents {self.request.GET.urlencode()}"[:500],
        )
        return response


class ResidentDetailView(ObjectDetailView):
    model = Resident
    url_base = "community:resident"
    template_name = "community/resident_detail.html"
    detail_fields = (
        "name",
        "household",
        "id_number",
        "phone",
        "sex",
        "birth_year",
        "residency",
        "returned_from",
        "returned_on",
        "health_status",
        "elderly_alone",
        "disabled",
        "chronic_illness",
        "pregnant",
        "left_behind_child",
        "vulnerable_note",
        "note",
        "source",
    )

    def get_queryset(self):
        return residents_visible_to(self.request.user)


class ResidentEditView(ObjectEditView):
    model = Resident
    form_class = ResidentForm
    url_base = "community:resident"
    template_name = "community/resident_form.html"

    def _household(self, form):
        data = form.cleaned_data
        return household_get_or_create(
            actor=self.request.user,
            building=data["building"],
            unit=data.get("unit") or "",
            room=data["room"],
        )

    def create(self, form):
        return resident_create(
            actor=self.request.user, household=self._household(form), **form.service_data()
        )

    def update(self, instance, form, version):
        data = form.service_data()
        household = self._household(form)
        if household.pk != instance.household_id:
            data["household"] = household
        return resident_update(
            actor=self.request.user, resident=instance, data=data, expected_version=version
        )


class ResidentDeleteView(ScopedViewMixin, View):
    model = Resident
    action = "delete"

    def post(self, request, pk):
        resident = get_object_or_404(self.get_queryset(), pk=pk)
        try:
            resident_delete(actor=request.user, resident=resident, message=_("moved away"))
        except FugongError as exc:
            messages.error(request, exc.message)
            return redirect(resident.get_absolute_url())
        messages.success(request, _("%(name)s was removed.") % {"name": resident.name})
        return redirect("community:resident_list")


class HouseholdListView(ObjectListView):
    model = Household
    table_class = HouseholdTable
    filterset_class = HouseholdFilter
    url_base = "community:household"

    def get_queryset(self):
        return households_visible_to(self.request.user)


class HouseholdDetailView(ObjectDetailView):
    model = Household
    url_base = "community:household"
    template_name = "community/household_detail.html"
    detail_fields = ("building", "unit", "room", "note")

    def get_queryset(self):
        return households_visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["residents"] = (
            residents_visible_to(user).filter(household=self.object)
            if user_can(user, Resident, "view")
            else []
        )
        ctx["can_add_resident"] = user_can(user, Resident, "add")
        return ctx


class HouseholdEditView(ObjectEditView):
    model = Household
    form_class = HouseholdForm
    url_base = "community:household"

    def create(self, form):
        return household_create(actor=self.request.user, **form.service_data())

    def update(self, instance, form, version):
        return household_update(
            actor=self.request.user,
            household=instance,
            data=form.service_data(),
            expected_version=version,
        )
