"""The database's statistics about its tables, brought up to date after bulk changes.

SQLite plans queries without statistics until it is told to gather them: a table with ten
years of plan items is then scanned where an index would find a person's few rows. After
migrations and after imports, `PRAGMA optimize` gathers what the planner needs (bounded by
`analysis_limit`, so it takes milliseconds). PostgreSQL's autovacuum does this by itself.
"""

from django.db import DEFAULT_DB_ALIAS, connections

ANALYSIS_LIMIT = 1000


def refresh_statistics(*, using: str = DEFAULT_DB_ALIAS, everything: bool = False) -> None:
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA analysis_limit={ANALYSIS_LIMIT}")
        # After migrations every table is analysed; otherwise those the planner found
        # lacking in this connection's queries.
        cursor.execute("ANALYZE" if everything else "PRAGMA optimize")


def after_migrate(sender, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    refresh_statistics(using=using, everything=True)


def statistics_missing(tables: list[str], *, using: str = DEFAULT_DB_ALIAS) -> bool:
    """Whether SQLite has no statistics yet for one of the tables (it keeps none for an
    empty table); False elsewhere, where the database gathers its own."""
    connection = connections[using]
    if connection.vendor != "sqlite" or not tables:
        return False
    marks = ", ".join(["%s"] * len(tables))
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone() is None:
            return True
        cursor.execute(f"SELECT DISTINCT tbl FROM sqlite_stat1 WHERE tbl IN ({marks})", tables)  # noqa: S608 (marks only)
        return len(cursor.fetchall()) < len(set(tables))
