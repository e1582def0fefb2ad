"""Forms of the community pages: phone-first (big touch targets, native date and tel
inputs), choices limited to the user's scope."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fugong.accounts.models import User
from fugong.common.forms import ScopedModelForm
from fugong.common.pii.fields import PersonalFormField
from fugong.common.pii.kinds import MOBILE
from fugong.community.choices import DutyActivity
from fugong.community.importing.residents import import_areas
from fugong.community.models import Deployment, Household, Resident, ResidentGroup
from fugong.construction.forms.projects import KeepMaskedPersonalData
from fugong.regions.choices import RegionLevel
from fugong.regions.models import Region

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _levels(field, level, user, permission):
    field.queryset = (
        Region.objects.visible_to(user, permission).filter(level=level).select_related("parent")
    )
    field.label_from_instance = lambda r: f"{r.parent.name} {r.name}" if r.parent else r.name


class DeploymentForm(ScopedModelForm):
    class Meta:
        model = Deployment
        fields = ["cadre", "community", "starts_on", "ends_on", "duty", "note"]
        widgets = {"starts_on": DATE, "ends_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["cadre"], self.fields["community"]
            return
        self.fields["cadre"].queryset = User.objects.visible_to(self.user).filter(is_active=True)
        self.fields["cadre"].label_from_instance = lambda u: (
            f"{u.get_full_name()} ({u.organisation})" if u.organisation_id else u.get_full_name()
        )
        _levels(
            self.fields["community"], RegionLevel.COMMUNITY, self.user, "community.add_deployment"
        )


class DeploymentEndForm(forms.Form):
    ends_on = forms.DateField(label=_("Last day"), widget=DATE)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")


class DutyCheckInForm(forms.Form):
    activities = forms.MultipleChoiceField(
        label=_("What did you do today?"),
        choices=DutyActivity.choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "btn-check"}),
        error_messages={"required": _("Choose at least one activity.")},
    )
    community = forms.ModelChoiceField(
        label=_("Community"), queryset=Region.objects.none(), required=False
    )
    compound = forms.ModelChoiceField(
        label=_("Compound"), queryset=Region.objects.none(), required=False
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )
    photo = forms.FileField(
        label=_("Photo (optional)"),
        required=False,
        widget=forms.ClearableFileInput(
            attrs={"class": "form-control", "accept": "image/jpeg,image/png,image/webp"}
        ),
    )

    def __init__(self, *args, communities=(), **kwargs):
        super().__init__(*args, **kwargs)
        ids = [c.pk for c in communities]
        self.fields["community"].queryset = Region.objects.filter(pk__in=ids)
        self.fields["community"].widget.attrs["class"] = "form-select"
        self.fields["compound"].queryset = Region.objects.filter(
            parent_id__in=ids, level=RegionLevel.COMPOUND
        ).order_by("name")
        self.fields["compound"].widget.attrs["class"] = "form-select"
        if len(ids) == 1:
            self.fields["community"].widget = forms.HiddenInput()
            self.initial.setdefault("community", ids[0])


class DutyEditForm(forms.Form):
    activities = DutyCheckInForm.base_fields["activities"]
    notes = DutyCheckInForm.base_fields["notes"]
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class HouseholdForm(ScopedModelForm):
    class Meta:
        model = Household
        fields = ["building", "unit", "room", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["building"]
        else:
            _levels(
                self.fields["building"], RegionLevel.BUILDING, self.user, "community.add_household"
            )


class ResidentForm(KeepMaskedPersonalData, ScopedModelForm):
    """The survey form: the room is given as building/unit/room (the household is
    registered when new)."""

    personal_fields = ("id_number", "phone")
    building = forms.ModelChoiceField(label=_("Building"), queryset=Region.objects.none())
    unit = forms.CharField(label=_("Unit"), max_length=16, required=False)
    room = forms.CharField(label=_("Room"), max_length=16)

    class Meta:
        model = Resident
        fields = [
            "name",
            "id_number",
            "phone",
            "residency",
            "returned_from",
            "returned_on",
            "health_status",
            "elderly_alone",
            "disabled",
            "chronic_illness",
            "pregnant",
            "left_behind_child",
            "vulnerable_note",
            "note",
        ]
        widgets = {"returned_on": DATE}

    field_order = ["building", "unit", "room"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _levels(self.fields["building"], RegionLevel.BUILDING, self.user, "community.add_resident")
        self.fields["building"].widget.attrs["class"] = "form-select"
        for name in ("unit", "room"):
            self.fields[name].widget.attrs["class"] = "form-control"
        self.fields["phone"].widget.input_type = "tel"
        if self.instance.pk:
            household = self.instance.household
            self.initial.update(
                building=household.building_id, unit=household.unit, room=household.room
            )
        self.hide_personal_values()

    def service_data(self) -> dict:
        data = self.keep_personal(super().service_data())
        for name in ("building", "unit", "room"):
            data.pop(name, None)
        return data


class ResidentGroupForm(KeepMaskedPersonalData, ScopedModelForm):
    personal_fields = ("owner_phone",)

    class Meta:
        model = ResidentGroup
        fields = [
            "building",
            "platform",
            "name",
            "owner_name",
            "owner_phone",
            "members_count",
            "webhook_url",
            "is_active",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["building"]
            if self.instance.webhook_url:
                self.initial["webhook_url"] = ""
                self.fields["webhook_url"].widget.attrs["placeholder"] = (
                    self.instance.webhook_masked
                )
                self.fields["webhook_url"].help_text = _("Leave empty to keep the current address.")
        else:
            _levels(
                self.fields["building"],
                RegionLevel.BUILDING,
                self.user,
                "community.add_residentgroup",
            )
        self.fields["owner_phone"].widget.input_type = "tel"
        self.hide_personal_values()

    def service_data(self) -> dict:
        data = self.keep_personal(super().service_data())
        if self.instance.pk and not data.get("webhook_url"):
            data.pop("webhook_url", None)
        return data


class FeedbackForm(forms.Form):
    """A sub-district official's rating of a cadre."""

    cadre = forms.ModelChoiceField(label=_("Cadre"), queryset=User.objects.none())
    community = forms.ModelChoiceField(label=_("Community"), queryset=Region.objects.none())
    rating = forms.TypedChoiceField(
        label=_("Rating"),
        coerce=int,
        choices=[(n, "★" * n) for n in range(5, 0, -1)],
        widget=forms.RadioSelect(attrs={"class": "btn-check"}),
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        communities = Region.objects.visible_to(user, "community.add_feedback").filter(
            level=RegionLevel.COMMUNITY
        )
        self.fields["community"].queryset = communities
        self.fields["community"].widget.attrs["class"] = "form-select"
        deployed = Deployment.objects.filter(community__in=communities).values("cadre")
        self.fields["cadre"].queryset = User.objects.filter(pk__in=deployed).order_by("full_name")
        self.fields["cadre"].widget.attrs["class"] = "form-select"


class PublicFeedbackForm(forms.Form):
    """A resident's rating through the community's link: no login; the phone keys the
    one-a-day rule."""

    cadre = forms.TypedChoiceField(label=_("Cadre"), coerce=int)
    rating = forms.TypedChoiceField(
        label=_("Rating"),
        coerce=int,
        choices=[(n, "★" * n) for n in range(5, 0, -1)],
        widget=forms.RadioSelect(attrs={"class": "btn-check"}),
    )
    comment = forms.CharField(
        label=_("What would you like to say?"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )
    author_name = forms.CharField(
        label=_("Your name (optional)"),
        required=False,
        max_length=50,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    author_phone = PersonalFormField(
        kind=MOBILE,
        label=_("Your mobile number"),
        max_length=20,
        help_text=_("Not shown to anyone; one rating per cadre a day."),
        widget=forms.TextInput(attrs={"class": "form-control", "type": "tel"}),
    )

    def __init__(self, *args, cadres=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cadre"].choices = [(c.pk, c.get_full_name()) for c in cadres]
        self.fields["cadre"].widget.attrs["class"] = "form-select"


class FeedbackHideForm(forms.Form):
    hidden = forms.BooleanField(required=False)
    reason = forms.CharField(required=False, max_length=300)


class ResidentImportForm(forms.Form):
    area = forms.ModelChoiceField(
        label=_("Community or sub-district"), queryset=Region.objects.none()
    )
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={
                "class": "form-control",
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            }
        ),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        areas = import_areas(user).select_related("parent")
        self.fields["area"].queryset = areas
        self.fields["area"].label_from_instance = lambda r: (
            f"{r.parent.name} {r.name}" if r.level == RegionLevel.COMMUNITY else r.name
        )
        self.fields["area"].widget.attrs["class"] = "form-select"
        if len(areas) == 1:
            self.initial["area"] = areas[0].pk
