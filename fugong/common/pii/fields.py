"""Model fields for personal data: encrypted at rest, masked when printed, found by hash.

    id_number = IdentityNumberField(_("identity number"), null=True, blank=True)

stores a Fernet token in `id_number` and adds a companion column `id_number_hash` (keyed
HMAC of the normalised value) for exact look-up with `filter_by_personal`. Reading gives a
`PersonalValue`: prints masked, `.full` is the clear value.

Migrations: the companion is an ordinary `CharField` in `_meta`, so makemigrations writes
it like any other field (AddField/RemoveField of both, in that order). Models built from
a field list that already holds it - migration-state models and the SQLite schema
editor's table copies - get no second one; nor does a model that declares it itself.

The hash is set on the instance whenever the value is assigned, so `save()`,
`bulk_create()` and `bulk_update(objs, [name, f"{name}_hash"])` store it.
`save(update_fields=[name])` without `<name>_hash` is refused. `QuerySet.update()` still
encrypts, but must set `<name>_hash=lookup_hash(kind, value)` itself.
"""

import contextlib

from django import forms
from django.core import checks
from django.db import models
from django.db.models import signals
from django.db.models.query_utils import DeferredAttribute
from django.utils.translation import gettext_lazy as _

from fugong.common.pii import crypto
from fugong.common.pii.kinds import IDENTITY, MOBILE, get_kind, lookup_hash
from fugong.common.pii.validators import validate_identity_number, validate_mobile
from fugong.common.pii.values import PersonalValue

__all__ = [
    "EncryptedPersonalField",
    "IdentityNumberField",
    "MobileNumberField",
    "PersonalFormField",
    "PersonalValue",
    "filter_by_personal",
    "lookup_hash",
]

HASH_SUFFIX = "_hash"


class Ciphertext(str):
    """What `pre_save` returns: already encrypted, so `get_prep_value` passes it through."""

    __slots__ = ()


def _is_historical(model) -> bool:
    """Whether `model` is built from another model's field list, which already holds the
    companion: a migration-state model (StateApps, module "__fake__") or the copy the
    SQLite schema editor makes of one to alter a table (plain Apps, module "__fake__")."""
    from django.db.migrations.state import StateApps

    return model.__module__ == "__fake__" or isinstance(model._meta.apps, StateApps)


class PersonalValueAttribute(DeferredAttribute):
    """Wraps every str assigned to the field in a PersonalValue, so an instance never
    holds the clear value where a template or a log could print it by accident, and keeps
    the companion hash in step on the instance, whatever the order of the two fields."""

    def __set__(self, instance, value):
        field = self.field
        value = field.wrap(value)
        instance.__dict__[field.attname] = value
        if not hasattr(value, "resolve_expression"):
            instance.__dict__[field.hash_name] = field.hash_for(value)


class EncryptedPersonalField(models.TextField):
    """Base class: a subclass names its `personal_kind` and its `default_validators`."""

    personal_kind = ""
    descriptor_class = PersonalValueAttribute
    description = _("Encrypted personal data")

    @property
    def kind(self):
        return get_kind(self.personal_kind)

    @property
    def hash_name(self) -> str:
        return f"{self.name}{HASH_SUFFIX}"

    @classmethod
    def hash_for(cls, value) -> str | None:
        """The companion-column value for `value` (None when empty)."""
        return lookup_hash(cls.personal_kind, value)

    def contribute_to_class(self, cls, name, private_only=False):
        super().contribute_to_class(cls, name, private_only=private_only)
        if private_only or cls._meta.abstract or _is_historical(cls):
            return  # abstract: each concrete child gets its own companion from its copy
        if not any(field.name == self.hash_name for field in cls._meta.local_fields):
            companion = models.CharField(
                max_length=64, editable=False, db_index=True, null=True, blank=True
            )
            cls.add_to_class(self.hash_name, companion)

    def check(self, **kwargs):
        errors = super().check(**kwargs)
        if self.unique or self.primary_key:
            errors.append(
                checks.Error(
                    "Encrypted personal data cannot be unique: its ciphertext is random.",
                    hint=f"Put a UniqueConstraint on '{self.hash_name}' instead.",
                    obj=self,
                    id="pii.E001",
                )
            )
        model = getattr(self, "model", None)
        if model is not None and not model._meta.abstract:
            companions = [f for f in model._meta.local_fields if f.name == self.hash_name]
            if len(companions) != 1:
                errors.append(
                    checks.Error(
                        f"'{self.name}' needs exactly one '{self.hash_name}' field.",
                        obj=self,
                        id="pii.E002",
                    )
                )
        return errors

    # --- values --------------------------------------------------------------------------

    def wrap(self, value):
        """None, "" and expressions as they are; any other value as a PersonalValue."""
        if value is None or value == "" or hasattr(value, "resolve_expression"):
            return value
        if isinstance(value, PersonalValue) and value.kind == self.personal_kind:
            return value
        return PersonalValue(getattr(value, "full", value), self.personal_kind)

    def to_python(self, value):
        """The normalised clear text (a plain str), or None / ""."""
        if value is None or hasattr(value, "resolve_expression"):
            return value
        value = str(getattr(value, "full", value))
        if crypto.is_token(value):  # loaddata of a dumpdata file: tokens in, tokens out
            with contextlib.suppress(crypto.DecryptionError):  # else validation says no
                value = crypto.decrypt(value)
        return self.kind.normalise(value)

    def _empty(self):
        return None if self.null else ""

    def pre_save(self, model_instance, add):
        """Normalise, set the companion hash on the instance, return the ciphertext."""
        value = self.to_python(getattr(model_instance, self.attname))
        if hasattr(value, "resolve_expression"):
            raise TypeError(f"'{self.name}' is encrypted: save a value, not an expression.")
        # Assigning through the descriptor also sets the companion hash on the instance.
        setattr(model_instance, self.attname, value or self._empty())
        return Ciphertext(crypto.encrypt(value)) if value else self._empty()

    def get_prep_value(self, value):
        """Ciphertext from `pre_save` as it is; anything else (raw loaddata, update()) is
        encrypted here, so clear text never reaches the column."""
        if value is None or hasattr(value, "resolve_expression"):
            return value
        if isinstance(value, Ciphertext):
            return str.__str__(value)
        clear = self.to_python(value)
        return crypto.encrypt(clear) if clear else self._empty()

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return PersonalValue(crypto.decrypt(value), self.personal_kind)

    def value_to_string(self, obj):
        """dumpdata writes tokens, never clear text; loaddata reads them back (to_python)."""
        clear = self.to_python(self.value_from_object(obj))
        return crypto.encrypt(clear) if clear else ""

    # --- no plaintext look-ups: the ciphertext is random -----------------------------------

    def get_lookup(self, lookup_name):
        """Only `isnull`: `filter(field=...)` could never match, so it is an error
        (FieldError); use `filter_by_personal`."""
        return super().get_lookup(lookup_name) if lookup_name == "isnull" else None

    def get_transform(self, lookup_name):
        return None

    # --- forms ---------------------------------------------------------------------------

    def formfield(self, **kwargs):
        defaults = {
            "form_class": PersonalFormField,
            "kind": self.personal_kind,
            "max_length": self.kind.input_length,
        }
        if self.null:
            defaults["empty_value"] = None
        # models.Field, not TextField: a one-line input, not a Textarea.
        return models.Field.formfield(self, **{**defaults, **kwargs})


class IdentityNumberField(EncryptedPersonalField):
    """A PRC resident identity number (居民身份证号码), encrypted."""

    personal_kind = IDENTITY
    default_validators = [validate_identity_number]
    description = _("Identity number (encrypted)")


class MobileNumberField(EncryptedPersonalField):
    """A mainland mobile number (手机号码), encrypted."""

    personal_kind = MOBILE
    default_validators = [validate_mobile]
    description = _("Mobile number (encrypted)")


class PersonalFormField(forms.CharField):
    """Form input for one kind of personal data: normalises, validates inline.

    An edit form shows the clear value (it must round-trip), so offer edit forms only to
    users who may see the data, or leave the field out.
    """

    def __init__(self, *, kind, **kwargs):
        self.personal_kind = get_kind(kind).name
        super().__init__(**kwargs)
        self.validators.append(get_kind(kind).validate)

    def prepare_value(self, value):
        return getattr(value, "full", value)

    def to_python(self, value):
        value = super().to_python(getattr(value, "full", value))
        if value in self.empty_values:
            return value
        return get_kind(self.personal_kind).normalise(value)

    def has_changed(self, initial, data):
        return super().has_changed(getattr(initial, "full", initial), data)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if not widget.is_hidden:
            attrs.setdefault("autocomplete", "off")
            attrs.setdefault("spellcheck", "false")
            if self.personal_kind == MOBILE:
                attrs.setdefault("inputmode", "tel")
        return attrs


def filter_by_personal(queryset, field_name: str, value):
    """Rows whose personal field equals `value` (normalised), through the hash column.

    `field_name` may follow relations: `filter_by_personal(qs, "household__head__phone",
    "138 1234 5678")`. An empty value matches nothing.
    """
    *path, name = field_name.split("__")
    model = queryset.model
    for part in path:
        model = model._meta.get_field(part).related_model
    field = model._meta.get_field(name)
    if not isinstance(field, EncryptedPersonalField):
        raise TypeError(f"{field_name!r} is not an encrypted personal-data field")
    digest = field.hash_for(value)
    if digest is None:
        return queryset.none()
    return queryset.filter(**{"__".join([*path, field.hash_name]): digest})


def _refuse_stale_hash(sender, instance, update_fields=None, **kwargs):
    """save(update_fields=[...]) must carry the companion along, or look-ups go stale."""
    if not update_fields:
        return
    meta = instance._meta
    for field in meta.concrete_fields:
        if (
            isinstance(field, EncryptedPersonalField)
            and field.name in update_fields
            and field.hash_name not in update_fields
            and any(f.name == field.hash_name for f in meta.concrete_fields)
        ):
            raise ValueError(
                f"save(update_fields=...) names '{field.name}' but not '{field.hash_name}'; "
                "add it so look-ups stay correct."
            )


signals.pre_save.connect(_refuse_stale_hash, dispatch_uid="fugong.common.pii.refuse_stale_hash")
