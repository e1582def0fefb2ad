from django import forms
from django.utils.translation import gettext_lazy as _

from fugong.common.forms import ScopedModelForm
from fugong.common.pii.display import can_view_full_personal_data
from fugong.construction.models import Project, ProjectContact, ProjectTarget
from fugong.regions.choices import RegionLevel


class KeepMaskedPersonalData:
    """An edit form must not show a phone in clear to someone who may only see it masked.

    For such a user the personal fields of `personal_fields` start empty, show the masked
    value as a placeholder, and an empty answer keeps the stored value (`service_data`
    carries the value as it was read, before the form touched the instance)."""

    personal_fields: tuple[str, ...] = ()

    def hide_personal_values(self):
        self.kept_personal: dict[str, object] = {}
        if not self.instance.pk or can_view_full_personal_data(self.user):
            return
        for name in self.personal_fields:
            current = getattr(self.instance, name, None)
            field = self.fields.get(name)
            if not current or field is None:
                continue
            self.initial[name] = ""
            field.widget.attrs["placeholder"] = str(current)  # the masked text
            field.help_text = _("Leave empty to keep the current number.")
            self.kept_personal[name] = current

    def keep_personal(self, data: dict) -> dict:
        for name, current in self.kept_personal.items():
            if not data.get(name):
                data[name] = current
        return data


class ProjectForm(KeepMaskedPersonalData, ScopedModelForm):
    personal_fields = ("responsible_phone",)

    class Meta:
        model = Project
        fields = [
            "name",
            "kind",
            "is_city_key",
            "region",
            "address",
            "builder",
            "contractor",
            "supervisor",
            "contract_value",
            "responsible_person",
            "responsible_phone",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = self.fields["region"].queryset.filter(
            level=RegionLevel.DISTRICT
        )
        self.hide_personal_values()

    def service_data(self) -> dict:
        return self.keep_personal(super().service_data())


class ProjectContactForm(KeepMaskedPersonalData, ScopedModelForm):
    personal_fields = ("phone",)

    class Meta:
        model = ProjectContact
        fields = ["role", "name", "phone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].widget.input_type = "tel"
        self.hide_personal_values()

    def service_data(self) -> dict:
        return self.keep_personal(super().service_data())


class ProjectTargetForm(ScopedModelForm):
    class Meta:
        model = ProjectTarget
        fields = ["due_date", "value", "note"]
        widgets = {"due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def clean_value(self):
        value = self.cleaned_data.get("value")
        if value is not None and value <= 0:
            raise forms.ValidationError(_("A target must be more than zero."), code="invalid_value")
        return value


class ProjectCompleteForm(forms.Form):
    message = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )


class ProjectImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={
                "class": "form-control",
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            }
        ),
    )
