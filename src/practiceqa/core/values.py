"""Reading many rows as plain values at the database driver's speed.

`queryset.values_list()` passes every row through the ORM's chain of converters (a date, a
decimal or a boolean on SQLite is converted in Python for each row), which costs more than
reading the rows for a table of thousands. `value_rows` gives the same tuples, with each
column's conversion made once per distinct value: a table of people repeats its few FTEs,
dates and flags thousands of times. A converted list of such values (a JSON list of ids) is
converted once and each row given its own copy; any other mutable value is converted for
each row. On SQLite a date column is read as its text (the driver would parse each row's
date) and parsed once per distinct day. `raw_rows` gives the values as the database stores
them, without any conversion, for comparing many rows with values put in the same form
(`db_form`).
"""

import datetime
import decimal
import json
import uuid
from itertools import chain

from django.core.exceptions import FieldDoesNotExist
from django.db import connections
from django.db.models import DateField, DateTimeField, F, TextField
from django.db.models.functions import Cast
from django.db.models.sql.constants import MULTI
from django.utils.dateparse import parse_date

# Converted values that can be shared between rows (nothing can change them in place).
_IMMUTABLE = frozenset(
    {
        bool,
        int,
        float,
        str,
        bytes,
        type(None),
        decimal.Decimal,
        datetime.date,
        datetime.datetime,
        datetime.time,
        datetime.timedelta,
        uuid.UUID,
    }
)
_UNSHARED = object()


def value_rows(queryset, *fields: str) -> list[tuple]:
    """`list(queryset.values_list(*fields))`: the same tuples, in the same order."""
    connection = connections[queryset.db]
    queryset, dates = _dates_as_text(queryset, fields)
    compiler = queryset.query.get_compiler(using=queryset.db)
    rows = list(chain.from_iterable(compiler.execute_sql(MULTI)))
    width = compiler.col_count
    selected = [column[0] for column in compiler.select[:width]]
    converters = compiler.get_converters(selected)
    if not rows:
        return []
    if not converters and not dates:
        return [tuple(row) for row in rows]
    columns = list(zip(*rows, strict=True))
    for index, (functions, expression) in converters.items():
        columns[index] = _converted(columns[index], functions, expression, connection)
    for index in dates:
        columns[index] = _parsed_dates(columns[index])
    return list(zip(*columns, strict=True))


def raw_rows(queryset, *fields: str) -> list[tuple]:
    """The rows of `queryset.values_list(*fields)` as the database stores them, without the
    ORM's conversions (on SQLite a date is its ISO text, a boolean 0 or 1, a JSON value
    its text): compared with values put in the same form by `db_form`, equal rows are
    equal values; a row that differs only in form is merely read again as values."""
    queryset, _ = _dates_as_text(queryset, fields)
    compiler = queryset.query.get_compiler(using=queryset.db)
    return [tuple(row) for row in chain.from_iterable(compiler.execute_sql(MULTI))]


def db_form(value, connection):
    """A value as `raw_rows` reads it back once stored, for the types it can tell: a date
    (ISO text on SQLite), a list (JSON text); anything else as it is."""
    if type(value) is datetime.date:
        return value.isoformat() if connection.vendor == "sqlite" else value
    if type(value) is list:
        return json.dumps(value)
    return value


def _dates_as_text(queryset, fields) -> tuple:
    """On SQLite, the queryset's values_list with each date field (by name) read as text,
    and the places of those columns; elsewhere its values_list as it is."""
    if connections[queryset.db].vendor != "sqlite":
        return queryset.values_list(*fields), []
    names, dates, texts = [], [], {}
    for index, name in enumerate(fields):
        field = _field(queryset.model, name)
        if isinstance(field, DateField) and not isinstance(field, DateTimeField):
            alias = f"_text_{index}"
            texts[alias] = Cast(F(name), output_field=TextField())
            names.append(alias)
            dates.append(index)
        else:
            names.append(name)
    if not texts:
        return queryset.values_list(*fields), []
    return queryset.annotate(**texts).values_list(*names), dates


def _field(model, name: str):
    if "__" in name:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:  # an annotation's name, say: read as the ORM reads it
        return None


def _parsed_dates(column) -> list:
    """ISO dates read as text, each distinct one parsed once (as SQLite's driver would)."""
    seen: dict = {None: None}
    values = []
    for value in column:
        try:
            values.append(seen[value])
        except KeyError:
            seen[value] = parse_date(value)
            values.append(seen[value])
    return values


class _Copied(tuple):
    """A converted list of immutable values: each row is given its own copy."""


def _kept(known):
    """What is kept of a converted value for the rows with the same raw value."""
    if type(known) in _IMMUTABLE:
        return known
    if type(known) is list and all(type(item) in _IMMUTABLE for item in known):
        return _Copied(known)  # a JSON list of ids, say: copied, not read again
    return _UNSHARED


def _converted(column, functions, expression, connection) -> list:
    seen: dict = {}

    def convert(value):
        for function in functions:
            value = function(value, expression, connection)
        return value

    values = []
    for value in column:
        key = (type(value), value)
        try:
            known = seen[key]
        except KeyError:
            known = seen[key] = _kept(convert(value))
        except TypeError:  # unhashable as read
            values.append(convert(value))
            continue
        if known is _UNSHARED:
            values.append(convert(value))
        elif type(known) is _Copied:
            values.append(list(known))
        else:
            values.append(known)
    return values
