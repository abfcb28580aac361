"""Bulk writes that are recorded in history, at the database's speed.

django-simple-history's bulk helpers build a historical model instance per row and compile
each through the ORM: half the time of a staff import or a plan generation. Here new rows
are inserted with plain SQL (`insert`: each column's values converted for the database
once per distinct value, then one ``executemany``, or on PostgreSQL one multi-row
``INSERT ... RETURNING`` per few thousand rows), changed rows likewise (`update_rows`: an
``executemany`` UPDATE, on PostgreSQL ``UPDATE ... FROM (VALUES ...)``), then their
history rows are copied by the database itself, in one ``INSERT ... SELECT`` per few
thousand rows, with who, when and why as the same three parameters for every row. The
history rows are the same as the library's (one "+" or "~" row per object, with every
tracked field).

Python's cyclic garbage collector is paused while a bulk write runs: it would otherwise
walk every object of a large import, repeatedly, for nothing (the write makes no cycles
that outlive it).

Each bulk write is its own savepoint and changes the figures' version token once
(`one_change`). A service making several bulk writes in one transaction (an import) can run
them as one (`bulk_writes`): one savepoint and one change of the token for all of them.
"""

import functools
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from types import SimpleNamespace

from django.db import connections, models, router, transaction
from django.utils import timezone
from simple_history.utils import get_history_model_for_model

from practiceqa.core.bulk_writes import (  # noqa: F401 (bulk_writes: this module's API too)
    bulk_writes,
    collector_paused,
    in_bulk_writes,
)
from practiceqa.core.kept_figures import one_change

# Parameters per statement: well under SQLite's and PostgreSQL's limits.
CHUNK = 5000
# Rows from which a write drops its table's SQLite token triggers for its time rather than
# pausing them (kept_figures.one_change): under that, the schema change costs more.
LARGE_WRITE = 1000


@contextmanager
def _bulk_write(model, rows: int) -> Iterator[None]:
    """One transaction, the collector paused, and the figures' version token changed once
    for the whole write of `rows` rows (core.kept_figures.one_change), not once per row.
    Inside `bulk_writes`, only a large write's triggers are dropped for its time."""
    using = router.db_for_write(model)
    tables = (model._meta.db_table,) if rows >= LARGE_WRITE else ()
    if in_bulk_writes(using):
        if tables:
            with one_change(using, tables=tables):
                yield
        else:
            yield
        return
    with collector_paused(), transaction.atomic(using=using), one_change(using, tables=tables):
        yield


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
    with _bulk_write(model, len(objs)):
        created = insert(objs, model, batch_size=batch_size)
        pks = [obj.pk for obj in created]
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
    with _bulk_write(model, len(objs)):
        if len(objs) <= each_up_to:
            updated = _update_each(model, objs, fields)
        else:
            updated = update_rows(model, objs, fields)
        history_copy(
            model,
            [obj.pk for obj in objs],
            history_type="~",
            user=default_user,
            reason=default_change_reason,
            date=default_date,
        )
    return updated


def bulk_update_changed_with_history(
    objs: Sequence,
    model,
    fields_of: Callable[[object], tuple[str, ...]],
    *,
    default_user=None,
    default_change_reason: str | None = None,
) -> int:
    """As `bulk_update_with_history`, each object updated in its own changed fields only
    (`fields_of`), a group of objects per set of fields: a column not written is an index
    not rewritten. One "~" history row each, in order; returns how many rows were updated."""
    objs = list(objs)
    if not objs:
        return 0
    groups: dict[tuple[str, ...], list] = {}
    for obj in objs:
        groups.setdefault(fields_of(obj), []).append(obj)
    with _bulk_write(model, len(objs)):
        updated = sum(update_rows(model, group, list(fields)) for fields, group in groups.items())
        history_copy(
            model,
            [obj.pk for obj in objs],
            history_type="~",
            user=default_user,
            reason=default_change_reason,
        )
    return updated


def update_values_with_history(model, rows: dict, fields: list[str], **history) -> int:
    """`bulk_update_with_history` of rows given as {pk: {attname: value}} (each with every
    field of `fields`), without a model instance per row."""
    pk = model._meta.pk.attname
    objs = [SimpleNamespace(pk=key, **{pk: key}, **values) for key, values in rows.items()]
    return bulk_update_with_history(objs, model, fields, **history)


def update_rows(model, objs: list, fields: list[str]) -> int:
    """Write `fields` of saved `objs` as the ORM's bulk_update does (the values as they are
    set, no pre_save), without its CASE expressions, which cost more to build than the
    write: on SQLite one prepared UPDATE run for each row (``executemany``), on PostgreSQL
    one ``UPDATE ... FROM (VALUES ...)`` per few thousand values. Each column's values are
    converted for the database as `insert_values` converts them. Returns the rows updated."""
    if not objs:
        return 0
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    columns = [model._meta.get_field(name) for name in fields]
    if any(not field.concrete or field.many_to_many for field in columns):
        raise ValueError(f"{model.__name__}: bulk_update writes concrete fields only")
    pk = model._meta.pk
    values = []
    for field in [*columns, pk]:
        convert = _converter(field, connection)
        values.append([convert(getattr(obj, field.attname)) for obj in objs])
    rows = list(zip(*values, strict=True))
    table, pk_column = quote(model._meta.db_table), quote(pk.column)
    savepoint = not in_bulk_writes(connection.alias)
    with (
        transaction.atomic(using=connection.alias, savepoint=savepoint),
        connection.cursor() as cursor,
    ):
        if connection.vendor != "postgresql":
            assignments = ", ".join(f"{quote(field.column)} = %s" for field in columns)
            cursor.executemany(f"UPDATE {table} SET {assignments} WHERE {pk_column} = %s", rows)
            return cursor.rowcount if cursor.rowcount >= 0 else len(rows)
        # PostgreSQL types the columns of VALUES from their first row: each value is cast.
        marks = "(" + ", ".join(f"CAST(%s AS {f.db_type(connection)})" for f in [*columns, pk])
        marks += ")"
        names = [f"c{n}" for n in range(len(columns))]
        assignments = ", ".join(
            f"{quote(field.column)} = v.{name}" for field, name in zip(columns, names, strict=True)
        )
        per_statement = max(1, CHUNK // (len(columns) + 1))
        updated = 0
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            cursor.execute(
                f"UPDATE {table} SET {assignments} FROM (VALUES {', '.join([marks] * len(chunk))})"
                f" AS v({', '.join(names)}, pk) WHERE {table}.{pk_column} = v.pk",
                [value for row in chunk for value in row],
            )
            updated += cursor.rowcount
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
    history = _history_model(model)
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
            if _consecutive(chunk):  # rows just inserted: a range, not thousands of ids
                where, ids = f"{pk_column} BETWEEN %s AND %s", [chunk[0], chunk[-1]]
            else:
                where, ids = f"{pk_column} IN ({', '.join(['%s'] * len(chunk))})", chunk
            cursor.execute(
                f"INSERT INTO {quote(history._meta.db_table)} ({', '.join(target)}) "
                f"SELECT {', '.join(source)} FROM {quote(model._meta.db_table)} "
                f"WHERE {where} ORDER BY {pk_column}",
                [*params, *ids],
            )


@functools.cache
def _history_model(model):
    """The model's history model (simple-history makes a manager class to find it)."""
    return get_history_model_for_model(model)


def _consecutive(pks: list) -> bool:
    """Whether the ids are every integer from the first to the last, each once, in order."""
    if len(pks) < 2 or not all(type(pk) is int for pk in pks):
        return False
    return pks[-1] - pks[0] == len(pks) - 1 and pks == list(range(pks[0], pks[-1] + 1))


# Fields whose values of these exact types go to every database as they are (what their
# get_db_prep_save returns for them): no conversion to call for each value.
_STORED_AS_THEY_ARE = {
    models.CharField: str,
    models.EmailField: str,
    models.SlugField: str,
    models.URLField: str,
    models.TextField: str,
    models.IntegerField: int,
    models.SmallIntegerField: int,
    models.BigIntegerField: int,
    models.PositiveIntegerField: int,
    models.PositiveSmallIntegerField: int,
    models.PositiveBigIntegerField: int,
    models.AutoField: int,
    models.BigAutoField: int,
    models.SmallAutoField: int,
    models.BooleanField: bool,
}


def _plain_type(field) -> type | None:
    """The type whose values `field` stores as they are, if any."""
    if field.get_internal_type() == "JSONField":
        return None
    if field.is_relation:
        if type(field) not in (models.ForeignKey, models.OneToOneField):
            return None
        field = field.target_field
    return _STORED_AS_THEY_ARE.get(type(field))


_SCALARS = frozenset({int, str, bool, float, type(None)})


def _converter(field, connection):
    """A function giving a value of `field` as the database takes it, as the ORM's
    get_db_prep_save does: values of the field's own plain type as they are, others
    converted once per distinct value (dates, decimals, times, lists of plain values), any
    other unhashable one (a dict for a JSON field) each time."""
    plain = _plain_type(field)
    prep = field.get_db_prep_save
    seen: dict = {}

    def convert(value):
        if value is None and plain is not None:
            return None
        kind = type(value)
        if kind is plain:
            return value
        try:
            return seen[kind, value]
        except KeyError:
            converted = seen[kind, value] = prep(value, connection)
            return converted
        except TypeError:  # unhashable: a list or a dict for a JSON field
            pass
        if kind is list and all(type(item) in _SCALARS for item in value):
            # A list of ids, say: converted once per distinct list (each item's type is in
            # the key, as 1 and True are equal but are not written alike).
            key = (list, tuple((type(item), item) for item in value))
            if key not in seen:
                seen[key] = prep(value, connection)
            return seen[key]
        return prep(value, connection)

    return convert


# Saving takes these fields' values as they are, or (dates) the moment if automatic.
_PLAIN_PRE_SAVE = {models.Field.pre_save, models.DateField.pre_save, models.DateTimeField.pre_save}


def _timestamped(field) -> bool:
    return isinstance(field, models.DateField) and (field.auto_now or field.auto_now_add)


def _plain(model) -> bool:
    """Whether `insert` can write the model's new rows: an automatic id, and no field doing
    more on saving than automatic timestamps (files, say)."""
    fields = model._meta.concrete_fields
    return isinstance(model._meta.pk, models.AutoField) and all(
        type(f).pre_save in _PLAIN_PRE_SAVE for f in fields if not f.primary_key
    )


def insert_values(model, rows: list[dict]) -> list:
    """Insert new rows given as {attname: value}, each with the same keys (a field left out
    takes its default, an automatic timestamp or a moment defaulting to now the same moment
    for every row); returns their ids, in order. The values go through each field's
    conversion for the database, as the ORM's would; no model instance is built."""
    if not rows:
        return []
    if not _plain(model):
        raise ValueError(f"{model.__name__}: insert it with bulk_create")
    using = router.db_for_write(model)
    connection = connections[using]
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    given = rows[0].keys()
    defaults = {}  # attname -> (callable default, constant)
    for field in fields:
        if field.attname in given:
            continue
        if _timestamped(field) or field.default is timezone.now:  # (date_joined, say)
            defaults[field.attname] = (None, now)
        elif field.has_default() and callable(field.default):
            defaults[field.attname] = (field.default, None)
        else:
            defaults[field.attname] = (None, field.get_default())
    # Column by column: a column left out is one converted value repeated (or its default
    # called for each row), and a column already of its field's plain type is kept as it is.
    columns = []
    for field in fields:
        convert = _converter(field, connection)
        if field.attname not in defaults:
            column = [row[field.attname] for row in rows]
        elif defaults[field.attname][0] is not None:
            column = [defaults[field.attname][0]() for _ in rows]
        else:
            column = [convert(defaults[field.attname][1])] * len(rows)
            columns.append(column)
            continue
        plain = _plain_type(field)
        if plain is None or not all(value is None or type(value) is plain for value in column):
            column = [convert(value) for value in column]
        columns.append(column)
    values = list(zip(*columns, strict=True))
    with transaction.atomic(using=using, savepoint=not in_bulk_writes(using)):
        return _insert_rows(connection, model, fields, values)


def insert(objs: list, model, *, batch_size: int | None = None) -> list:
    """Insert new objects (without ids) as the ORM's bulk_create does, faster: returns them
    with their ids. Automatic timestamps are all the same moment. Objects with ids, or of a
    model `insert_values` cannot write, go through bulk_create."""
    using = router.db_for_write(model)
    if not _plain(model) or any(obj.pk is not None for obj in objs):
        return model._default_manager.using(using).bulk_create(objs, batch_size=batch_size)
    if not objs:
        return objs
    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    stamped = [f.attname for f in fields if _timestamped(f)]
    relations = [(f.attname, f.name) for f in fields if f.is_relation and f.many_to_one]
    rows = []
    for obj in objs:
        for attname, name in relations:  # a link set before its object was saved
            related = obj._state.fields_cache.get(name)
            if getattr(obj, attname) is None and related is not None:
                setattr(obj, attname, related.pk)
        for attname in stamped:
            setattr(obj, attname, now)
        rows.append({f.attname: getattr(obj, f.attname) for f in fields})
    pks = insert_values(model, rows)
    for obj, pk in zip(objs, pks, strict=True):
        obj.pk = pk
        obj._state.adding = False
        obj._state.db = using
    return objs


def create_with_history(
    model, rows: list[dict], *, default_user=None, default_change_reason=None, default_date=None
) -> list:
    """`insert_values` with one "+" history row each (as `bulk_create_with_history`);
    returns the ids."""
    if not rows:
        return []
    with _bulk_write(model, len(rows)):
        pks = insert_values(model, rows)
        history_copy(
            model,
            pks,
            history_type="+",
            user=default_user,
            reason=default_change_reason,
            date=default_date,
        )
    return pks


def _insert_rows(connection, model, fields, rows: list) -> list:
    """The ids of `rows` inserted, in order. SQLite: one executemany, then the ids, which
    are the table's latest (AUTOINCREMENT ids only grow, and nobody else can write to the
    database until this transaction ends). PostgreSQL: multi-row inserts returning the ids,
    which a sequence gives in the order of the rows."""
    quote = connection.ops.quote_name
    table, pk_column = quote(model._meta.db_table), quote(model._meta.pk.column)
    columns = ", ".join(quote(f.column) for f in fields)
    marks = "(" + ", ".join(["%s"] * len(fields)) + ")"
    pks: list = []
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES {marks}", rows)
            cursor.execute(
                f"SELECT {pk_column} FROM {table} ORDER BY {pk_column} DESC LIMIT %s",
                [len(rows)],
            )
            return sorted(row[0] for row in cursor.fetchall())
        per_statement = max(1, CHUNK * 6 // max(1, len(fields)))
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {', '.join([marks] * len(chunk))} "
                f"RETURNING {pk_column}",
                [value for row in chunk for value in row],
            )
            pks.extend(sorted(row[0] for row in cursor.fetchall()))
    return pks
