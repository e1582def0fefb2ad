"""Model instances built from values already read (see `common.prepared`)."""

from __future__ import annotations


def instance(model, using: str, values: dict):
    """`model` as the ORM builds it from a row: `values` by attname (`region_id`, not
    `region`); the fields not given are deferred, loaded on first use as with `.only()`."""
    names = [field.attname for field in model._meta.concrete_fields if field.attname in values]
    return model.from_db(using, names, [values[name] for name in names])
