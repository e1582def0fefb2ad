"""Forms of community care. They collect input; the services judge it."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from fugong.care.choices import ErrandKind, QuarantineKind, SupplyCategory, Symptom
from fugong.regions.choices import RegionLevel
from fugong.regions.models import Region


def style(form):
    for field in form.fields.values():
        widget = field.widget
        if isinstance(
            widget, forms.RadioSelect | forms.CheckboxInput | forms.CheckboxSelectMultiple
        ):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ResidentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} · {obj.household}"


class HouseholdChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.parent.name} {obj.name}" if obj.level == RegionLevel.BUILDING else obj.name


class QuarantineStartForm(forms.Form):
    resident = ResidentChoiceField(label=_("Resident"), queryset=None)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=QuarantineKind.choices, initial=QuarantineKind.HOME,
        widget=forms.RadioSelect,
    )  # fmt: skip
    place = forms.CharField(label=_("Place"), max_length=100, required=False)
    starts_on = forms.DateField(label=_("Starts on"), widget=_date_input())
    days = forms.IntegerField(label=_("Days"), min_value=1, max_value=60)
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from django.utils import timezone

        from fugong.care import conf
        from fugong.community.models import Resident

        self.fields["resident"].queryset = (
            Resident.objects.filter(
                household__building__in=Region.objects.visible_to(user, "care.add_quarantine")
            )
            .select_related("household__building")
            .order_by("household__building__path", "household__room", "name")
        )
        self.fields["starts_on"].initial = timezone.localdate()
        self.fields["days"].initial = conf.quarantine_days()
        style(self)


class HealthCheckForm(forms.Form):
    temperature = forms.CharField(
        label=_("Temperature (°C)"),
        max_length=6,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "36.5"}),
    )
    symptoms = forms.MultipleChoiceField(
        label=_("Symptoms"), choices=Symptom.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)


class CadreCheckForm(HealthCheckForm):
    date = forms.DateField(label=_("Date"), widget=_date_input(), required=False)


class ChangeEndForm(forms.Form):
    planned_end_on = forms.DateField(label=_("New planned end"), widget=_date_input())
    reason = forms.CharField(label=_("Reason"), max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)


class EmptyForm(forms.Form):
    pass


class ErrandFields(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ErrandKind.choices)
    items = forms.CharField(
        label=_("What is needed"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    contact_note = forms.CharField(label=_("How to reach them"), max_length=200, required=False)
    submission_key = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submission_key"].initial = uuid.uuid4().hex
        style(self)


class ErrandRequestForm(ErrandFields):
    household = HouseholdChoiceField(label=_("Household"), queryset=None)
    field_order = ["household", "kind", "items", "contact_note"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from fugong.community.models import Household

        self.fields["household"].queryset = (
            Household.objects.filter(
                building__in=Region.objects.visible_to(user, "care.add_errand")
            )
            .select_related("building")
            .order_by("building__path", "unit", "room")
        )
        self.order_fields(self.field_order)


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("Assign to"), queryset=None)

    def __init__(self, *args, errand=None, **kwargs):
        super().__init__(*args, **kwargs)
        from fugong.accounts.models import User
        from fugong.care.models import Errand

        candidates = []
        if errand is not None:
            # People granted on the household's building or a region above it, who may
            # change the errand (a handful: the community's cadres and workers).
            path = errand.household.building.path
            parts = [p for p in path.split("/") if p]
            prefixes = ["/".join(parts[:n]) + "/" for n in range(1, len(parts) + 1)]
            granted = User.objects.filter(
                is_active=True, grants__region__path__in=prefixes, grants__revoked_at__isnull=True
            ).distinct()
            candidates = [
                u.pk
                for u in granted
                if Errand.objects.visible_to(u, "change").filter(pk=errand.pk).exists()
            ]
        self.fields["assignee"].queryset = User.objects.filter(pk__in=candidates).order_by(
            "full_name", "username"
        )
        self.fields["assignee"].label_from_instance = lambda u: u.full_name or u.username
        if len(candidates) == 1:  # the community's one cadre: nothing to choose
            self.fields["assignee"].initial = candidates[0]
        style(self)


class DeliverForm(forms.Form):
    advanced = forms.CharField(
        label=_("Money advanced (yuan)"), max_length=14, required=False, initial="0",
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )  # fmt: skip
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)


class RepayForm(forms.Form):
    amount = forms.CharField(
        label=_("Amount repaid (yuan)"), max_length=14,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )  # fmt: skip
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)


class DisinfectionForm(forms.Form):
    region = RegionChoiceField(label=_("Building or compound"), queryset=None)
    areas = forms.CharField(label=_("Areas"), max_length=300)
    agent = forms.CharField(label=_("Agent"), max_length=100)
    done_at = forms.DateTimeField(
        label=_("Done at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    performed_by = forms.CharField(label=_("Done by"), max_length=100, required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    photo = forms.FileField(
        label=_("Photo"), required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )  # fmt: skip

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from django.utils import timezone

        self.fields["region"].queryset = (
            Region.objects.visible_to(user, "care.add_disinfection")
            .filter(level__in=(RegionLevel.COMPOUND, RegionLevel.BUILDING))
            .select_related("parent")
            .order_by("path")
        )
        self.fields["done_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
        style(self)


class SupplyItemForm(forms.Form):
    community = forms.ModelChoiceField(label=_("Community"), queryset=None)
    category = forms.ChoiceField(label=_("Category"), choices=SupplyCategory.choices)
    name = forms.CharField(label=_("Item name"), max_length=60)
    unit = forms.CharField(label=_("Unit"), max_length=10, initial="个")
    low_threshold = forms.IntegerField(label=_("Low-stock threshold"), min_value=0, initial=0)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user=None, instance=None, **kwargs):
        if instance is not None:
            kwargs.setdefault(
                "initial",
                {
                    "community": instance.community_id,
                    "category": instance.category,
                    "name": instance.name,
                    "unit": instance.unit,
                    "low_threshold": instance.low_threshold,
                    "version": instance.version,
                },
            )
        super().__init__(*args, **kwargs)
        self.instance = instance
        self.fields["community"].queryset = Region.objects.visible_to(
            user, "care.add_supplyitem"
        ).filter(level=RegionLevel.COMMUNITY)
        if instance is not None:
            self.fields["community"].disabled = True
            self.fields["community"].required = False
        style(self)


class MovementForm(forms.Form):
    quantity = forms.IntegerField(
        label=_("Quantity"), min_value=1, widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )
    counterparty = forms.CharField(label=_("From / to"), max_length=100)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)
