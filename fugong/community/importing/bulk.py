"""Inserting many rows of one model from plain values, without model instances.

`bulk_create` spends most of an import's time building instances and preparing every
field of every one (and on SQLite Django sends at most 999 parameters a statement: ~50
residents). Here a row is a dict of the columns that differ from the model's defaults,
adapted by the backend's operations as the ORM would, and
- `reserve_keys` gives the primary keys of the rows to come (the sequence on PostgreSQL,
  the next free ones under the write lock on SQLite), so nothing needs to come back;
- `insert` sends them: `COPY` on PostgreSQL, `executemany` on SQLite, on the driver's
  own connection, in the caller's transaction;
- `Writer` sends them from a second thread while the caller prepares the next ones.
Database errors arrive as Django's (IntegrityError).
Personal-data fields are the caller's business: pass the ciphertext and the hash.
"""

from __future__ import annotations

import datetime
import json
import queue
import sqlite3
import threading
from concurrent.futures import Future
from itertools import chain

from django.db import connections, models, router
from django.utils import timezone, translation

SQLITE_ROWS = 1024  # rows an INSERT statement on SQLite, at most (see _insert_sqlite)


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
        self._next_key: int | None = None
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

    def reserve_keys(self, count: int) -> list[int]:
        """`count` new primary keys for rows this transaction inserts next (`insert` with
        `keys`): drawn from the sequence on PostgreSQL; on SQLite the next after the
        largest ever given (sqlite_sequence, AUTOINCREMENT), which no other connection
        can take meanwhile: the transaction holds the database's write lock (BEGIN
        IMMEDIATE, and the import has written its record already). Were it not so, the
        primary key would refuse the clash and the transaction would be rolled back."""
        if count <= 0:
            return []
        meta = self.model._meta
        with self.connection.cursor() as cursor:
            if self.postgres:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                    [meta.db_table, meta.pk.column, count],
                )
                return [pk for (pk,) in cursor.fetchall()]
            if self._next_key is None:
                cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [meta.db_table])
                row = cursor.fetchone()
                cursor.execute(f"SELECT MAX({self.pk_column}) FROM {self.table}")  # noqa: S608
                (largest,) = cursor.fetchone()
                self._next_key = max(row[0] if row else 0, largest or 0) + 1
        first, self._next_key = self._next_key, self._next_key + count
        return list(range(first, first + count))

    def insert(self, rows: list[tuple], keys: list[int] | None = None) -> None:
        """Insert the rows (with these primary keys, or the database's): COPY on
        PostgreSQL, executemany on SQLite, on the driver's connection (in the caller's
        transaction), so a `Writer` thread may send them; database errors as Django's."""
        if not rows:
            return
        names = self.names if keys is None else f"{self.pk_column}, {self.names}"
        if keys is not None:
            rows = [(pk, *row) for pk, row in zip(keys, rows, strict=True)]
        raw = self.connection.connection
        with self.connection.wrap_database_errors:
            if self.postgres:
                sql = f"COPY {self.table} ({names}) FROM STDIN"
                with raw.cursor() as cursor, cursor.copy(sql) as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                self._insert_sqlite(raw, names, rows)

    def _insert_sqlite(self, raw, names: str, rows: list[tuple]) -> None:
        """Many rows a statement (INSERT … VALUES (…), (…), …): SQLite inserts them in one
        step without the GIL, so a `Writer` thread inserts while this process's other
        thread prepares the next rows (executemany takes the GIL back after every row,
        and waits for it, up to the switch interval of 5 ms, each time the other thread
        holds it: fewer, larger statements wait less). SQLITE_ROWS rows a statement at
        most, then the rest by halves (512, 256, … rows): the driver keeps each
        statement it prepared, a few MB for one of 1,000 rows, so a few sizes only."""
        width = len(rows[0])
        most = max(1, raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) // width)
        per = 1 << (min(SQLITE_ROWS, most).bit_length() - 1)  # a power of two
        one = "(" + ", ".join(["?"] * width) + ")"
        head = f"INSERT INTO {self.table} ({names}) VALUES "  # noqa: S608
        start = 0
        while start < len(rows):
            while per > len(rows) - start:
                per >>= 1
            part = rows[start : start + per]
            raw.execute(head + ", ".join([one] * per), list(chain.from_iterable(part)))
            start += per


class Writer:
    """Inserts sent by a second thread, in order, on the same connection (one
    transaction), while this one prepares the next rows: PostgreSQL's server, or SQLite
    in this process (a statement of many rows runs without the GIL), works in parallel
    with the Python that encrypts, hashes and formats. At most `depth` batches wait.
    After an error the remaining batches are dropped and the error is raised here, at
    the next `put` or `call` or when the block ends, inside the caller's transaction
    (rolled back).

    Inside the block only the thread uses the connection: what else needs it (look-ups,
    ORM queries) is handed to it by `call`, run in turn with the inserts, its answer
    waited for when needed. The thread uses this thread's Django connection (the same
    object, so the same transaction), shared for the block as Django's live-server
    thread shares it; and in this thread's language (errors it finds are shown).

        with Writer(connection) as writer:
            writer.put(inserter.insert, rows, keys)
            found = writer.call(look_up, rows)   # a Future
            …
            found.result()
    """

    def __init__(self, connection, depth: int = 2, threaded: bool = True):
        self.connection = connection
        self.language = translation.get_language()  # what the thread's messages speak
        self.threaded = threaded
        self.queue: queue.Queue = queue.Queue(maxsize=depth)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="import-writer", daemon=True)

    def __enter__(self):
        if self.threaded:
            self.connection.inc_thread_sharing()
            self.thread.start()
        return self

    def _run(self) -> None:
        connections[self.connection.alias] = self.connection  # the ORM's, in this thread
        translation.activate(self.language)
        while True:
            item = self.queue.get()
            if item is None:
                return
            function, args = item
            if self.error is None:
                try:
                    function(*args)
                except BaseException as exc:  # noqa: BLE001 — raised again by the caller
                    self.error = exc
            elif function == self._answer:
                args[0].set_exception(self.error)  # nobody waits for ever

    def put(self, function, *args) -> None:
        if not self.threaded:
            function(*args)
            return
        if self.error is not None:
            raise self.error
        self.queue.put((function, args))

    def call(self, function, *args) -> Future:
        """`function(*args)` on the connection, after what was put before it: its value
        (or error) in the Future."""
        answer = Future()
        self.put(self._answer, answer, function, args)
        return answer

    @staticmethod
    def _answer(answer: Future, function, args) -> None:
        try:
            answer.set_result(function(*args))
        except BaseException as exc:
            answer.set_exception(exc)
            raise

    def __exit__(self, kind, value, traceback):
        if not self.threaded:
            return False
        if value is not None and self.error is None:
            self.error = value  # the batches still waiting are dropped
        self.queue.put(None)
        self.thread.join()
        self.connection.dec_thread_sharing()
        if kind is None and self.error is not None:
            raise self.error
        return False
