import resource
import time
from contextlib import contextmanager

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext


@contextmanager
def measure(results: dict, name: str):
    """Wall time and database queries of the block, and the process's peak memory so far."""
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        yield
    seconds = time.perf_counter() - started
    results[name] = {
        "seconds": round(seconds, 3),
        "queries": len(queries.captured_queries),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def raw_floor(tables: dict[str, str]) -> float:
    """Seconds to write the same rows with plain SQL: the rows of each table matching its
    condition are read (not timed), then inserted with executemany into an empty copy of
    the table, in one transaction that is rolled back. This is the floor a bulk write
    with history is compared with."""
    rows = {}
    with connection.cursor() as cursor:
        for table, where in tables.items():
            cursor.execute(f"SELECT * FROM {table} WHERE {where}")  # noqa: S608 (fixed names)
            rows[table] = cursor.fetchall()
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        for table, values in rows.items():
            copy = f"floor_{table}"
            cursor.execute(f"CREATE TEMPORARY TABLE {copy} AS SELECT * FROM {table} WHERE 1 = 0")
            if values:
                marks = ", ".join(["%s"] * len(values[0]))
                cursor.executemany(f"INSERT INTO {copy} VALUES ({marks})", values)
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    with connection.cursor() as cursor:
        for table in rows:
            cursor.execute(f"DROP TABLE IF EXISTS floor_{table}")
    return seconds


def raw_read_floor(tables: list[str]) -> float:
    """Seconds to read every row of the tables with plain SQL (what comparing a file with
    what is stored needs at least)."""
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 (fixed names)
            cursor.fetchall()
    return time.perf_counter() - started


def linearity(results: dict, small: str, large: str) -> None:
    """For each measurement made at both sizes (its name with `small` and with `large`, and
    its "rows"): the time per row at the large size over that at the small one (1.0 is
    linear). Added to the large size's figures as "per_row_vs_small"."""
    for name, figures in results.items():
        if large not in name or "rows" not in figures:
            continue
        prefix = name.split(large)[0]
        twin = next(
            (f for n, f in results.items() if n.startswith(prefix + small) and "rows" in f), None
        )
        if twin:
            figures["per_row_vs_small"] = round(
                (figures["seconds"] / figures["rows"]) / (twin["seconds"] / twin["rows"]), 2
            )
