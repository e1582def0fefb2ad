"""Writes to the region tree."""

from fugong.common.services import create_object, update_object
from fugong.regions.models import Region

EDITABLE_FIELDS = ("name", "address", "has_property_management")


def region_path(*, parent: Region | None, code: str) -> str:
    return f"{parent.path if parent else ''}{code}/"


def region_create(
    *, actor, parent: Region | None, level: str, code: str, name: str, **extra
) -> Region:
    """Add a region under `parent` (the actor's grant must cover the new node)."""
    code = (code or "").strip()
    data = {
        "parent": parent,
        "level": level,
        "code": code,
        "name": name.strip(),
        "path": region_path(parent=parent, code=code),
        "depth": (parent.depth + 1) if parent else 0,
        **extra,
    }
    return create_object(actor=actor, model=Region, data=data)


def region_update(*, actor, region: Region, data: dict, expected_version=None) -> Region:
    """Names and details change; code and place in the tree do not (paths hang off them)."""
    clean = {k: v for k, v in data.items() if k in EDITABLE_FIELDS}
    return update_object(
        actor=actor, instance=region, data=clean, expected_version=expected_version
    )
