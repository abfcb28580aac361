"""A query whose SQL is compiled once per process, then run with new values.

Building a queryset and compiling its SQL (resolving its joins, filters and columns) takes
longer than SQLite takes to answer a small query, and a page asks the same ones on every
request. `Precompiled` compiles its queryset once per database connection, with a stand-in
value for each parameter, and then runs the same SQL with the values asked: the rows are
what the queryset's `values_list()` gives (its columns' converters applied), and the query
goes through the connection's cursor as any other (counted, wrapped, logged).

The queryset must use each stand-in as a plain parameter (a filter's value), not one the
SQL writes inline (a LIMIT) or that changes the SQL's shape (a list for `__in`); the values
are given as the database takes them (numbers and text: a date is adapted differently by
each database). Each stand-in is checked to be one of the query's parameters.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet
from django.db.models.query import get_related_populators


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple
    # For each name, where in the parameters its value goes.
    places: dict[str, tuple[int, ...]]
    compiler: Any
    converters: dict


class Precompiled:
    def __init__(self, build: Callable[..., QuerySet], **stand_ins):
        """`build(**values)` makes the queryset (a `values_list()`); `stand_ins` are the
        values it is compiled with, each unlike any other parameter of the query."""
        self.build = build
        self.stand_ins = stand_ins
        self._compiled: dict[int, _Compiled] = {}

    def _compile(self, connection) -> _Compiled:
        queryset = self.build(**self.stand_ins)
        compiler = queryset.query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        places = {}
        for name, value in self.stand_ins.items():
            found = tuple(n for n, param in enumerate(params) if param == value)
            if not found:
                raise ValueError(f"{name}={value!r} is not a parameter of the query")
            places[name] = found
        converters = compiler.get_converters([column for column, _, _ in compiler.select])
        return _Compiled(sql, tuple(params), places, compiler, converters)

    def _fetched(self, using: str, values: dict) -> tuple:
        """The query compiled for `using`'s connection (once) and run with `values`: the
        compiled query and its rows as the driver gives them."""
        connection = connections[using]
        compiled = self._compiled.get(id(connection))
        if compiled is None or compiled.compiler.connection is not connection:
            compiled = self._compiled[id(connection)] = self._compile(connection)
        params = list(compiled.params)
        for name, places in compiled.places.items():
            for place in places:
                params[place] = values[name]
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            return compiled, cursor.fetchall()

    def rows(self, *, using: str = DEFAULT_DB_ALIAS, **values) -> list[tuple]:
        compiled, rows = self._fetched(using, values)
        if compiled.converters:
            rows = [
                tuple(row) for row in compiled.compiler.apply_converters(rows, compiled.converters)
            ]
        return rows


@dataclass(frozen=True)
class _CompiledObjects:
    sql: str
    params: tuple
    places: dict[str, tuple[int, ...]]
    compiler: Any
    converters: dict
    model: Any
    # Where the model's own columns are in a row, and their attributes' names.
    start: int
    end: int
    names: list[str]
    populators: list
    annotations: dict[str, int]


class PrecompiledObjects(Precompiled):
    """`Precompiled` for a queryset of model instances (with its `select_related`, `only`
    and `annotate`): `objects(**values)` gives what iterating the queryset with those values
    would, each instance made as the ORM makes it (`from_db`, the related objects joined
    set on it, the annotations as attributes). Related objects a related manager would set
    on each (`audit.actions` sets each action's audit) are the caller's to set."""

    def _compile(self, connection) -> _CompiledObjects:
        queryset = self.build(**self.stand_ins)
        if queryset._prefetch_related_lookups or queryset._known_related_objects:
            raise ValueError("a precompiled queryset cannot prefetch or know related objects")
        compiled = super()._compile(connection)
        compiler = compiled.compiler
        select, klass_info = compiler.select, compiler.klass_info
        fields = klass_info["select_fields"]
        start, end = fields[0], fields[-1] + 1
        return _CompiledObjects(
            compiled.sql,
            compiled.params,
            compiled.places,
            compiler,
            compiler.get_converters([column for column, _, _ in select[: compiler.col_count]]),
            klass_info["model"],
            start,
            end,
            [column[0].target.attname for column in select[start:end]],
            get_related_populators(klass_info, select, connection.alias),
            dict(compiler.annotation_col_map or {}),
        )

    def objects(self, *, using: str = DEFAULT_DB_ALIAS, **values) -> list:
        compiled, rows = self._fetched(using, values)
        if compiled.converters:
            rows = compiled.compiler.apply_converters(rows, compiled.converters)
        made = []
        start, end, names = compiled.start, compiled.end, compiled.names
        for row in rows:
            obj = compiled.model.from_db(using, names, row[start:end])
            for populator in compiled.populators:
                populator.populate(row, obj)
            for name, place in compiled.annotations.items():
                setattr(obj, name, row[place])
            made.append(obj)
        return made
