"""The demo council's caseload snapshots (a part of the demo's past: `planning.demo_caseload`
schedules them with the caseload audit, since the plan is above this app).

At the end of each quarter, last year and this year to date, and for the quarter to date
a week ago, the case management system ("care-director") exports every open case and
those closed since the last export; the QA administrator imports it on the next working
day: the first time making the mapping from the file's columns on the web (the mapping
services), then upload and confirm (the import services). The cases follow from the seed:
each social worker, occupational therapist and social care professional holds a caseload
of their own (most below their profession's amber threshold, some amber, a few red) that
drifts from quarter to quarter, cases open and close, a few wait unallocated (some for
months), some reviews are overdue, most cases carry a complexity weight, and once the
council's two leavers have gone each still has one case in the export.
"""

import csv
import datetime
import io
import random
from dataclasses import dataclass

from django.conf import settings

from practiceqa.caseloads.imports import CaseloadImporter, stored_mapping
from practiceqa.caseloads.mappings import (
    draft_date_formats,
    draft_statuses,
    mapping_draft_choose_columns,
    mapping_draft_finish,
    mapping_draft_start,
    mapping_save,
)
from practiceqa.core.imports.services import import_apply, import_preview
from practiceqa.org.models import Role, StaffMember

MAPPING = "care-director"
# Our field: the export's heading.
HEADINGS = {
    "case_reference": "Person ID",
    "worker_staff_id": "Allocated Worker ID",
    "status": "Case Status",
    "opened_on": "Start Date",
    "allocated_on": "Allocated Date",
    "team": "Team",
    "weight": "Complexity",
    "review_due_on": "Review Due",
}
DATE_FORMAT = "%d/%m/%Y"
OPEN, CLOSED = ("Open", "Open - Review Due"), ("Closed", "Closed - No Further Action")
WEIGHTS = ("1", "1", "1", "1", "1.5", "1.5", "2", "3", "")  # "": none given (counts as 1)
# How a practitioner's caseload stands against their profession's thresholds, and how
# likely each is.
BANDS = (("green", 0.7), ("amber", 0.2), ("red", 0.1))
CLOSING = (0.15, 0.3)  # of a worker's open cases, the share closed in a quarter
REVIEWED = 0.8  # a review that falls due is done (the rest are overdue)
UNALLOCATED_WAITS = ((3, 27), (3, 27), (30, 88), (30, 88), (95, 170))
LEFT_WITH_LEAVER = 1  # of a leaver's cases, those the export still gives them
QUARTER_ENDS = ((6, 30), (9, 30), (12, 31), (3, 31))
TO_DATE = 7  # days before today: the export of the quarter to date


def _days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def snapshot_dates(*, last_year: int, this_year: int, today: datetime.date) -> list:
    """The as-of dates of the exports: each quarter's end, last year and this year, while
    it is imported before today, and a week ago for the quarter to date."""
    dates = [
        datetime.date(year + (month < 4), month, day)
        for year in (last_year, this_year)
        for month, day in QUARTER_ENDS
    ]
    dates = [d for d in dates if imported_on(d) < today]
    to_date = today - _days(TO_DATE)
    if not dates or to_date > dates[-1]:
        dates.append(to_date)
    return dates


def imported_on(as_of: datetime.date) -> datetime.date:
    """The next working day after the export."""
    day = as_of + _days(1)
    while day.weekday() >= 5:
        day += _days(1)
    return day


@dataclass
class _Case:
    reference: str
    worker: StaffMember | None
    team: str
    opened: datetime.date
    allocated: datetime.date | None
    weight: str
    review: datetime.date
    closed: datetime.date | None = None
    status: str = ""


class _Caseloads:
    """The case system's cases from one export to the next, from a seeded generator."""

    def __init__(self, seed: int):
        self.rng = random.Random(f"{seed}:caseloads")
        self.counter = 0
        self.cases: list[_Case] = []  # open, and closed since the last export
        self.target: dict[int, float] = {}  # each worker's open cases per FTE
        self.practitioners = list(
            StaffMember.objects.filter(
                role=Role.PRACTITIONER, profession__in=list(settings.CASELOAD_THRESHOLDS)
            )
            .select_related("team")
            .order_by("staff_id")
        )
        seen: dict[str, int] = {}
        for person in self.practitioners:
            # The first three of each profession, one of each band; the rest at random.
            n = seen[person.profession] = seen.get(person.profession, -1) + 1
            band = self._band(n)
            amber, red = settings.CASELOAD_THRESHOLDS[person.profession]
            self.target[person.pk] = {
                "green": amber - self.rng.uniform(3, 9),
                "amber": self.rng.uniform(amber + 0.5, red - 1),
                "red": red + self.rng.uniform(0.5, 4),
            }[band]

    def _band(self, n: int) -> str:
        if n < len(BANDS):
            return BANDS[-1 - n][0]
        names, weights = zip(*BANDS, strict=True)
        return self.rng.choices(names, weights)[0]

    def _new(self, worker, team: str, opened: datetime.date, as_of: datetime.date) -> _Case:
        self.counter += 1
        allocated = None
        if worker is not None:
            allocated = opened + _days(self.rng.randint(0, 12))
            allocated = min(max(allocated, worker.start_date), as_of)
        review = (allocated or opened) + _days(self.rng.randint(300, 380))
        return _Case(
            reference=f"P{100000 + self.counter * 7:07d}",
            worker=worker,
            team=team,
            opened=opened,
            allocated=allocated,
            weight=self.rng.choice(WEIGHTS),
            review=review,
        )

    def export(self, as_of: datetime.date, since: datetime.date | None) -> bytes:
        """The export of `as_of`: every open case and those closed since `since`."""
        first = since is None
        since = since or as_of - _days(91)
        self.cases = [c for c in self.cases if c.closed is None and c.worker is not None]
        in_post = [p for p in self.practitioners if p.in_post_on(as_of)]
        by_worker: dict[int, list[_Case]] = {}
        for case in self.cases:
            by_worker.setdefault(case.worker.pk, []).append(case)
        self._leavers(as_of, since, by_worker, in_post)
        drift = self.rng.uniform(-0.8, 0.8)  # the council's caseloads, up or down a little
        for person in in_post:
            held = by_worker.setdefault(person.pk, [])
            wanted = round(max(self.target[person.pk] + drift, 1) * float(person.fte))
            if first:  # the cases they held a quarter ago
                self._top_up(person, held, wanted, as_of, back=700)
            self._close(held, as_of, since)
            self._top_up(person, held, wanted, as_of, back=(as_of - since).days)
        for case in self.cases:
            if case.closed is None and case.review < as_of and self.rng.random() < REVIEWED:
                case.review += _days(365)
        rows = [c for c in self.cases if c.closed is None or c.closed > since]
        return self._csv(rows + self._unallocated(as_of, in_post), as_of)

    def _close(self, held: list[_Case], as_of, since) -> None:
        share = self.rng.uniform(*CLOSING)
        for case in held:
            start = max(since, case.opened)
            if case.closed is None and (as_of - start).days > 0 and self.rng.random() < share:
                case.closed = start + _days(self.rng.randint(1, (as_of - start).days))
                case.status = self.rng.choice(CLOSED)

    def _top_up(self, person, held: list[_Case], wanted: int, as_of, *, back: int) -> None:
        back = min(back, (as_of - person.start_date).days)
        for _ in range(wanted - sum(1 for c in held if c.closed is None)):
            opened = as_of - _days(self.rng.randint(0, max(back, 0)))
            case = self._new(person, person.team.name, opened, as_of)
            held.append(case)
            self.cases.append(case)

    def _leavers(self, as_of, since, by_worker, in_post) -> None:
        """A leaver's cases go to a colleague in their team, or wait unallocated; the
        export still gives them the last few."""
        for person in self.practitioners:
            if person.pk not in by_worker or not person.left_before(as_of):
                continue
            held = sorted(by_worker.pop(person.pk), key=lambda c: c.opened)
            kept = [c for c in held if c.closed is None][:LEFT_WITH_LEAVER]
            colleagues = [p for p in in_post if p.team_id == person.team_id] or in_post
            for case in held:
                if case in kept:
                    continue
                if case.closed is not None or self.rng.random() < 0.3:
                    self.cases.remove(case)
                    continue
                case.worker = self.rng.choice(colleagues)
                case.allocated = max(person.end_date, since) + _days(1)
                by_worker.setdefault(case.worker.pk, []).append(case)

    def _unallocated(self, as_of, in_post) -> list[_Case]:
        teams = sorted({p.team.name for p in in_post}) or [""]
        waiting = []
        for low, high in UNALLOCATED_WAITS:
            if self.rng.random() < 0.8:
                opened = as_of - _days(self.rng.randint(low, high))
                waiting.append(self._new(None, self.rng.choice(teams), opened, as_of))
        return waiting

    def _csv(self, cases: list[_Case], as_of: datetime.date) -> bytes:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(HEADINGS.values())
        for case in sorted(cases, key=lambda c: c.reference):
            writer.writerow(
                [
                    case.reference,
                    case.worker.staff_id if case.worker else "",
                    case.status or OPEN[case.review < as_of],
                    f"{case.opened:{DATE_FORMAT}}",
                    f"{case.allocated:{DATE_FORMAT}}" if case.allocated else "",
                    case.team,
                    case.weight,
                    f"{case.review:{DATE_FORMAT}}",
                ]
            )
        return out.getvalue().encode()


def qa_administrator():
    return (
        StaffMember.objects.filter(role=Role.QA_ADMINISTRATOR)
        .select_related("user")
        .order_by("staff_id")
        .first()
    )


def schedule_snapshots(timeline, *, last_year: int, this_year: int, seed: int) -> list:
    """Each export imported by the QA administrator on the day after it was taken; the
    as-of dates and import days, in order. Nothing without a QA administrator."""
    admin = qa_administrator()
    if admin is None or admin.user is None:
        return []
    caseloads = _Caseloads(seed)
    scheduled, since = [], None
    for as_of in snapshot_dates(last_year=last_year, this_year=this_year, today=timeline.today):
        content = caseloads.export(as_of, since)
        day = imported_on(as_of)
        if timeline.add(day, 9, import_caseload_snapshot, timeline, admin.pk, as_of, content):
            scheduled.append((as_of, day))
        since = as_of
    return scheduled


def import_caseload_snapshot(timeline, admin_pk: int, as_of: datetime.date, content: bytes) -> None:
    """Upload, preview and confirm, as on the web; the first time, the mapping is made
    from the file's columns."""
    user = StaffMember.objects.select_related("user").get(pk=admin_pk).user
    filename = f"care-director-caseloads-{as_of:%Y-%m-%d}.csv"
    mapping = stored_mapping(MAPPING)
    if mapping is None:
        draft = mapping_draft_start(
            content=content, filename=filename, as_of=as_of, started_by=user
        )
        mapping_draft_choose_columns(draft=draft, columns=HEADINGS, chosen_by=user)
        mapping = mapping_save(
            draft=draft,
            name=MAPPING,
            closed_statuses=[s for s in draft_statuses(draft) if s in CLOSED],
            date_formats=draft_date_formats(draft),
            saved_by=user,
        )
        content, filename, as_of = mapping_draft_finish(draft=draft)
        timeline.counts["caseload mappings"] += 1
    importer = CaseloadImporter(options={"as_of": as_of.isoformat(), "mapping": mapping})
    upload = import_preview(importer=importer, content=content, filename=filename, uploaded_by=user)
    import_apply(
        importer=importer,
        upload=upload,
        applied_by=user,
        expected_fingerprint=upload.plan_fingerprint,
    )
    timeline.counts["caseload snapshots"] += 1
