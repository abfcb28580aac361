"""Several bulk writes (core.bulk) as one, and the cyclic garbage collector paused."""

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections, transaction

from practiceqa.core.kept_figures import one_change


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


# Set on a connection while `bulk_writes` runs on it.
_IN_BULK_WRITES = "_practiceqa_bulk_writes"


@contextmanager
def bulk_writes(using: str = DEFAULT_DB_ALIAS, *, savepoint: bool = True) -> Iterator[None]:
    """The bulk writes of the block (and its other writes) as one: one savepoint, the
    collector paused, and the figures' version token changed once at the end, rather than a
    savepoint and a change of the token for each write. An error anywhere undoes them all.
    `savepoint=False` inside a transaction that an error undoes anyway (an import's): not
    even the one savepoint."""
    connection = connections[using]
    if getattr(connection, _IN_BULK_WRITES, False):
        yield
        return
    with (
        collector_paused(),
        transaction.atomic(using=connection.alias, savepoint=savepoint),
        one_change(connection.alias),
    ):
        setattr(connection, _IN_BULK_WRITES, True)
        try:
            yield
        finally:
            setattr(connection, _IN_BULK_WRITES, False)


def in_bulk_writes(using: str) -> bool:
    return getattr(connections[using], _IN_BULK_WRITES, False)
