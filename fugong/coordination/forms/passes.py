"""The application form of a vehicle pass; the service judges plate, dates and project."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fugong.construction.models import Project
from fugong.coordination.forms.tickets import ProjectChoiceField, style
from fugong.coordination.services.passes import ADD_VEHICLEPASS


class DateInput(forms.DateInput):
    input_type = "date"


class PassApplyForm(forms.Form):
    project = ProjectChoiceField(label=_("Project"), queryset=Project.objects.none())
    plate_number = forms.CharField(
        label=_("Plate number"),
        max_length=12,
        help_text=_("e.g. 豫H12345, or 豫HD12345 for a new-energy vehicle"),
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off"}),
    )
    driver_name = forms.CharField(label=_("Driver"), max_length=50, required=False)
    driver_phone = forms.CharField(
        label=_("Driver's phone"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    route = forms.CharField(
        label=_("Route"),
        max_length=300,
        required=False,
        help_text=_("From where, by which roads, to the site"),
    )
    purpose = forms.CharField(label=_("Purpose"), max_length=300, required=False)
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput, required=False)
    valid_until = forms.DateField(label=_("Valid until"), widget=DateInput, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = (
            Project.objects.visible_to(user, ADD_VEHICLEPASS)
            .filter(archived_at__isnull=True)
            .order_by("name", "id")
        )
        style(self)

    def service_data(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.fields}
