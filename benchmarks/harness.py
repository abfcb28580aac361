import resource
import time
from contextlib import contextmanager

from django.db import connection
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
