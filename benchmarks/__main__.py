"""`make bench`: speed, memory and query-count figures for Practice QA.

Each run uses a fresh database (a temporary SQLite file unless BENCH_DATABASE_URL names
another, e.g. a PostgreSQL database) and prints a table; figures are also written to
benchmarks/results/latest.json so that runs can be compared.
"""

import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT))
    workdir = Path(tempfile.mkdtemp(prefix="practiceqa-bench-"))
    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}"
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "practiceqa.config.settings.test")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)
    if "BENCH_DATABASE_URL" in os.environ:
        call_command("flush", "--noinput", verbosity=0)

    from benchmarks import caseloads, pages, planning, staff_import

    suites = {
        "staff_import": staff_import,
        "planning": planning,
        "plan_generation": planning.run_generation,
        "pages": pages,
        "caseloads": caseloads,
    }
    chosen = sys.argv[1:] or ["staff_import", "planning"]
    results = {}
    for name in chosen:
        suite = suites[name]
        results.update(suite() if callable(suite) else suite.run())
    print(
        f"{'benchmark':<64} {'seconds':>8} {'queries':>8} {'peak RSS MiB':>13} "
        f"{'raw SQL floor':>13} {'ratio':>6} {'per row vs small':>16}"
    )
    for name, figures in results.items():
        if "seconds" not in figures:
            continue
        floor = figures.get("floor_seconds")
        compared = f"{floor:>13.2f} {figures['seconds'] / floor:>6.1f}" if floor else " " * 20
        if "per_row_vs_small" in figures:
            compared += f" {figures['per_row_vs_small']:>16.2f}"
        print(
            f"{name:<64} {figures['seconds']:>8.2f} {figures['queries']:>8} "
            f"{figures['peak_rss_mib']:>13.1f} {compared}"
        )
    if any("floor_seconds" in figures for figures in results.values()):
        print(
            "Target: an import or a generation at most 3 times its raw SQL floor, and its "
            "time per row at the large size at most 1.3 times that at the small one."
        )
    out = ROOT / "benchmarks" / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
