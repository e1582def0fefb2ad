"""Forms of coordination tickets. They collect input; the services judge it."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from fugong.common.forms import ScopedModelForm
from fugong.construction.models import Project
from fugong.coordination.choices import TicketCategory
from fugong.coordination.models import TicketRoute
from fugong.coordination.services.tickets import ADD_TICKET


def style(form):
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.RadioSelect | forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


class ProjectChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class TicketRaiseForm(forms.Form):
    project = ProjectChoiceField(label=_("Project"), queryset=Project.objects.none())
    category = forms.ChoiceField(label=_("Category"), choices=TicketCategory.choices)
    title = forms.CharField(label=_("Problem"), max_length=120)
    description = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What is needed, how much, by when, whom to call."),
    )
    submission_key = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = (
            Project.objects.visible_to(user, ADD_TICKET)
            .filter(archived_at__isnull=True)
            .order_by("name", "id")
        )
        self.fields["submission_key"].initial = uuid.uuid4().hex
        style(self)


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("Officer"), queryset=None)

    def __init__(self, *args, ticket=None, **kwargs):
        from fugong.accounts.models import User

        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = User.objects.filter(
            is_active=True, organisation_id=getattr(ticket, "department_id", None)
        ).order_by("full_name", "username")
        self.fields["assignee"].label_from_instance = lambda u: u.full_name or u.username
        style(self)


class TransferForm(forms.Form):
    department = forms.ModelChoiceField(label=_("Department"), queryset=None)
    reason = forms.CharField(
        label=_("Why it belongs there"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, ticket=None, **kwargs):
        from fugong.organisations.choices import OrganisationKind
        from fugong.organisations.models import Organisation

        super().__init__(*args, prefix="transfer", **kwargs)
        self.fields["department"].queryset = (
            Organisation.objects.filter(
                kind__in=(OrganisationKind.DEPARTMENT, OrganisationKind.DISTRICT_DEPARTMENT),
                archived_at__isnull=True,
            )
            .exclude(pk=getattr(ticket, "department_id", None))
            .order_by("path")
        )
        style(self)


class ResolveForm(forms.Form):
    resolution = forms.CharField(
        label=_("How it was solved"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)


class ConfirmForm(forms.Form):
    rating = forms.ChoiceField(
        label=_("Rating"),
        choices=[(str(n), "★" * n) for n in range(5, 0, -1)],
        widget=forms.RadioSelect,
        required=False,
    )
    rating_comment = forms.CharField(
        label=_("Comment"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)


class TicketRouteForm(ScopedModelForm):
    class Meta:
        model = TicketRoute
        fields = [
            "category",
            "target",
            "department",
            "deadline_value",
            "deadline_unit",
            "is_active",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["category"].disabled = True
