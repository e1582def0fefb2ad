"""Forms of daily reports. They parse and present; the rules are in the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fugong.construction.models import DailyReport, Project, ReportingSettings
from fugong.construction.selectors.reports import REPORT_FIELDS
from fugong.construction.services.reports import MAX_UNLOCK_HOURS

# The phone form, in the order a site manager counts: people, health, supplies, output.
GROUPS = (
    (
        _("People"),
        ("workers_on_site", "managers_on_site", "returned_today", "from_outside_province"),
    ),
    (_("Health"), ("temperature_checked", "fevers", "under_observation")),
    (
        _("Supplies and disinfection"),
        ("mask_days", "disinfectant_days", "disinfections_done", "closed_management"),
    ),
    (_("Output"), ("output_value", "notes")),
)


class DailyReportForm(forms.Form):
    """The day's numbers (no instance: the service creates or changes the report).

    Big inputs with a numeric keypad on phones; `version` is what the page showed (0: no
    report yet), so a report changed meanwhile is a conflict, not silently overwritten."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields = forms.fields_for_model(DailyReport, fields=REPORT_FIELDS)
        for name in REPORT_FIELDS:
            field = fields[name]
            widget = field.widget
            if name == "notes":
                widget.attrs.update(rows=2, **{"class": "form-control"})
            elif name == "closed_management":
                widget.attrs.update({"class": "form-check-input"})
            else:
                decimal = name == "output_value"
                widget.attrs.update(
                    {
                        "class": "form-control form-control-lg",
                        "inputmode": "decimal" if decimal else "numeric",
                        "min": "0",
                        "step": "0.01" if decimal else "1",
                        "autocomplete": "off",
                    }
                )
                field.required = True
            self.fields[name] = field

    def groups(self):
        return [(label, [self[name] for name in names]) for label, names in GROUPS]

    def service_data(self) -> dict:
        return {
            name: self.cleaned_data[name] for name in REPORT_FIELDS if name in self.cleaned_data
        }


class ReportUnlockForm(forms.Form):
    project = forms.ModelChoiceField(label=_("project"), queryset=Project.objects.none())
    date = forms.DateField(label=_("report date"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("reason"), max_length=300)
    hours = forms.IntegerField(
        label=_("hours open"), min_value=1, max_value=MAX_UNLOCK_HOURS, initial=24
    )

    def __init__(self, *args, projects=None, **kwargs):
        super().__init__(*args, **kwargs)
        if projects is not None:
            self.fields["project"].queryset = projects
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)


class ReportingSettingsForm(forms.ModelForm):
    class Meta:
        model = ReportingSettings
        fields = ["deadline", "cutoff", "reminder_lead_minutes"]
        widgets = {
            "deadline": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "cutoff": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")
