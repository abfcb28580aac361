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
