"""Forms of gates: a gate's settings, the tracing query, opening and closing a case."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fugong.common.forms import ScopedModelForm
from fugong.gates.models import Checkpoint
from fugong.regions.choices import RegionLevel
from fugong.regions.models import Region


class CheckpointForm(ScopedModelForm):
    class Meta:
        model = Checkpoint
        fields = ["compound", "name", "kind", "location", "is_active", "note"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        compound = self.fields["compound"]
        compound.queryset = (
            Region.objects.visible_to(user, "gates.add_checkpoint")
            .filter(level=RegionLevel.COMPOUND)
            .order_by("path")
        )
        if self.instance.pk:
            compound.disabled = True


class TraceForm(forms.Form):
    resident = forms.IntegerField(required=False, widget=forms.HiddenInput)
    passage = forms.IntegerField(required=False, label=_("Passage number"))
    minutes = forms.IntegerField(label=_("± minutes"), initial=15, min_value=1)
    days = forms.IntegerField(label=_("Days back"), initial=14, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")


class CaseOpenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the case is opened"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )


class CaseCloseForm(forms.Form):
    note = forms.CharField(label=_("Closing note"), max_length=300, required=False)
