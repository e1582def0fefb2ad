"""Change-log rows for bulk writes (an import's households and residents): the columns
`audit.services.record_change` fills, made from plain values and sent in batches through
`importing/bulk.py` inside the import's transaction."""

from __future__ import annotations

import json

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext as _

from fugong.audit.choices import ChangeAction
from fugong.audit.models import ChangeLog
from fugong.common.middleware import current_request_id
from fugong.community.importing.bulk import Inserter


class ChangeLogRows:
    """Change-log rows for bulk writes, the same columns `record_change` fills, written
    in batches (COPY or executemany) inside the import's transaction. A row is the
    template (who, when, request) with the record's own columns set; the JSON of the
    changed-field names is made once per set of names."""

    def __init__(self, actor, message: str, *, models=(), batch: int = 2_048):
        self.now = timezone.now()
        self.batch = batch  # rows are sent 5 batches at a time, a multiple of `batch`
        self.log = Inserter(ChangeLog, now=self.now)
        user = actor if actor is not None and actor.is_authenticated else None
        self.template = self.log.template_with(
            {
                "actor_id": user.pk if user is not None else None,
                "actor_name": (actor.get_full_name() or actor.get_username())
                if actor
                else "system",
                "request_id": current_request_id(),
            }
        )
        at = self.log.position
        self.at = tuple(
            at[name]
            for name in (
                "action",
                "content_type_id",
                "object_id",
                "object_repr",
                "before",
                "after",
                "changed_fields",
                "message",
                "region_id",
            )
        )
        self.encode = json.JSONEncoder().encode  # what JSONField stores, without a `cls`
        self.changed_json: dict[tuple, str] = {}
        self.message = message[:500]
        self.row_message = _("%(message)s, row %(row)d")
        self.pending: list[tuple] = []
        self.writer = None  # a bulk.Writer sends the rows while it is set
        self.types = {model: ContentType.objects.get_for_model(model).pk for model in models}

    def _type(self, model) -> int:
        if model not in self.types:
            self.types[model] = ContentType.objects.get_for_model(model).pk
        return self.types[model]

    def _add(self, model, pk, text, region_id, action, before, after, row):
        keys = (*(before or ()), None, *(after or ()))  # which names, as the dicts give them
        changed = self.changed_json.get(keys)
        if changed is None:
            names = sorted(set(before or ()) | set(after or ()))
            changed = self.changed_json[keys] = self.encode(names)
        message = (
            self.message
            if row is None
            else (self.row_message % {"message": self.message, "row": row})[:500]
        )
        values = self.template.copy()
        (
            at_action,
            at_type,
            at_id,
            at_repr,
            at_before,
            at_after,
            at_changed,
            at_message,
            at_region,
        ) = self.at
        values[at_action] = action
        values[at_type] = self._type(model)
        values[at_id] = str(pk)
        values[at_repr] = str(text)[:200]
        values[at_before] = None if before is None else self.encode(before)
        values[at_after] = None if after is None else self.encode(after)
        values[at_changed] = changed
        values[at_message] = message
        values[at_region] = region_id
        self.pending.append(tuple(values))
        if len(self.pending) >= 5 * self.batch:
            self.flush(whole=self.batch)

    def created(self, model, pk, text, region_id, after, row=None):
        self._add(model, pk, text, region_id, ChangeAction.CREATE.value, None, after, row)

    def updated(self, model, pk, text, region_id, before, after, row=None):
        self._add(model, pk, text, region_id, ChangeAction.UPDATE.value, before, after, row)

    def flush(self, whole: int = 1):
        """Send the rows waiting (a multiple of `whole` of them, the rest kept for the
        next flush: statements of the same size on SQLite)."""
        count = len(self.pending) // whole * whole
        if count:
            rows, self.pending = self.pending[:count], self.pending[count:]
            if self.writer is not None:
                self.writer.put(self.log.insert, rows)
            else:
                self.log.insert(rows)
