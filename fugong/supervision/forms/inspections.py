from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fugong.construction.models import Project
from fugong.supervision.choices import InspectionField, InspectionKind, ItemOutcome, Severity
from fugong.supervision.forms import PhotosField, StyledForm
from fugong.supervision.selectors.registry import TARGET_STATUSES, active_inspectors

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class InspectionStartForm(StyledForm):
    project = forms.ModelChoiceField(label=_("Project"), queryset=Project.objects.none())
    field = forms.ChoiceField(label=_("Field"), choices=InspectionField.choices)
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[c for c in InspectionKind.choices if c[0] != InspectionKind.REINSPECTION],
    )
    inspectors = forms.ModelMultipleChoiceField(
        label=_("Inspectors"),
        queryset=active_inspectors(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("At least two for a double-random check. Inspectors of the chosen field."),
    )
    planned_on = forms.DateField(label=_("Date"), widget=DATE, required=False)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = (
            Project.objects.visible_to(user)
            .filter(archived_at__isnull=True, status__in=TARGET_STATUSES)
            .order_by("name", "id")
        )
        self.fields["planned_on"].initial = timezone.localdate()
        self.fields["inspectors"].label_from_instance = lambda i: (
            f"{i.display_name} · {i.get_field_display()} · {i.organisation}"
        )


class AnswersForm(StyledForm):
    """One radio group per checklist item (`item_<id>`) and a note beside it."""

    notes = forms.CharField(
        label=_("Notes on the inspection"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, inspection, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(inspection.checklist.items.all())
        given = {a.item_id: a for a in inspection.answers.all()}
        self.fields["notes"].initial = inspection.notes
        for item in self.items:
            answer = given.get(item.pk)
            self.fields[f"item_{item.pk}"] = forms.ChoiceField(
                label=item.text,
                choices=ItemOutcome.choices,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                required=False,
                initial=answer.outcome if answer else None,
                help_text=item.guidance,
            )
            self.fields[f"note_{item.pk}"] = forms.CharField(
                label=_("Note"),
                required=False,
                max_length=300,
                initial=answer.note if answer else "",
                widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
            )

    def rows(self):
        return [(self[f"item_{i.pk}"], self[f"note_{i.pk}"]) for i in self.items]

    def answers(self) -> dict:
        data = self.cleaned_data
        return {
            i.pk: (data[f"item_{i.pk}"], data.get(f"note_{i.pk}", ""))
            for i in self.items
            if data.get(f"item_{i.pk}")
        }


class FindingForm(StyledForm):
    severity = forms.ChoiceField(
        label=_("Severity"), choices=Severity.choices, widget=forms.RadioSelect
    )
    description = forms.CharField(
        label=_("What was found"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    item = forms.ChoiceField(label=_("Checklist item"), required=False)
    photos = PhotosField(
        label=_("Photos"), help_text=_("JPG, PNG or PDF, at most 10 MB each, up to 6.")
    )
    required_actions = forms.CharField(
        label=_("Required actions"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    deadline = forms.DateField(label=_("Rectify by"), widget=DATE, required=False)
    enterprise = forms.ChoiceField(label=_("Notice addressed to"), required=False)
    stop_work = forms.BooleanField(
        label=_("Stop work until rectified (停工整改)"),
        required=False,
        help_text=_("Only for a major finding: the site is suspended when you complete."),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, inspection, **kwargs):
        super().__init__(*args, **kwargs)
        self.inspection = inspection
        self.item_map = {str(i.pk): i for i in inspection.checklist.items.all()}
        self.fields["item"].choices = [("", "—")] + [(k, i.text) for k, i in self.item_map.items()]
        project = inspection.project
        parties = [o for o in (project.contractor, project.builder, project.supervisor) if o]
        self.party_map = {str(o.pk): o for o in parties}
        self.fields["enterprise"].choices = [(str(o.pk), o.name) for o in parties]

    def service_data(self) -> dict:
        data = self.cleaned_data
        return {
            "severity": data["severity"],
            "description": data["description"],
            "item": self.item_map.get(data.get("item") or ""),
            "photos": data.get("photos") or [],
            "required_actions": data["required_actions"],
            "deadline": data.get("deadline"),
            "enterprise": self.party_map.get(data.get("enterprise") or ""),
            "stop_work": data.get("stop_work", False),
            "notes": data.get("notes", ""),
        }


class ReplyForm(StyledForm):
    text = forms.CharField(
        label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    photos = PhotosField(
        label=_("Photos of the rectification"),
        help_text=_("JPG, PNG or PDF, at most 10 MB each, up to 6."),
    )


class ReviewForm(StyledForm):
    decision = forms.ChoiceField(
        label=_("Re-inspection result"),
        choices=[("accept", _("Rectified: close")), ("reject", _("Not rectified: send back"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    new_deadline = forms.DateField(
        label=_("New deadline (when sent back)"), widget=DATE, required=False
    )
