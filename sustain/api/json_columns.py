"""Columns read as the text JSON shows them, made by the database: the map's 20,000 rows.

A timestamp read into Python goes through Django's time-zone loader (pure Python, about 10 µs a
value on this machine) and then ``isoformat()``; a decimal becomes a ``Decimal`` and then a
``float``; a JSON column is decoded by ``json``. Asking the database for the text (or the float)
the answer shows instead is the same value, and a tenth of the work. Each expression gives exactly
what the Python conversion gave (tests/test_json_columns.py compares them on both databases).
"""

from typing import Any

from django.db import NotSupportedError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import CharField, Expression, F, FloatField, Func, TextField
from django.db.models.functions import Cast
from django.db.models.sql.compiler import SQLCompiler


class _Text(Func):
    """A column as text; each database says how (the others are not supported)."""

    output_field = CharField()
    arity = 1

    def as_sql(self, compiler: Any, connection: Any, *args: Any, **extra: Any) -> Any:
        raise NotSupportedError(f"{type(self).__name__} is written for PostgreSQL and SQLite")

    def _column(self, compiler: SQLCompiler) -> tuple[str, tuple[Any, ...]]:
        sql, params = compiler.compile(self.source_expressions[0])
        return sql, tuple(params)


class IsoDateTime(_Text):
    """A timestamp as ``datetime.isoformat()`` writes it in UTC:
    ``2026-12-02T11:23:08.123456+00:00``, without the fraction when it is a whole second."""

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> tuple[str, tuple[Any, ...]]:
        sql, params = self._column(compiler)
        text = f"""to_char({sql} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"')"""
        return f"replace({text}, '.000000+', '+')", params  # NULL stays NULL

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> tuple[str, tuple[Any, ...]]:
        # Django keeps an aware timestamp as its UTC ``str()``: "2026-12-02 11:23:08.123456"
        sql, params = self._column(compiler)
        return f"(replace({sql}, ' ', 'T') || '+00:00')", params


class IsoDate(_Text):
    """A date as ``date.isoformat()`` writes it (whatever the server's ``DateStyle``)."""

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> tuple[str, tuple[Any, ...]]:
        sql, params = self._column(compiler)
        return f"to_char({sql}, 'YYYY-MM-DD')", params

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> tuple[str, tuple[Any, ...]]:
        # kept as "2026-12-02"; an expression, not the bare column, so that Python's sqlite3
        # does not turn it into a ``date`` by the column's declared type
        sql, params = self._column(compiler)
        return f"({sql} || '')", params


def as_json_value(field: Any, name: str) -> Expression | None:
    """The expression reading the model ``field`` (at the lookup ``name``) as the value its JSON
    shows, or None when the column's own value is already that."""
    kind = field.get_internal_type()
    if kind == "DecimalField":
        return Cast(F(name), FloatField())
    if kind == "DateTimeField":
        return IsoDateTime(F(name))
    if kind == "DateField":
        return IsoDate(F(name))
    if kind == "JSONField":
        return Cast(F(name), TextField())  # decoded by the caller (orjson: 10 × json)
    return None
