"""Serializers whose fields are built once per process, not once per request.

DRF builds a serializer's fields on every instantiation (a ModelSerializer introspects its
model, then every field is deep-copied and bound), which on a small write such as the
daily report costs more than the rest of its serialisation. `SharedFieldsMixin` builds
them once per (class, partial) on a template instance and shares that bound set with
every instance: reading and validating only read the fields, so this is safe when no
field depends on the serializer instance, its context or its data — which the mixin
checks when it builds them (no method fields, hyperlinks, nested serializers, hidden or
context defaults). Use it on plain, hot serializers only.
"""

from __future__ import annotations

import threading

from rest_framework import fields as drf_fields
from rest_framework import relations, serializers

_shared: dict[tuple[type, bool], object] = {}
_lock = threading.Lock()

# Fields that look at their serializer instance or its context while they work.
CONTEXTUAL = (
    drf_fields.SerializerMethodField,
    drf_fields.HiddenField,
    relations.HyperlinkedRelatedField,
    serializers.BaseSerializer,
)


class SharedFieldsMixin:
    @property
    def fields(self):
        key = (type(self), bool(getattr(self, "partial", False)))
        shared = _shared.get(key)
        if shared is None:
            with _lock:
                shared = _shared.get(key)
                if shared is None:
                    template = type(self)(partial=key[1])
                    shared = serializers.Serializer.fields.func(template)
                    _check(type(self), shared)
                    _shared[key] = shared
        return shared


def _check(cls, bound) -> None:
    for name, field in bound.items():
        default = getattr(field, "default", drf_fields.empty)
        if isinstance(field, CONTEXTUAL) or getattr(default, "requires_context", False):
            raise TypeError(
                f"{cls.__name__}.{name} depends on its serializer or context: "
                "SharedFieldsMixin cannot share it"
            )
