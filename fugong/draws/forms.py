from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fugong.construction.choices import ProjectKind
from fugong.draws.choices import SelectionMode, Weighting
from fugong.draws.models import MAX_INSPECTORS, MIN_INSPECTORS
from fugong.regions.choices import RegionLevel
from fugong.regions.models import Region
from fugong.supervision.choices import InspectionField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DrawPrepareForm(forms.Form):
    """The scope and parameters of a draw; the service checks the rules."""

    title = forms.CharField(label=_("Title"), max_length=150)
    region = forms.ModelChoiceField(label=_("City or district"), queryset=Region.objects.none())
    field = forms.ChoiceField(label=_("Field of inspection"), choices=InspectionField.choices)
    project_kind = forms.ChoiceField(
        label=_("Project kind"),
        choices=[("", _("All kinds")), *ProjectKind.choices],
        required=False,
    )
    mode = forms.ChoiceField(
        label=_("Select"),
        choices=SelectionMode.choices,
        initial=SelectionMode.COUNT,
        widget=forms.RadioSelect,
    )
    count = forms.IntegerField(label=_("Number of sites"), min_value=1, required=False)
    share_percent = forms.IntegerField(
        label=_("Share of sites (%)"), min_value=1, max_value=100, required=False
    )
    inspectors_per_target = forms.IntegerField(
        label=_("Inspectors per site"),
        min_value=MIN_INSPECTORS,
        max_value=MAX_INSPECTORS,
        initial=MIN_INSPECTORS,
    )
    weighting = forms.ChoiceField(
        label=_("Weighting"),
        choices=Weighting.choices,
        initial=Weighting.RISK,
        widget=forms.RadioSelect,
        help_text=_("Riskier sites are drawn more often; every site keeps a chance."),
    )
    planned_on = forms.DateField(label=_("Inspection date"), widget=DATE)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = (
            Region.objects.visible_to(user)
            .filter(level__in=(RegionLevel.CITY, RegionLevel.DISTRICT))
            .order_by("path")
        )
        self.fields["planned_on"].initial = timezone.localdate()
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.RadioSelect):
                widget.attrs.setdefault("class", "form-check-input")
            else:
                css = "form-select" if isinstance(widget, forms.Select) else "form-control"
                widget.attrs.setdefault("class", css)
