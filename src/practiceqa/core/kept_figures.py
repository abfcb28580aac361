"""Figures kept in each process for as long as the data they are made from is unchanged.

The compliance table of a large council takes tens of milliseconds to count, and is asked
for far more often than the plan items, audits and people it counts change. Each process
keeps the figures it made under a version token: one row (core.FiguresVersion) whose token
the database itself changes, by triggers, on every insert, update, delete or truncate of the
tables in VERSIONED_TABLES, whoever writes (a service, a bulk update, raw SQL, another
worker). A read asks for the token (one cheap query) and uses the figures kept under it, or
makes them again when it has changed. See docs/decisions/0010.

The token is a new random number on every change, never a count: a rolled-back transaction
(every test) or a database copied in from elsewhere can never bring back a token whose
figures were made from other data.

Whoever keeps figures here puts in the key everything else they depend on (the viewer's
scope, the year, the day) and must not change what they are given back: it is shared.
"""

from __future__ import annotations

import secrets
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from threading import Lock
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections

TOKEN_TABLE = "core_figuresversion"
# The tables whose rows the kept figures are made from (compliance: the items, whether and
# when their audits were finished, the names of people, teams and services, which team a
# person is in, and the audit type names of the framework; surveys: the surveys and their
# responses; caseloads: the snapshots, their tallies and who held which posting when; the
# health check: its focus groups, intelligence figures, ratings and endorsements; My work:
# who supervises and line-manages whom, the subjects' comments on audits and who is invited
# to which survey). Who may see what is still worked out for each request and is part of
# the key. A tallied snapshot's cases are never written again, so they are not versioned
# (caseloads.kept).
VERSIONED_TABLES = (
    "planning_planitem",
    "audits_audit",
    "org_staffmember",
    "org_team",
    "org_service",
    "org_posting",
    "frameworks_framework",
    "frameworks_frameworkversion",
    "surveys_survey",
    "surveys_response",
    "caseloads_snapshot",
    "caseloads_casetally",
    "healthcheck_focusgroup",
    "healthcheck_intelligencefigure",
    "healthcheck_areaassessment",
    "healthcheck_selfassessmentendorsement",
    "org_relationship",
    "audits_subjectcomment",
    "surveys_participation",
)
# The token alone, as a subquery another query may carry (one query for both).
TOKEN_QUERY = f"SELECT token FROM {TOKEN_TABLE} WHERE id = 1"  # noqa: S608 (constant)
MAX_KEPT = 256

_lock = Lock()
_kept: OrderedDict[Hashable, Any] = OrderedDict()
_kept_token: list[int | None] = [None]


def current_token(using: str = DEFAULT_DB_ALIAS) -> int | None:
    """The database's version token; None if it has none (its row removed by a flush)."""
    with connections[using].cursor() as cursor:
        cursor.execute(TOKEN_QUERY)
        row = cursor.fetchone()
    return None if row is None else row[0]


def kept_or_made(key: Hashable, make: Callable[[], Any], *, using: str = DEFAULT_DB_ALIAS):
    """The value kept under `key` if nothing it is made from has changed since, else
    `make()` (then kept). One query when kept."""
    return kept_under(current_token(using), key, make, using=using)


def kept_under(
    token: int | None, key: Hashable, make: Callable[[], Any], *, using: str = DEFAULT_DB_ALIAS
):
    """`kept_or_made` with the token already read (`current_token`): a page that keeps
    several values reads it once for all of them."""
    if token is None:
        return make()
    key = (using, key)
    with _lock:
        if _kept_token[0] != token:
            _kept.clear()
            _kept_token[0] = token
        elif key in _kept:
            _kept.move_to_end(key)
            return _kept[key]
    value = make()
    with _lock:
        # Kept under the token read before making it: if a write landed meanwhile, the
        # token has moved on and these figures are never found again.
        if _kept_token[0] == token:
            _kept[key] = value
            while len(_kept) > MAX_KEPT:
                _kept.popitem(last=False)
    return value


def forget() -> None:
    """Drop everything kept in this process (tests that count the work of making)."""
    with _lock:
        _kept.clear()
        _kept_token[0] = None


# The triggers. SQLite has only row triggers: each row written also rewrites the one token
# row, except inside `one_change` (a bulk write), which changes it once at its end.
# PostgreSQL's fire once per statement, so a bulk write of thousands of rows changes the
# token once.
PAUSE_ID = 2  # a second row, there only inside a bulk write's transaction
_SQLITE_TRIGGER = (
    "CREATE TRIGGER {name} AFTER {event} ON {table} "
    f"WHEN NOT EXISTS (SELECT 1 FROM {TOKEN_TABLE} WHERE id = {PAUSE_ID}) BEGIN "
    f"UPDATE {TOKEN_TABLE} SET token = random() WHERE id = 1; END"
)
_PG_FUNCTION = (
    "CREATE OR REPLACE FUNCTION core_figures_changed() RETURNS trigger AS $$ BEGIN "
    f"UPDATE {TOKEN_TABLE} SET token = floor(random() * 9223372036854775807)::bigint "
    "WHERE id = 1; RETURN NULL; END $$ LANGUAGE plpgsql"
)
_PG_TRIGGER = (
    "CREATE TRIGGER core_figures_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
    "ON {table} FOR EACH STATEMENT EXECUTE FUNCTION core_figures_changed()"
)


@contextmanager
def one_change(using: str = DEFAULT_DB_ALIAS, *, tables: tuple[str, ...] = ()) -> Iterator[None]:
    """Inside a transaction: the writes made inside change the token once, at the end,
    rather than once per row (SQLite's row triggers; PostgreSQL's already fire once per
    statement). The pause is a row written in the same transaction, so no other connection
    ever sees it, and a rollback takes it away with the writes. Its three statements are
    bookkeeping of the database's own and go to the driver directly, not counted as the
    caller's queries (the counts stay the same on every database).

    A paused trigger still runs for each row to find itself paused (a tenth of a second for
    8,000 rows): for a large write to `tables`, their triggers are dropped for the block and
    made again at its end, in the same transaction (SQLite's schema is transactional: no
    other connection ever sees them missing, and a rollback brings them back). This changes
    the schema, which every other connection reads again once: for large writes only."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        yield
        return
    if not connection.in_atomic_block:
        raise RuntimeError("one_change() must be used inside a transaction")
    connection.ensure_connection()
    raw = connection.connection
    pausing = (
        raw.execute(
            f"INSERT OR IGNORE INTO {TOKEN_TABLE} (id, token) VALUES ({PAUSE_ID}, 0)"  # noqa: S608
        ).rowcount
        == 1
    )
    dropped = _triggers_dropped(raw, tables)
    yield
    # Not reached on an error: the transaction's rollback removes the pause row and brings
    # back the dropped triggers.
    for _name, sql in dropped:
        raw.execute(sql)
    if pausing:
        raw.execute(f"DELETE FROM {TOKEN_TABLE} WHERE id = {PAUSE_ID}")  # noqa: S608
        raw.execute(f"UPDATE {TOKEN_TABLE} SET token = random() WHERE id = 1")  # noqa: S608


def _triggers_dropped(raw, tables: tuple[str, ...]) -> list[tuple[str, str]]:
    """Drop the token triggers of the versioned `tables` (SQLite); their names and SQL."""
    watched = [table for table in tables if table in VERSIONED_TABLES]
    if not watched:
        return []
    names = [
        f"core_figures_{table}_{event}"
        for table in watched
        for event in ("insert", "update", "delete")
    ]
    marks = ", ".join("?" * len(names))
    found = raw.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN ({marks})",  # noqa: S608
        names,
    ).fetchall()
    for name, _sql in found:
        raw.execute(f'DROP TRIGGER "{name}"')
    return found


def install_triggers(using: str = DEFAULT_DB_ALIAS) -> None:
    """(Re)make the triggers on every versioned table that exists, make sure the token row
    exists, and give it a new token (whatever was written before the triggers existed)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
        if TOKEN_TABLE not in tables:
            return
        watched = [table for table in VERSIONED_TABLES if table in tables]
        if connection.vendor == "sqlite":
            for table in watched:
                for event in ("INSERT", "UPDATE", "DELETE"):
                    name = f"core_figures_{table}_{event.lower()}"
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
                    cursor.execute(_SQLITE_TRIGGER.format(name=name, event=event, table=table))
        elif connection.vendor == "postgresql":
            cursor.execute(_PG_FUNCTION)
            for table in watched:
                cursor.execute(f"DROP TRIGGER IF EXISTS core_figures_changed ON {table}")
                cursor.execute(_PG_TRIGGER.format(table=table))
        else:
            # No triggers here: without a token, nothing is kept.
            cursor.execute(f"DELETE FROM {TOKEN_TABLE}")  # noqa: S608 (constant)
            return
        cursor.execute(f"DELETE FROM {TOKEN_TABLE} WHERE id <> 1")  # noqa: S608 (constant)
        token = secrets.randbits(62)
        cursor.execute(f"UPDATE {TOKEN_TABLE} SET token = %s WHERE id = 1", [token])  # noqa: S608
        if cursor.rowcount == 0:
            cursor.execute(f"INSERT INTO {TOKEN_TABLE} (id, token) VALUES (1, %s)", [token])  # noqa: S608


def after_migrate(sender, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    install_triggers(using)
