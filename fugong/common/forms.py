"""Form base: choices limited to the user's scope, and a version for optimistic locking."""

from django import forms

from fugong.common.models import ScopedModel
from fugong.common.scoping import ScopedQuerySet


class ScopedModelForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if self.instance.pk and isinstance(self.instance, ScopedModel):
            self.fields["version"].initial = self.instance.version
        for field in self.fields.values():
            qs = getattr(field, "queryset", None)
            # A dropdown offers only what the user may see: no picking another district.
            if user is not None and isinstance(qs, ScopedQuerySet):
                field.queryset = qs.visible_to(user)
            widget = field.widget
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            widget.attrs.setdefault("class", css)

    def service_data(self) -> dict:
        """Cleaned model-field values for the service (the form itself saves nothing)."""
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name in self._meta.fields or (self._meta.fields is None and name != "version")
        }
