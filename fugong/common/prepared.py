"""Reads compiled once and re-run with fresh parameters, for the few hottest requests.

Building a queryset and compiling it to SQL costs the ORM a few hundred microseconds:
more than SQLite or PostgreSQL take to find a row by its key. A request that makes a
handful of such look-ups (a daily report's submission: the token, the project, the last
report, the version check) spends most of its time in the compiler. `PreparedRead`
compiles the `values_list` queryset its builder returns once per database connection,
finds where each named parameter sits in the compiled parameters (by a sentinel value),
and afterwards only executes the cached SQL with the new values and applies the
converters the ORM would apply. The SQL text is then identical on every call, so on
PostgreSQL with server-side binding psycopg prepares it once on the server as well.

`prepared_insert(obj)` does the same for `obj.save(force_insert=True)`. On PostgreSQL,
`pipeline()` sends a transaction's statements together, in fewer round trips, and
`NextKey` draws a row's key beforehand, so that its INSERT need not wait for one.

Limits of `PreparedRead`, checked when compiling: parameters are ints, strs or dates, passed to the
database as the ORM would pass them (a date goes through `adapt_datefield_value`); each
sentinel must appear in the compiled parameters, and nothing else may equal it. Results
are what `values_list(...)` returns, as a list of tuples.
"""

from __future__ import annotations

import datetime
import threading
import weakref
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, NotSupportedError, connections
from django.db.models import NOT_PROVIDED, BigIntegerField, Func, Model, QuerySet, Value, signals
from django.db.models.sql import InsertQuery

# Values no real row or argument has: ints near 2**31 (in range of every integer field:
# the ORM compiles an out-of-range look-up to "no rows"), a string with a NUL, 1000 AD.
_SENTINELS = {
    int: lambda n: 2_147_000_000 + n,
    str: lambda n: f"\x00prepared-{n}\x00",
    datetime.date: lambda n: datetime.date(1000, 1, 1) + datetime.timedelta(days=n),
}


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple
    # (position in params, parameter name, the type the backend wrapped the value in, if
    # any: PostgreSQL's integer look-ups pass psycopg's Int4/Int8)
    slots: tuple[tuple[int, str, type], ...]
    compiler: object
    converters: dict


class PreparedRead:
    """`PreparedRead(build, pk=int, day=datetime.date)(pk=7, day=today)` runs what
    `list(build(pk=7, day=today))` would, without compiling it again."""

    def __init__(self, build: Callable[..., QuerySet], **kinds: type):
        unknown = {kind for kind in kinds.values() if kind not in _SENTINELS}
        if unknown:
            raise TypeError(f"PreparedRead takes int, str and date parameters, not {unknown}")
        self.build = build
        self.kinds = kinds
        self._compiled: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        self._lock = threading.Lock()

    def __call__(self, using: str = DEFAULT_DB_ALIAS, **values) -> list[tuple]:
        if values.keys() != self.kinds.keys():
            raise TypeError(f"expected the parameters {sorted(self.kinds)}, got {sorted(values)}")
        connection = connections[using]
        compiled = self._compiled.get(connection)
        if compiled is None:
            compiled = self._compile(connection, using)
            with self._lock:
                self._compiled[connection] = compiled
        params = list(compiled.params)
        for position, name, wrap in compiled.slots:
            value = self._adapt(connection, name, values[name])
            params[position] = value if wrap is None else wrap(value)
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        if compiled.converters:
            rows = compiled.compiler.apply_converters(rows, compiled.converters)
        return [tuple(row) for row in rows]

    def _adapt(self, connection, name: str, value):
        kind = self.kinds[name]
        if value is None or not isinstance(value, kind):
            raise TypeError(f"{name} must be a {kind.__name__}, not {value!r}")
        if kind is datetime.date:
            return connection.ops.adapt_datefield_value(value)
        return value

    def _compile(self, connection, using: str) -> _Compiled:
        sentinels = {name: _SENTINELS[kind](n) for n, (name, kind) in enumerate(self.kinds.items())}
        queryset = self.build(**sentinels).using(using)
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        adapted = {name: self._adapt(connection, name, value) for name, value in sentinels.items()}
        slots = tuple(
            (position, name, None if type(param) is type(sentinel) else type(param))
            for position, param in enumerate(params)
            for name, sentinel in adapted.items()
            if isinstance(param, type(sentinel)) and param == sentinel
        )
        missing = set(self.kinds) - {slot[1] for slot in slots}
        if missing:
            raise ValueError(f"the compiled query does not take {sorted(missing)} as parameters")
        fields = [selected[0] for selected in compiler.select[0 : compiler.col_count]]
        return _Compiled(
            sql=sql,
            params=tuple(params),
            slots=slots,
            compiler=compiler,
            converters=compiler.get_converters(fields),
        )


# --- inserts -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _CompiledInsert:
    sql: str
    fields: tuple
    returning: tuple
    returning_params: tuple
    compiler: object
    converters: dict


_inserts: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_inserts_lock = threading.Lock()


def prepared_insert(
    obj, using: str = DEFAULT_DB_ALIAS, *, bypass_save: bool = False, returning: bool = True
) -> None:
    """`obj.save(force_insert=True)` with the INSERT compiled once per model, database
    connection and shape (with or without a key given by the caller, with or without
    RETURNING), for the hottest writes (a daily report and its change-log row).

    The same fields, values (each field's `pre_save` and `get_db_prep_save`: timestamps,
    encryption, JSON), returned primary key and `pre_save`/`post_save` signals as `save`;
    what it does not take goes through `save`: inherited models, database defaults,
    value-dependent placeholders, expressions as values; and so does a model with a
    `save` of its own, unless `bypass_save` says that it adds nothing to an insert (the
    change log's only refuses updates). `returning=False`: the values the database
    generates (the key, when `obj` has none) are not read back, so the INSERT has no
    result to wait for: within `pipeline()` it travels with the statements after it."""
    connection = connections[using]
    model = type(obj)
    explicit_key = obj.pk is not None
    compiled = _compiled_insert(model, connection, using, explicit_key, returning)
    if compiled is None or (model.save is not Model.save and not bypass_save):
        obj.save(force_insert=True, using=using)
        return
    obj._prepare_related_fields_for_save(operation_name="save")
    if signals.pre_save.has_listeners(model):
        signals.pre_save.send(
            sender=model, instance=obj, raw=False, using=using, update_fields=None
        )
    params = []
    for field in compiled.fields:
        value = field.pre_save(obj, True)
        if hasattr(value, "resolve_expression"):
            raise TypeError(f"prepared_insert takes values, not expressions ({field.name})")
        params.append(field.get_db_prep_save(value, connection=connection))
    params.extend(compiled.returning_params)
    with connection.cursor() as cursor:
        cursor.execute(compiled.sql, params)
        if compiled.returning:
            row = connection.ops.fetch_returned_insert_columns(cursor, compiled.returning_params)
    if compiled.returning:
        if compiled.converters:
            row = next(iter(compiled.compiler.apply_converters([row], compiled.converters)))
        for field, value in zip(compiled.returning, row, strict=True):
            setattr(obj, field.attname, value)
    obj._state.adding = False
    obj._state.db = using
    if signals.post_save.has_listeners(model):
        signals.post_save.send(
            sender=model, instance=obj, created=True, update_fields=None, raw=False, using=using
        )


_NOT_PREPARED = object()  # a model whose inserts `save()` makes (see prepared_insert)


def _compiled_insert(
    model, connection, using: str, explicit_key: bool, returning: bool
) -> _CompiledInsert | None:
    """The model's compiled INSERT of this shape on this connection, compiled (or found
    not to be preparable) on first use only."""
    shape = (model, explicit_key, returning)
    by_shape = _inserts.get(connection)
    compiled = by_shape.get(shape) if by_shape is not None else None
    if compiled is None:
        preparable = _insertable(model, connection)
        compiled = _compile_insert(model, using, *shape[1:]) if preparable else None
        with _inserts_lock:
            _inserts.setdefault(connection, {})[shape] = compiled or _NOT_PREPARED
    return None if compiled is _NOT_PREPARED else compiled


def _insertable(model, connection) -> bool:
    meta = model._meta
    return (
        connection.features.can_return_columns_from_insert
        and not meta.parents
        and meta.auto_field is not None
        and not any(
            field.db_default is not NOT_PROVIDED or hasattr(field, "get_placeholder")
            for field in meta.local_concrete_fields
        )
    )


def _compile_insert(model, using: str, explicit_key: bool, returning: bool) -> _CompiledInsert:
    meta = model._meta
    fields = tuple(
        field
        for field in meta.local_concrete_fields
        if not field.generated and (explicit_key or field is not meta.auto_field)
    )
    generated = tuple(
        field
        for field in meta.db_returning_fields
        if returning and not (explicit_key and field is meta.auto_field)
    )
    query = InsertQuery(model)
    query.insert_values(fields, [model()])  # the SQL, not the values, is kept
    compiler = query.get_compiler(using=using)
    compiler.returning_fields = generated or None
    [(sql, _params)] = compiler.as_sql()
    columns = [field.get_col(meta.db_table) for field in generated]
    return _CompiledInsert(
        sql=sql,
        fields=fields,
        returning=generated,
        returning_params=tuple(compiler.returning_params) if generated else (),
        compiler=compiler,
        converters=compiler.get_converters(columns) if generated else {},
    )


# --- several statements per round trip (PostgreSQL) --------------------------------------------


@contextmanager
def pipeline(using: str = DEFAULT_DB_ALIAS):
    """Statements executed in the block are sent without waiting for each one's answer:
    they travel together up to the first whose result is read, and the rest when the
    block ends (psycopg 3's pipeline mode, on PostgreSQL). An error of a statement whose
    result was not read is raised, as Django's exception, at the latest when the block
    ends: keep the block inside the transaction (`atomic()` outside it), so that the error
    rolls the transaction back. Elsewhere (SQLite) the statements simply run one by one."""
    connection = connections[using]
    connection.ensure_connection()
    enter = getattr(connection.connection, "pipeline", None)
    if connection.vendor != "postgresql" or enter is None:
        yield
        return
    with connection.wrap_database_errors, enter():
        yield


class NextKey(Func):
    """The next value of `model`'s primary-key sequence (PostgreSQL), drawn by the query
    that selects it: the key of a row to insert, so that its INSERT, naming its own key,
    has nothing to return (`prepared_insert`) and waits for no answer in a `pipeline()`.
    A key drawn and not used leaves a gap, as a rolled-back insert does."""

    template = "nextval(pg_get_serial_sequence(%(expressions)s))"
    output_field = BigIntegerField()

    def __init__(self, model):
        meta = model._meta
        super().__init__(Value(meta.db_table), Value(meta.pk.column))

    def as_sql(self, compiler, connection, **extra_context):
        if connection.vendor != "postgresql":
            raise NotSupportedError("NextKey draws from a PostgreSQL sequence")
        return super().as_sql(compiler, connection, **extra_context)
