"""Bulk writes that are recorded in history, at the database's speed.

django-simple-history's bulk helpers build a historical model instance per row and compile
each through the ORM: half the time of a staff import or a plan generation. Here the rows
are written with the ORM's bulk_create or bulk_update, then their history rows are copied
by the database itself, in one ``INSERT ... SELECT`` per few thousand rows, with who, when
and why as the same three parameters for every row. The history rows are the same as the
library's (one "+" or "~" row per object, with every tracked field).

Python's cyclic garbage collector is paused while a bulk write runs: it would otherwise
walk every object of a large import, repeatedly, for nothing (the write makes no cycles
that outlive it).
"""

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from django.db import connections, router, transaction
from django.utils import timezone
from simple_history.utils import get_history_model_for_model

# Parameters per statement: well under SQLite's and PostgreSQL's limits.
CHUNK = 5000


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off for the block (nested blocks are fine)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def bulk_create_with_history(
    objs: Sequence,
    model,
    *,
    batch_size: int | None = None,
    default_user=None,
    default_change_reason: str | None = None,
    default_date=None,
) -> list:
    """Create `objs` and one "+" history row each; returns the objects with their ids."""
    objs = list(objs)
    if not objs:
        return objs
    with collector_paused(), transaction.atomic(using=router.db_for_write(model)):
        created = model._default_manager.bulk_create(objs, batch_size=batch_size)
        pks = [obj.pk for obj in created]
        if None in pks:  # a database that does not return ids from a bulk insert
            raise RuntimeError(f"{model.__name__}: bulk insert returned no ids")
        history_copy(
            model,
            pks,
            history_type="+",
            user=default_user,
            reason=default_change_reason,
            date=default_date,
        )
    return created


def bulk_update_with_history(
    objs: Sequence,
    model,
    fields: list[str],
    *,
    batch_size: int | None = None,
    default_user=None,
    default_change_reason: str | None = None,
    default_date=None,
    each_up_to: int = 0,
) -> int:
    """Update `fields` of `objs` and write one "~" history row each; returns how many rows
    were updated. Up to `each_up_to` rows are updated one plain statement each (see
    `_update_each`), for a write of a few rows, such as one audit's answers."""
    objs = list(objs)
    if not objs:
        return 0
    with collector_paused(), transaction.atomic(using=router.db_for_write(model)):
        if len(objs) <= each_up_to:
            updated = _update_each(model, objs, fields)
        else:
            updated = model._default_manager.bulk_update(objs, fields, batch_size=batch_size)
        history_copy(
            model,
            [obj.pk for obj in objs],
            history_type="~",
            user=default_user,
            reason=default_change_reason,
            date=default_date,
        )
    return updated


def _update_each(model, objs: list, fields: list[str]) -> int:
    """A few rows: one plain UPDATE each is quicker to build than the CASE expressions of
    one bulk UPDATE (which cost tens of milliseconds for a 20-question audit)."""
    columns = [model._meta.get_field(name).attname for name in fields]
    manager = model._default_manager
    return sum(
        manager.filter(pk=obj.pk).update(**{c: getattr(obj, c) for c in columns}) for obj in objs
    )


def history_copy(model, pks: list, *, history_type: str, user=None, reason=None, date=None):
    """History rows of the rows `pks` as they are now in the table, copied by the database.

    Who acted is `user`, else whoever simple-history would name (the person acting); any
    other column of the history (the command acting) takes its default."""
    history = get_history_model_for_model(model)
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    tracked = {field.name for field in history.tracked_fields}
    if user is None:
        user = history.get_default_history_user(None)
    given = {
        "history_date": date or timezone.now(),
        "history_change_reason": reason,
        "history_type": history_type,
        "history_user": getattr(user, "pk", user),
    }
    target, source, params = [], [], []
    for field in history._meta.concrete_fields:
        if field.primary_key:
            continue
        target.append(quote(field.column))
        if field.name in tracked:
            source.append(quote(model._meta.get_field(field.name).column))
            continue
        value = given[field.name] if field.name in given else field.get_default()
        if field.name != "history_user":
            value = field.get_db_prep_save(value, connection)
        # PostgreSQL types a parameter in a select list as text unless it is told.
        cast = connection.vendor == "postgresql"
        source.append(f"CAST(%s AS {field.db_type(connection)})" if cast else "%s")
        params.append(value)
    pk_column = quote(model._meta.pk.column)
    with connection.cursor() as cursor:
        for start in range(0, len(pks), CHUNK):
            chunk = pks[start : start + CHUNK]
            cursor.execute(
                f"INSERT INTO {quote(history._meta.db_table)} ({', '.join(target)}) "
                f"SELECT {', '.join(source)} FROM {quote(model._meta.db_table)} "
                f"WHERE {pk_column} IN ({', '.join(['%s'] * len(chunk))}) "
                f"ORDER BY {pk_column}",
                [*params, *chunk],
            )
