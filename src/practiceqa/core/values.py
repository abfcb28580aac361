"""Reading many rows as plain values at the database driver's speed.

`queryset.values_list()` passes every row through the ORM's chain of converters (a date, a
decimal or a boolean on SQLite is converted in Python for each row), which costs more than
reading the rows for a table of thousands. `value_rows` gives the same tuples, with each
column's conversion made once per distinct value: a table of people repeats its few FTEs,
dates and flags thousands of times. A converted list of such values (a JSON list of ids) is
converted once and each row given its own copy; any other mutable value is converted for
each row.
"""

import datetime
import decimal
import uuid
from itertools import chain

from django.db import connections
from django.db.models.sql.constants import MULTI

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
    queryset = queryset.values_list(*fields)
    compiler = queryset.query.get_compiler(using=queryset.db)
    connection = connections[queryset.db]
    rows = list(chain.from_iterable(compiler.execute_sql(MULTI)))
    width = compiler.col_count
    selected = [column[0] for column in compiler.select[:width]]
    converters = compiler.get_converters(selected)
    if not rows:
        return []
    if not converters:
        return [tuple(row) for row in rows]
    columns = list(zip(*rows, strict=True))
    for index, (functions, expression) in converters.items():
        columns[index] = _converted(columns[index], functions, expression, connection)
    return list(zip(*columns, strict=True))


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
