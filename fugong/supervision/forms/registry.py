from django import forms
from django.utils.translation import gettext_lazy as _

from fugong.accounts.models import User
from fugong.construction.models import Project
from fugong.organisations.choices import OrganisationKind
from fugong.organisations.models import Organisation
from fugong.supervision.choices import InspectionField
from fugong.supervision.forms import StyledForm


class InspectorForm(StyledForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    user = forms.ModelChoiceField(label=_("Officer"), queryset=User.objects.none())
    organisation = forms.ModelChoiceField(
        label=_("Department or station"), queryset=Organisation.objects.none()
    )
    field = forms.ChoiceField(label=_("Field"), choices=InspectionField.choices)
    certificate_number = forms.CharField(label=_("Certificate number"), max_length=40)
    is_active = forms.BooleanField(
        label=_("Available for inspections"), required=False, initial=True
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.visible_to(user).filter(is_active=True)
        self.fields["organisation"].queryset = Organisation.objects.visible_to(user).filter(
            kind__in=(OrganisationKind.BUREAU, OrganisationKind.DEPARTMENT),
            archived_at__isnull=True,
        )


class ConflictForm(StyledForm):
    project = forms.ModelChoiceField(
        label=_("Project"), queryset=Project.objects.none(), required=False
    )
    enterprise = forms.ModelChoiceField(
        label=_("Enterprise"), queryset=Organisation.objects.none(), required=False
    )
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = Project.objects.visible_to(user).filter(
            archived_at__isnull=True
        )
        self.fields["enterprise"].queryset = Organisation.objects.filter(
            kind=OrganisationKind.ENTERPRISE, archived_at__isnull=True
        )


class ChecklistForm(StyledForm):
    """Title and items, one per line: `code | what is checked | how to check`."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    field = forms.ChoiceField(label=_("Field"), choices=InspectionField.choices)
    title = forms.CharField(label=_("Title"), max_length=150)
    items = forms.CharField(
        label=_("Items"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("One item per line: code | what is checked | how to check."),
    )

    def item_rows(self) -> list[dict]:
        rows = []
        for line in (self.cleaned_data.get("items") or "").splitlines():
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")]
            if len(parts) == 1:
                parts = ["", parts[0]]
            rows.append(
                {"code": parts[0], "text": parts[1], "guidance": parts[2] if len(parts) > 2 else ""}
            )
        return rows

    @staticmethod
    def items_text(checklist) -> str:
        return "\n".join(
            f"{i.code} | {i.text}" + (f" | {i.guidance}" if i.guidance else "")
            for i in checklist.items.order_by("position")
        )
