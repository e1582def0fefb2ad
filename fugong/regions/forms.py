from django import forms

from fugong.common.forms import ScopedModelForm
from fugong.regions.models import Region


class RegionForm(ScopedModelForm):
    class Meta:
        model = Region
        fields = ["parent", "level", "code", "name", "address", "has_property_management"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Code and place in the tree are fixed once created (paths hang off them).
            for name in ("parent", "level", "code"):
                self.fields[name].disabled = True
        self.fields["has_property_management"] = forms.NullBooleanField(
            label=Region._meta.get_field("has_property_management").verbose_name,
            required=False,
            widget=forms.NullBooleanSelect(attrs={"class": "form-select"}),
        )
