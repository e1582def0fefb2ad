from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from fugong.accounts.models import RoleGrant, User
from fugong.common.forms import ScopedModelForm


class UserForm(ScopedModelForm):
    password = forms.CharField(
        label=_("Initial password"), widget=forms.PasswordInput, required=False, strip=False
    )

    class Meta:
        model = User
        fields = [
            "username",
            "full_name",
            "email",
            "phone",
            "id_number",
            "organisation",
            "is_party_member",
            "is_active",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["username"].disabled = True
            del self.fields["password"]
            # Never echo the stored identity number or phone back into a form.
            for name in ("phone", "id_number"):
                self.initial[name] = getattr(getattr(self.instance, name), "full", None)
        else:
            self.fields["password"].required = True

    def clean_password(self):
        password = self.cleaned_data.get("password")
        if password:
            validate_password(password)
        return password

    def service_data(self):
        data = super().service_data()
        data.pop("password", None)
        return data


class GrantForm(ScopedModelForm):
    class Meta:
        model = RoleGrant
        fields = ["role", "region", "organisation", "valid_until", "note"]
        widgets = {"valid_until": forms.DateInput(attrs={"type": "date"})}

    def clean(self):
        data = super().clean()
        if bool(data.get("region")) == bool(data.get("organisation")):
            raise forms.ValidationError(
                _("Choose a region or an organisation, not both."), code="grant_scope"
            )
        return data


class TokenForm(forms.Form):
    code = forms.CharField(
        label=_("Six-digit code from your authenticator app"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "class": "form-control"}
        ),
    )
