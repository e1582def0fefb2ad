"""Writes to organisations."""

import uuid

from fugong.common.services import create_object, update_object
from fugong.organisations.models import Organisation

EDITABLE_FIELDS = (
    "name",
    "short_name",
    "field",
    "enterprise_role",
    "credit_code",
    "contact_person",
    "address",
)


def organisation_path(parent: Organisation | None) -> str:
    """Parent's path plus a fresh token: known before insert, so bulk loads can set it too."""
    return f"{parent.path if parent else ''}{uuid.uuid4().hex[:10]}/"


def organisation_create(*, actor, parent: Organisation | None = None, **data) -> Organisation:
    data = {**data, "parent": parent, "path": organisation_path(parent)}
    return create_object(actor=actor, model=Organisation, data=data)


def organisation_update(*, actor, organisation, data: dict, expected_version=None):
    clean = {k: v for k, v in data.items() if k in EDITABLE_FIELDS}
    return update_object(
        actor=actor, instance=organisation, data=clean, expected_version=expected_version
    )
