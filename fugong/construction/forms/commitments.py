"""Forms of the commitment system. They only convert input: the rules (every item
answered, numbers within limits, the signature) live in the filing service, which names
each failing item."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fugong.construction.choices import ItemKind

UPLOAD_ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def _style(form: forms.Form) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.RadioSelect | forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


def item_field_name(item) -> str:
    return f"item_{item.pk}"


def item_requirement(item) -> str:
    limit = f"{item.threshold.normalize():f} {item.unit}".strip() if item.threshold else ""
    if item.kind == ItemKind.YES_NO:
        return str(_("Must be yes"))
    if item.kind == ItemKind.NUMBER_MIN:
        return str(_("At least %(limit)s")) % {"limit": limit}
    if item.kind == ItemKind.NUMBER_MAX:
        return str(_("At most %(limit)s")) % {"limit": limit}
    if item.kind == ItemKind.ATTACHMENT:
        return str(_("PDF, JPG or PNG, at most 10 MB"))
    return ""


class CommitmentFileForm(forms.Form):
    """One field per checklist item (`item_<id>`), then the signature."""

    supersedes = forms.IntegerField(widget=forms.HiddenInput, required=False)
    responsible_person = forms.CharField(
        label=_("Responsible person"), max_length=50, required=False
    )
    responsible_phone = forms.CharField(
        label=_("Responsible person's phone"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    signed_name = forms.CharField(
        label=_("Signed by"),
        max_length=50,
        required=False,
        help_text=_("Your full name, as your signature."),
    )
    signed_on = forms.DateField(
        label=_("Signed on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    statement_accepted = forms.BooleanField(required=False)
    scan = forms.FileField(
        label=_("Signed scan (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": UPLOAD_ACCEPT}),
        help_text=_("A photo or scan of the signed paper letter: PDF, JPG or PNG, at most 10 MB."),
    )

    def __init__(self, *args, template, **kwargs):
        super().__init__(*args, **kwargs)
        self.template = template
        self.items = list(template.items.all())
        self.fields["statement_accepted"].label = template.statement
        self.fields["signed_on"].initial = timezone.localdate()
        for item in self.items:
            self.fields[item_field_name(item)] = self._item_field(item)
        _style(self)
        self.fields["signed_on"].widget.attrs["max"] = timezone.localdate().isoformat()

    @staticmethod
    def _item_field(item) -> forms.Field:
        common = {"label": item.text, "required": False, "help_text": item.help_text}
        if item.kind == ItemKind.YES_NO:
            return forms.ChoiceField(choices=YES_NO, widget=forms.RadioSelect, **common)
        if item.kind in (ItemKind.NUMBER_MIN, ItemKind.NUMBER_MAX):
            return forms.CharField(
                max_length=20, widget=forms.TextInput(attrs={"inputmode": "decimal"}), **common
            )
        if item.kind == ItemKind.ATTACHMENT:
            return forms.FileField(
                widget=forms.ClearableFileInput(attrs={"accept": UPLOAD_ACCEPT}), **common
            )
        return forms.CharField(max_length=2000, widget=forms.Textarea(attrs={"rows": 2}), **common)

    def item_rows(self):
        """(item, bound field, requirement) in checklist order, for the template."""
        return [(item, self[item_field_name(item)], item_requirement(item)) for item in self.items]

    def answers(self) -> dict:
        return {item.pk: self.cleaned_data.get(item_field_name(item)) for item in self.items}

    def signature(self) -> dict:
        data = self.cleaned_data
        return {
            "responsible_person": data.get("responsible_person") or "",
            "responsible_phone": data.get("responsible_phone") or "",
            "signed_name": data.get("signed_name") or "",
            "signed_on": data.get("signed_on"),
            "statement_accepted": bool(data.get("statement_accepted")),
            "scan": data.get("scan") or None,
        }


class VerifyForm(forms.Form):
    note = forms.CharField(
        label=_("What was checked on site"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the commitment is false"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The project is suspended and a credit record is kept against the enterprise."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class ConcernHandleForm(forms.Form):
    response = forms.CharField(
        label=_("What was done"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class PublicConcernForm(forms.Form):
    """What anyone may report from a site's QR sign. `website` is a honeypot: people do
    not see it, robots fill it in."""

    text = forms.CharField(
        label=_("What did you see?"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 1000}),
    )
    contact = forms.CharField(
        label=_("Your phone (optional)"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        help_text=_("Only the authority sees it, to call you back."),
    )
    website = forms.CharField(
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)

    @property
    def is_robot(self) -> bool:
        return bool(self.data.get("website"))
