"""Forms of the checklist templates (with their items, edited as a formset) and of the
routing rules. The services check the rules; these convert input."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fugong.common.forms import ScopedModelForm
from fugong.construction.choices import ItemKind
from fugong.construction.forms.commitments import _style
from fugong.construction.models import ChecklistTemplate, RoutingRule
from fugong.organisations.choices import OrganisationKind
from fugong.organisations.models import Organisation


class ChecklistTemplateForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=150)
    statement = forms.CharField(
        label=_("Statement the signer accepts"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The sentence the responsible person ticks before signing."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, instance: ChecklistTemplate | None = None, **kwargs):
        if instance is not None:
            kwargs.setdefault(
                "initial",
                {
                    "title": instance.title,
                    "statement": instance.statement,
                    "version": instance.version,
                },
            )
        super().__init__(*args, **kwargs)
        _style(self)


class ChecklistItemForm(forms.Form):
    position = forms.IntegerField(
        label=_("Position"), min_value=0, max_value=999, required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )  # fmt: skip
    code = forms.SlugField(
        label=_("Code"), max_length=40, required=False, help_text=_("Left empty: made up.")
    )
    text = forms.CharField(label=_("Condition"), max_length=300, required=False)
    kind = forms.ChoiceField(label=_("Answer type"), choices=ItemKind.choices)
    threshold = forms.DecimalField(
        label=_("Limit"), max_digits=10, decimal_places=2, min_value=0, required=False
    )
    unit = forms.CharField(label=_("Unit"), max_length=20, required=False)
    required = forms.BooleanField(label=_("Required"), required=False, initial=True)
    help_text = forms.CharField(label=_("Hint"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class BaseItemFormSet(forms.BaseFormSet):
    def items(self) -> list[dict]:
        """The rows to keep: not deleted and not left entirely empty."""
        rows = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if not data or data.get("DELETE"):
                continue
            if not (data.get("text") or "").strip() and not data.get("code"):
                continue
            rows.append({k: v for k, v in data.items() if k != "DELETE"})
        return rows


ChecklistItemFormSet = forms.formset_factory(
    ChecklistItemForm, formset=BaseItemFormSet, extra=0, can_delete=True, max_num=100
)


def item_initial(template: ChecklistTemplate) -> list[dict]:
    return [
        {
            "position": item.position,
            "code": item.code,
            "text": item.text,
            "kind": item.kind,
            "threshold": item.threshold,
            "unit": item.unit,
            "required": item.required,
            "help_text": item.help_text,
        }
        for item in template.items.all()
    ]


class RoutingRuleForm(ScopedModelForm):
    match_city_key = forms.NullBooleanField(
        label=_("Projects"),
        required=False,
        widget=forms.Select(
            choices=[
                ("unknown", _("Any project")),
                ("true", _("City key projects")),
                ("false", _("Other projects")),
            ]
        ),
    )

    class Meta:
        model = RoutingRule
        fields = [
            "priority",
            "name",
            "match_city_key",
            "match_kind",
            "target",
            "department",
            "is_active",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["match_city_key"].widget.attrs["class"] = "form-select"
        self.fields["department"].queryset = Organisation.objects.filter(
            kind__in=[OrganisationKind.BUREAU, OrganisationKind.DEPARTMENT],
            archived_at__isnull=True,
        )
