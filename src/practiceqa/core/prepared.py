"""Rows read on every request in a plain statement written once per database from the
model's own table and columns, each value through the same converters as the ORM's
(dates, times, decimals, JSON...): the same objects as the ORM's, without building and
compiling a query again on every request (most of a small query's cost)."""

from functools import cache

from django.db import connections, router


def converters_for(fields, connection) -> list[tuple]:
    """(position, converters, column) for each of `fields` (in order) whose values the ORM
    converts."""
    found = []
    for position, field in enumerate(fields):
        col = field.get_col(field.model._meta.db_table)
        converters = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
        if converters:
            found.append((position, converters, col))
    return found


def converted(row, converters: list[tuple], connection) -> list:
    values = list(row)
    for position, steps, col in converters:
        value = values[position]
        for step in steps:
            value = step(value, col, connection)
        values[position] = value
    return values


def columns_of(model, quote) -> list[str]:
    table = quote(model._meta.db_table)
    return [f"{table}.{quote(field.column)}" for field in model._meta.concrete_fields]


@cache
def _by_pk(alias: str, vendor: str, model) -> tuple[str, list[str], list[tuple]]:
    connection = connections[alias]
    quote = connection.ops.quote_name
    meta = model._meta
    sql = (
        f"SELECT {', '.join(columns_of(model, quote))} FROM {quote(meta.db_table)} "
        f"WHERE {quote(meta.db_table)}.{quote(meta.pk.column)} = %s"
    )
    names = [field.attname for field in meta.concrete_fields]
    return sql, names, converters_for(meta.concrete_fields, connection)


def by_pk(model, pk):
    """`model.objects.filter(pk=pk).first()` for a primary key of the right type."""
    alias = router.db_for_read(model)
    connection = connections[alias]
    sql, names, converters = _by_pk(alias, connection.vendor, model)
    with connection.cursor() as cursor:
        cursor.execute(sql, [pk])
        row = cursor.fetchone()
    if row is None:
        return None
    return model.from_db(alias, names, converted(row, converters, connection))
