"""A tallied snapshot's figures and the trend across tallied snapshots, kept in each process
while nothing they are made from changes (core.kept_figures, ADR 0010): a page read again
costs one query for them, not the counting, however many staff and cases.

They are made from the snapshots and their tallies, the staff, their postings, teams and
services: tables whose every write changes the figures' version token. A tallied
snapshot's cases are never written again (its tally is written with them), so the cases
table is not versioned; the figures of a snapshot without a tally are counted from its
cases, so they are made afresh on every read, never kept.

Kept values are shared: their readers must not change them.
"""

from django.conf import settings

from practiceqa.caseloads import charts, figures
from practiceqa.caseloads.models import Snapshot
from practiceqa.caseloads.tally import is_tallied
from practiceqa.caseloads.trend import latest_of_each_date, trend_of
from practiceqa.core.kept_figures import kept_or_made


def _thresholds_key() -> tuple:
    return tuple(sorted((p, tuple(v)) for p, v in settings.CASELOAD_THRESHOLDS.items()))


def snapshot_figures(snapshot: Snapshot, scope=None) -> figures.SnapshotFigures:
    """`figures.snapshot_figures(snapshot, scope)`, kept when the snapshot has a tally (the
    teams and services the viewer is responsible for are in the key)."""
    if not is_tallied(snapshot):
        return figures.snapshot_figures(snapshot, scope)
    seen = (
        None
        if scope is None or scope.everyone
        else (frozenset(scope.team_ids), frozenset(scope.service_ids))
    )
    key = ("caseload figures", snapshot.pk, snapshot.as_of, seen, _thresholds_key())
    return kept_or_made(key, lambda: figures.snapshot_figures(snapshot, scope))


def profession_groups(snapshot: Snapshot) -> dict[str, figures.Group]:
    """The published professions' practitioners in the snapshot, each profession's figures
    by its key (the means shown beside a worker's caseload), kept when it has a tally."""

    def make() -> dict[str, figures.Group]:
        workers = figures.load_workers(snapshot, practitioners_only=True)
        return {group.key: group for group in figures.profession_groups(workers)}

    if not is_tallied(snapshot):
        return make()
    return kept_or_made(("caseload means", snapshot.pk, snapshot.as_of, _thresholds_key()), make)


def trend(limit: int | None, every=None) -> tuple[list, str | None]:
    """The trend of the latest `limit` snapshot dates (every date when None, see
    trend.trend) and its chart (a data URL, None when nobody is in post), kept when every
    one of those snapshots has a tally: one query for the snapshots (none when given
    `every` snapshot, as `trend.latest_of_each_date` takes them), one for the token."""
    snapshots = latest_of_each_date(limit, every)

    def make() -> tuple[list, str | None]:
        found = trend_of(snapshots)
        svg = charts.trend_chart(found)
        return found, charts.as_data_url(svg) if svg else None

    if not all(is_tallied(s) for s in snapshots):
        return make()
    return kept_or_made(("caseload trend", tuple((s.pk, s.as_of) for s in snapshots)), make)
