"""The account of a signed-in session, as every request loads it: in one plain query, with
its staff record (which every page's access rules read) and whether any model permission
is given to the account or to one of its groups (for the many given none, no query asks
which: see sso.OneQueryPermissions).

The statement is prepared as core.prepared's are: the same objects as
`User.objects.select_related("staff_member").get(pk=...)`."""

from dataclasses import dataclass
from functools import cache

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connections, router

from practiceqa.core.prepared import columns_of, converted, converters_for


@dataclass(frozen=True)
class _Statement:
    sql: str
    user_names: list[str]
    staff_names: list[str]
    staff_pk: int  # where the staff record's primary key is among its values
    # (position in the row, the converters, the column they are given) for every value
    # that has any.
    converters: list[tuple]


def _staff_link():
    """The staff record's link to its account (StaffMember.user)."""
    return get_user_model()._meta.get_field("staff_member").remote_field


@cache
def _statement(alias: str, vendor: str) -> _Statement:
    connection = connections[alias]
    quote = connection.ops.quote_name
    user_model = get_user_model()
    link = _staff_link()
    staff_model = link.model
    user, staff = quote(user_model._meta.db_table), quote(staff_model._meta.db_table)
    user_pk = f"{user}.{quote(user_model._meta.pk.column)}"
    own = user_model.user_permissions.through._meta
    member = user_model.groups.through._meta
    given = Group.permissions.through._meta

    def column(meta, name: str) -> str:
        return f"{quote(meta.db_table)}.{quote(meta.get_field(name).column)}"

    sql = (
        f"SELECT {', '.join(columns_of(user_model, quote) + columns_of(staff_model, quote))}, "
        f"EXISTS (SELECT 1 FROM {quote(own.db_table)} WHERE {column(own, 'user')} = {user_pk}), "
        f"EXISTS (SELECT 1 FROM {quote(member.db_table)} INNER JOIN {quote(given.db_table)} "
        f"ON {column(given, 'group')} = {column(member, 'group')} "
        f"WHERE {column(member, 'user')} = {user_pk}) "
        f"FROM {user} LEFT OUTER JOIN {staff} ON {staff}.{quote(link.column)} = {user_pk} "
        f"WHERE {user_pk} = %s"
    )
    fields = [*user_model._meta.concrete_fields, *staff_model._meta.concrete_fields]
    return _Statement(
        sql=sql,
        user_names=[field.attname for field in user_model._meta.concrete_fields],
        staff_names=[field.attname for field in staff_model._meta.concrete_fields],
        staff_pk=staff_model._meta.concrete_fields.index(staff_model._meta.pk),
        converters=converters_for(fields, connection),
    )


def signed_in_account(user_id):
    """The account `user_id` (already the primary key's type) with its staff record (None
    if it has none) cached on it, and `model_permissions_own` / `model_permissions_grouped`
    saying whether any permission is given to it or to a group of it; None if no such
    account."""
    user_model = get_user_model()
    alias = router.db_for_read(user_model)
    connection = connections[alias]
    statement = _statement(alias, connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(statement.sql, [user_id])
        row = cursor.fetchone()
    if row is None:
        return None
    row = converted(row, statement.converters, connection)
    users = len(statement.user_names)
    staff_end = users + len(statement.staff_names)
    user = user_model.from_db(alias, statement.user_names, row[:users])
    link = _staff_link()
    staff_values = row[users:staff_end]
    staff = None
    if staff_values[statement.staff_pk] is not None:
        staff = link.model.from_db(alias, statement.staff_names, staff_values)
        link.set_cached_value(staff, user)
    link.remote_field.set_cached_value(user, staff)
    user.model_permissions_own = bool(row[staff_end])
    user.model_permissions_grouped = bool(row[staff_end + 1])
    return user
