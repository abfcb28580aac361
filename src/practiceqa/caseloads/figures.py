"""A caseload snapshot's figures, with the organisation as it stood on the snapshot's date.

Everyone's team, service, role, profession and FTE are those of the posting that held on
the as-of date (`org.Posting`), not what they hold today. The cases are counted by the
database: one query gives every person in post with their open cases, complexity-weighted
load and overdue reviews, so the query count grows with neither the cases nor the staff.
Grouping those rows by team, service, profession and role, and the medians, are worked out
from the per-person rows.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import (
    CharField,
    DecimalField,
    F,
    FilteredRelation,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from practiceqa.caseloads import tally
from practiceqa.caseloads.models import Snapshot
from practiceqa.caseloads.stats import percentile, round2
from practiceqa.caseloads.tally import WAIT_BANDS
from practiceqa.org.models import Posting, Profession, Role, StaffMember, Team

# The professions whose average caseloads the employer standards ask councils to publish.
PUBLISHED_PROFESSIONS = (
    Profession.SOCIAL_WORKER,
    Profession.OCCUPATIONAL_THERAPIST,
    Profession.SOCIAL_CARE_PROFESSIONAL,
)
GREEN, AMBER, RED = "green", "amber", "red"
TREND_SNAPSHOTS = 12  # the trend on the pages shows the latest this many snapshot dates


def thresholds() -> dict[str, tuple[Decimal, Decimal]]:
    """Open cases per FTE at which a worker of each profession turns amber, and red
    (setting CASELOAD_THRESHOLDS)."""
    return {
        profession: (Decimal(str(amber)), Decimal(str(red)))
        for profession, (amber, red) in settings.CASELOAD_THRESHOLDS.items()
    }


def band_of(profession: str, per_fte: Decimal | None, limits=None) -> str | None:
    """Green below the profession's amber threshold, amber from it, red from its red one;
    None for a profession without thresholds."""
    limits = thresholds() if limits is None else limits
    if per_fte is None or profession not in limits:
        return None
    amber, red = limits[profession]
    if per_fte >= red:
        return RED
    return AMBER if per_fte >= amber else GREEN


def staff_as_of(as_of):
    """Everyone in post on the day (a date, or an expression giving one), with
    `held_team`, `held_service`, `held_role`, `held_profession` and `held_fte` as they
    stood then: those of their posting from then (the latest that started on or before it),
    else of their first (it applies from their first day), else what their staff record
    says (someone with no posting recorded). The posting is found once for each person
    (the date it starts on, from the index of their postings) and joined, so that each
    field is a column, not a query of its own."""
    starts_on = (
        Posting.objects.filter(person=OuterRef("pk"))
        .order_by()
        .values("person")
        .annotate(on=Coalesce(Max("starts_on", filter=Q(starts_on__lte=as_of)), Min("starts_on")))
        .values("on")
    )
    fte = DecimalField(max_digits=4, decimal_places=2)
    return (
        StaffMember.objects.in_post(as_of)
        .annotate(
            held=FilteredRelation("postings", condition=Q(postings__starts_on=Subquery(starts_on)))
        )
        .annotate(
            held_team=Coalesce(F("held__team_id"), F("team_id"), output_field=IntegerField()),
            held_role=Coalesce(F("held__role"), F("role"), output_field=CharField()),
            held_profession=Coalesce(
                F("held__profession"), F("profession"), output_field=CharField()
            ),
            held_fte=Coalesce(F("held__fte"), F("fte"), output_field=fte),
            held_service=Coalesce(
                F("held__team__service_id"), F("team__service_id"), output_field=IntegerField()
            ),
        )
        .order_by()
    )


def workers_with_cases(snapshot: Snapshot):
    """Everyone in post on the snapshot's date, as they stood then, with `open_cases`,
    `weighted_load` (each open case's weight, 1 where none is given) and `overdue_reviews`
    (0 when they hold none): one query (the cases counted from the snapshot's tally)."""
    weighted = DecimalField(max_digits=12, decimal_places=2)
    return staff_as_of(snapshot.as_of).annotate(
        open_cases=Coalesce(
            tally.per_worker(snapshot, "open_cases"), Value(0), output_field=IntegerField()
        ),
        weighted_load=Coalesce(
            tally.per_worker(snapshot, "weighted_load"),
            Value(Decimal(0)),
            output_field=weighted,
        ),
        overdue_reviews=Coalesce(
            tally.per_worker(snapshot, "overdue_reviews"), Value(0), output_field=IntegerField()
        ),
    )


@dataclass
class Worker:
    pk: int
    name: str
    staff_id: str
    team_id: int
    service_id: int
    role: str
    profession: str
    fte: Decimal
    open_cases: int
    weighted_load: Decimal
    overdue_reviews: int
    team: str = ""
    service: str = ""
    band: str | None = None

    @property
    def per_fte(self) -> Decimal:
        return Decimal(self.open_cases) / self.fte

    @property
    def is_practitioner(self) -> bool:
        return self.role == Role.PRACTITIONER

    @property
    def role_label(self) -> str:
        return Role(self.role).label

    @property
    def profession_label(self) -> str:
        return Profession(self.profession).label


@dataclass
class Group:
    """The figures of a set of workers: those holding no case count as zero."""

    key: object
    label: str
    workers: int
    fte: float | None
    cases: int
    mean: float | None
    mean_per_fte: float | None
    median: float | None
    p90: float | None
    weighted: float | None
    weighted_per_fte: float | None
    overdue_reviews: int
    bands: dict[str, int] = field(default_factory=dict)

    def as_json(self) -> dict:
        """The shape of `caseload_summary --json`."""
        return {
            "workers": self.workers,
            "fte": self.fte,
            "cases": self.cases,
            "mean": self.mean,
            "mean_per_fte": self.mean_per_fte,
            "median": self.median,
            "p90": self.p90,
        }


def group_of(key, label: str, workers: list[Worker]) -> Group:
    fte = sum((w.fte for w in workers), Decimal(0))
    counts = [w.open_cases for w in workers]
    cases = sum(counts)
    weighted = sum((w.weighted_load for w in workers), Decimal(0))
    bands: dict[str, int] = defaultdict(int)
    for worker in workers:
        if worker.band:
            bands[worker.band] += 1
    return Group(
        key=key,
        label=label,
        workers=len(workers),
        fte=round2(fte),
        cases=cases,
        mean=round2(cases / len(workers)) if workers else None,
        mean_per_fte=round2(Decimal(cases) / fte) if fte else None,
        median=round2(percentile(counts, 0.5)),
        p90=round2(percentile(counts, 0.9)),
        weighted=round2(weighted),
        weighted_per_fte=round2(weighted / fte) if fte else None,
        overdue_reviews=sum(w.overdue_reviews for w in workers),
        bands=dict(bands),
    )


_WORKER_COLUMNS = (
    "pk",
    "full_name",
    "staff_id",
    "held_team",
    "held_service",
    "held_role",
    "held_profession",
    "held_fte",
    "open_cases",
    "weighted_load",
    "overdue_reviews",
)


def load_workers(snapshot: Snapshot, *, practitioners_only: bool = False) -> list[Worker]:
    """Practitioners in post on the snapshot's date (holding cases or not) and anyone else
    then in post who holds an open case, as they stood then: one query."""
    rows = workers_with_cases(snapshot)
    if practitioners_only:
        rows = rows.filter(held_role=Role.PRACTITIONER)
    else:
        rows = rows.filter(Q(held_role=Role.PRACTITIONER) | Q(open_cases__gt=0))
    limits = thresholds()
    workers = [Worker(*values) for values in rows.values_list(*_WORKER_COLUMNS)]
    for worker in workers:
        worker.band = band_of(worker.profession, worker.per_fte, limits)
    return workers


def profession_groups(workers: Iterable[Worker]) -> list[Group]:
    """The published professions' practitioners, each profession with its figures."""
    by_profession: dict[str, list[Worker]] = {p.value: [] for p in PUBLISHED_PROFESSIONS}
    for worker in workers:
        if worker.is_practitioner and worker.profession in by_profession:
            by_profession[worker.profession].append(worker)
    return [
        group_of(profession, Profession(profession).label, people)
        for profession, people in by_profession.items()
    ]


def _grouped(workers: list[Worker], key, label) -> list[Group]:
    grouped: dict[object, list[Worker]] = defaultdict(list)
    for worker in workers:
        grouped[key(worker)].append(worker)
    groups = [group_of(k, label(people[0]), people) for k, people in grouped.items()]
    return sorted(groups, key=lambda g: g.label)


@dataclass
class SnapshotFigures:
    snapshot: Snapshot
    open_cases: int
    unallocated: int
    left: int  # allocated to someone who has left (counted in unallocated)
    overdue_reviews: int
    oldest_unallocated_days: int | None
    waiting: list[tuple[str, int]]
    has_weights: bool
    workers: list[Worker]
    by_profession: list[Group]
    by_team: list[Group]
    by_service: list[Group]
    by_role: list[Group]
    leavers: list[tuple[int, str, int]]  # (staff pk, name, cases still allocated to them)


def case_totals(snapshot: Snapshot, teams: Q | None = None) -> dict:
    """Open, unallocated (and how long they have waited), left-behind and overdue cases, of
    the whole snapshot or the cases of the teams `teams` (a Q on `team`) keeps: one query."""
    return tally.totals(snapshot, teams)


def snapshot_figures(snapshot: Snapshot, scope=None) -> SnapshotFigures:
    """Every figure of a snapshot; `scope` (access.scope.StaffScope) keeps only the teams and
    services the viewer is responsible for. Four queries."""
    workers = load_workers(snapshot)
    cases = leavers = None
    teams = {
        pk: (name, service)
        for pk, name, service in Team.objects.order_by().values_list("pk", "name", "service__name")
    }
    if scope is not None and not scope.everyone:
        workers = [
            w for w in workers if w.team_id in scope.team_ids or w.service_id in scope.service_ids
        ]
        names = [teams[pk][0] for pk in teams if pk in scope.team_ids]
        in_service = Team.objects.filter(service_id__in=scope.service_ids).values("name")
        cases = Q(team__in=names) | Q(team__in=in_service)
        leavers = Q(former_worker__team_id__in=scope.team_ids) | Q(
            former_worker__team__service_id__in=scope.service_ids
        )
    for worker in workers:
        worker.team, worker.service = teams.get(worker.team_id, ("", ""))
    totals = case_totals(snapshot, cases)
    oldest = totals["oldest_unallocated"]
    return SnapshotFigures(
        snapshot=snapshot,
        open_cases=totals["open_cases"],
        unallocated=totals["unallocated"],
        left=totals["left"],
        overdue_reviews=totals["overdue_reviews"],
        oldest_unallocated_days=(snapshot.as_of - oldest).days if oldest else None,
        waiting=[(label, totals[f"wait{i}"]) for i, (_, label) in enumerate(WAIT_BANDS)],
        has_weights=totals["weights"] > 0,
        workers=sorted(workers, key=lambda w: (w.team, w.name)),
        by_profession=profession_groups(workers),
        by_team=_grouped(workers, lambda w: w.team_id, lambda w: w.team),
        by_service=_grouped(workers, lambda w: w.service_id, lambda w: w.service),
        by_role=_grouped(workers, lambda w: w.role, lambda w: w.role_label),
        leavers=tally.leavers(snapshot, leavers),
    )


def latest_snapshot() -> Snapshot | None:
    return Snapshot.objects.order_by("-as_of", "-created_at", "-pk").first()


def snapshots_with_totals():
    """Every snapshot, latest first, with its `open_cases` and `unallocated`: one query."""
    return tally.with_totals(Snapshot.objects.order_by("-as_of", "-created_at", "-pk"))


def caseloads_of(snapshot: Snapshot, staff_ids: Iterable[int]) -> list[Worker]:
    """These people's caseloads in the snapshot, as they stood on its date, banded: one
    query."""
    limits = thresholds()
    rows = workers_with_cases(snapshot).filter(pk__in=list(staff_ids))
    workers = [Worker(*values) for values in rows.values_list(*_WORKER_COLUMNS)]
    for worker in workers:
        worker.band = band_of(worker.profession, worker.per_fte, limits)
    return sorted(workers, key=lambda w: w.name)
