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

Limits, checked when compiling: parameters are ints, strs or dates, passed to the
database as the ORM would pass them (a date goes through `adapt_datefield_value`); each
sentinel must appear in the compiled parameters, and nothing else may equal it. Results
are what `values_list(...)` returns, as a list of tuples.
"""

from __future__ import annotations

import datetime
import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet

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
