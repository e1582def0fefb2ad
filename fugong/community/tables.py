import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from fugong.community.models import (
    Deployment,
    DutyLog,
    Feedback,
    Household,
    Resident,
    ResidentGroup,
)

ATTRS = {"class": "table table-sm table-hover align-middle"}


class DeploymentTable(tables.Table):
    cadre = tables.Column(linkify=lambda record: record.get_absolute_url())
    organisation = tables.Column(
        verbose_name=_("Organisation"), accessor="cadre__organisation", orderable=False
    )
    community = tables.Column()
    subdistrict = tables.Column(
        verbose_name=_("Sub-district"), accessor="community__parent", orderable=False
    )

    class Meta:
        model = Deployment
        fields = (
            "cadre",
            "organisation",
            "subdistrict",
            "community",
            "starts_on",
            "ends_on",
            "duty",
        )
        attrs = ATTRS
        order_by = ("community",)


class DutyLogTable(tables.Table):
    date = tables.Column(linkify=True)
    activities = tables.Column(orderable=False)
    photo = tables.BooleanColumn(verbose_name=_("Photo"), orderable=False)

    class Meta:
        model = DutyLog
        fields = ("date", "cadre", "community", "compound", "activities", "streak_days", "photo")
        attrs = ATTRS
        order_by = ("-date",)

    def render_activities(self, record):
        return "、".join(record.activity_labels())

    def value_activities(self, record):
        return "、".join(record.activity_labels())

    def render_photo(self, record):
        return "✓" if record.photo else ""

    def value_photo(self, record):
        return bool(record.photo)


class HouseholdTable(tables.Table):
    label = tables.Column(
        verbose_name=_("Room"), linkify=lambda record: record.get_absolute_url(), orderable=False
    )
    compound = tables.Column(verbose_name=_("Compound"), accessor="building__parent")
    building = tables.Column()

    class Meta:
        model = Household
        fields = ("compound", "building", "label", "note")
        attrs = ATTRS


class ResidentTable(tables.Table):
    name = tables.Column(linkify=True)
    household = tables.Column(verbose_name=_("Household"), orderable=False)
    id_number = tables.Column(orderable=False)
    phone = tables.Column(orderable=False)
    vulnerable = tables.Column(verbose_name=_("Needs"), accessor="pk", orderable=False)

    class Meta:
        model = Resident
        fields = (
            "name",
            "household",
            "sex",
            "birth_year",
            "id_number",
            "phone",
            "residency",
            "returned_from",
            "returned_on",
            "health_status",
            "vulnerable",
        )
        attrs = ATTRS
        order_by = ("household",)

    def render_household(self, record):
        household = record.household
        return f"{household.building.parent.name} {household.building.name} {household.label}"

    value_household = render_household

    # Personal data is always masked in lists and exports (PersonalValue prints masked).
    def render_id_number(self, value):
        return value.masked

    def render_phone(self, value):
        return value.masked

    def value_id_number(self, record):
        return record.id_number.masked if record.id_number else ""

    def value_phone(self, record):
        return record.phone.masked if record.phone else ""

    def _needs(self, record):
        fields = Resident._meta
        return "、".join(
            str(fields.get_field(flag).verbose_name)
            for flag in (
                "elderly_alone",
                "disabled",
                "chronic_illness",
                "pregnant",
                "left_behind_child",
            )
            if getattr(record, flag)
        )

    def render_vulnerable(self, record):
        text = self._needs(record)
        return format_html('<span class="badge text-bg-warning">{}</span>', text) if text else "—"

    def value_vulnerable(self, record):
        return self._needs(record)


class ResidentGroupTable(tables.Table):
    name = tables.Column(linkify=True)
    compound = tables.Column(verbose_name=_("Compound"), accessor="building__parent")
    webhook = tables.BooleanColumn(verbose_name=_("Robot"), accessor="webhook_url", orderable=False)

    class Meta:
        model = ResidentGroup
        fields = (
            "name",
            "compound",
            "building",
            "platform",
            "owner_name",
            "members_count",
            "webhook",
            "is_active",
        )
        attrs = ATTRS


class FeedbackTable(tables.Table):
    date = tables.Column(linkify=True)
    rating = tables.Column()

    class Meta:
        model = Feedback
        fields = ("date", "cadre", "community", "source", "rating", "comment", "hidden")
        attrs = ATTRS

    def render_rating(self, value):
        return "★" * value

    def value_rating(self, value):
        return value

    def render_comment(self, record, value):
        return "—" if record.hidden else value
