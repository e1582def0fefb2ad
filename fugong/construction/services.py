"""Writes to the project registry. Status moves only through transition services."""

from fugong.common.services import create_object, update_object
from fugong.construction.models import Project

EDITABLE_FIELDS = (
    "name",
    "kind",
    "is_city_key",
    "region",
    "address",
    "builder",
    "contractor",
    "supervisor",
    "contract_value",
    "responsible_person",
    "responsible_phone",
)


def project_create(*, actor, **data) -> Project:
    clean = {k: v for k, v in data.items() if k in EDITABLE_FIELDS or k == "is_demo"}
    return create_object(actor=actor, model=Project, data=clean)


def project_update(*, actor, project: Project, data: dict, expected_version=None) -> Project:
    clean = {k: v for k, v in data.items() if k in EDITABLE_FIELDS}
    return update_object(
        actor=actor, instance=project, data=clean, expected_version=expected_version
    )
