"""A small, bounded load generator: a fixed number of requests or a time limit, whichever
comes first, from a few threads, each request on its own connection."""

import http.client
import statistics
import threading
import time
from pathlib import Path

THREADS = 4


def load(host: str, path: str, cookie: str | None, *, requests: int, seconds: float) -> dict:
    name, port = host.split(":")
    headers = {"Cookie": cookie} if cookie else {}
    times: list[float] = []
    failures: list[int] = []
    lock = threading.Lock()
    left = [requests]
    deadline = time.monotonic() + seconds

    def worker() -> None:
        while time.monotonic() < deadline:
            with lock:
                if left[0] <= 0:
                    return
                left[0] -= 1
            started = time.perf_counter()
            conn = http.client.HTTPConnection(name, int(port), timeout=60)
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            conn.close()
            elapsed = time.perf_counter() - started
            with lock:
                times.append(elapsed)
                if response.status != 200:
                    failures.append(response.status)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    if failures:
        raise RuntimeError(f"{path}: {len(failures)} responses were not 200: {failures[:5]}")
    return {
        "requests": len(times),
        "rps": round(len(times) / wall, 1),
        "p50_ms": round(statistics.median(times) * 1000, 1),
    }


def worker_rss_mib(master_pid: int) -> list[float]:
    """The resident memory of each worker of a gunicorn master."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    sizes = []
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(int(line.split()[1]) / 1024)
    return sizes
