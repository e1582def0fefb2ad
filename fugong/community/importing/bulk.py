"""Inserting many rows of one model from plain values, without model instances.

`bulk_create` spends most of an import's time building instances and preparing every
field of every one (and on SQLite Django sends at most 999 parameters a statement: ~50
residents). Here a row is a dict of the columns that differ from the model's defaults,
adapted by the backend's operations as the ORM would, and sent as
- `insert_returning`: the new primary keys in the rows' order: multi-row
  `INSERT … VALUES … RETURNING` as large as the database allows (what `bulk_create`
  relies on too), or on PostgreSQL keys drawn from the sequence, then `COPY`;
- `insert`: `executemany`, or `COPY` on PostgreSQL, when the keys are not needed.
The caller's transaction holds it all; database errors arrive as Django's (IntegrityError).
Personal-data fields are the caller's business: pass the ciphertext and the hash.
"""

from __future__ import annotations

import datetime
import json

from django.db import connections, models, router
from django.utils import timezone

SQLITE_VARIABLES = 999  # the old compile-time default, when the library cannot say


class Inserter:
    def __init__(self, model, *, now: datetime.datetime | None = None):
        self.model = model
        self.connection = connections[router.db_for_write(model)]
        self.ops = self.connection.ops
        self.postgres = self.connection.vendor == "postgresql"
        self.fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        self.columns = [f.attname for f in self.fields]
        self.position = {name: i for i, name in enumerate(self.columns)}
        self.table = self.ops.quote_name(model._meta.db_table)
        self.names = ", ".join(self.ops.quote_name(f.column) for f in self.fields)
        self.pk_column = self.ops.quote_name(model._meta.pk.column)
        now = now or timezone.now()
        self.template = [self._default(field, now) for field in self.fields]
        self.adapters = {
            f.attname: self._adapter(f)
            for f in self.fields
            if isinstance(f, models.DateField | models.JSONField)
        }

    # --- values ------------------------------------------------------------------------

    def _default(self, field, now):
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            return self._adapter(field)(now)
        if isinstance(field, models.JSONField):
            return self._adapter(field)(field.get_default())
        return field.get_db_prep_save(field.get_default(), self.connection)

    def _adapter(self, field):
        if isinstance(field, models.JSONField):
            return lambda v: None if v is None else json.dumps(v, cls=field.encoder)
        if self.postgres:
            return lambda v: v
        if isinstance(field, models.DateTimeField):
            return self.ops.adapt_datetimefield_value
        return self.ops.adapt_datefield_value

    def template_with(self, values: dict) -> list:
        """The defaults with `values` set: a template for many rows that share them."""
        return list(self.row(values))

    def row(self, values: dict, template: list | None = None) -> tuple:
        """The full row: the template (the model's defaults), then `values` (attnames),
        adapted."""
        row = (template or self.template).copy()
        position, adapters = self.position, self.adapters
        for name, value in values.items():
            adapter = adapters.get(name)
            row[position[name]] = adapter(value) if adapter is not None else value
        return tuple(row)

    # --- statements ----------------------------------------------------------------------

    def _per_statement(self) -> int:
        if self.postgres:
            limit = 65_535
        else:
            import sqlite3

            try:
                self.connection.ensure_connection()
                raw = self.connection.connection
                limit = raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
            except (AttributeError, sqlite3.Error):
                limit = SQLITE_VARIABLES
        return max(1, min(5_000, limit // len(self.columns)))

    def insert_returning(self, rows: list[tuple]) -> list[int]:
        """Insert the rows; their new primary keys, in the same order."""
        keys: list[int] = []
        if not rows:
            return keys
        if self.postgres:
            return self._copy_with_keys(rows)
        size = self._per_statement()
        one = f"({', '.join(['?'] * len(self.columns))})"
        raw = self._sqlite()
        with self.connection.wrap_database_errors:
            for start in range(0, len(rows), size):
                chunk = rows[start : start + size]
                sql = (
                    f"INSERT INTO {self.table} ({self.names}) VALUES "  # noqa: S608
                    f"{', '.join([one] * len(chunk))} RETURNING {self.pk_column}"
                )
                found = raw.execute(sql, [value for row in chunk for value in row]).fetchall()
                keys.extend(pk for (pk,) in found)
        return keys

    def _sqlite(self):
        """SQLite: the driver's own connection, in the same transaction. Django's cursor
        rewrites every `%s` of a statement into `?` with a regular expression: a second
        per thousand rows of a 28-column table; these statements are written with `?`."""
        self.connection.ensure_connection()
        return self.connection.connection

    def _copy_with_keys(self, rows: list[tuple]) -> list[int]:
        """PostgreSQL: the keys drawn from the table's sequence in one query, then COPY
        with them (a statement of thousands of bound values costs the client far more)."""
        meta = self.model._meta
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, meta.pk.column, len(rows)],
            )
            keys = [pk for (pk,) in cursor.fetchall()]
            with self.connection.wrap_database_errors:
                copy_sql = f"COPY {self.table} ({self.pk_column}, {self.names}) FROM STDIN"
                with cursor.cursor.copy(copy_sql) as copy:
                    for pk, row in zip(keys, rows, strict=True):
                        copy.write_row((pk, *row))
        return keys

    def insert(self, rows: list[tuple]) -> None:
        if not rows:
            return
        with self.connection.cursor() as cursor:
            if self.postgres:
                with self.connection.wrap_database_errors:
                    copy_sql = f"COPY {self.table} ({self.names}) FROM STDIN"
                    with cursor.cursor.copy(copy_sql) as copy:
                        for row in rows:
                            copy.write_row(row)
            else:
                one = ", ".join(["?"] * len(self.columns))
                sql = f"INSERT INTO {self.table} ({self.names}) VALUES ({one})"  # noqa: S608
                with self.connection.wrap_database_errors:
                    self._sqlite().executemany(sql, rows)
