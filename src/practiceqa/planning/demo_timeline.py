"""The demo's past, replayed in order: each piece of work is done through the services at
the moment it is said to have happened (`core.clock.as_of`), so that every rule is checked
on that day and every history record carries it. Work may schedule what follows it (a
reply after a submission, a sign-off after the reply); nothing is done on or after today.
"""

import csv
import datetime
import heapq
import io
import itertools
import random
from collections import Counter
from collections.abc import Callable

from django.db import transaction

from practiceqa.core.clock import as_of, at
from practiceqa.core.services import Refusal
from practiceqa.org.models import Relationship, RelationshipKind, StaffMember
from practiceqa.org.services.supervision_sessions import (
    supervision_session_record,
    supervision_sessions_import,
)
from practiceqa.planning import demo_texts as texts


class Timeline:
    def __init__(self, *, today: datetime.date):
        self.today = today
        self._events: list = []
        self._order = itertools.count()
        # What happened, for the demo's figures and for the tests.
        self.counts: Counter = Counter()
        self.refused: Counter = Counter()

    def add(self, day: datetime.date, hour: int, work: Callable, *args) -> bool:
        """Do `work(*args)` on `day` at `hour` (minutes keep the order of one day's work),
        unless that is not in the past; says whether it will be done."""
        if day >= self.today:
            return False
        order = next(self._order)
        moment = at(day, hour, order % 60)
        heapq.heappush(self._events, (moment, order, work, args))
        return True

    def run(self) -> None:
        while self._events:
            moment, _, work, args = heapq.heappop(self._events)
            with as_of(moment):
                try:
                    with transaction.atomic():
                        work(*args)
                except Refusal as refusal:
                    # The services keep their rules in the past too: what they refuse
                    # simply did not happen (the figures say how often).
                    self.refused[f"{getattr(work, '__name__', work)}: {refusal}"[:120]] += 1


def month_starts(first: datetime.date, today: datetime.date):
    day = first.replace(day=1)
    while day < today:
        yield day
        day = (day + datetime.timedelta(days=32)).replace(day=1)


def schedule_supervision(
    timeline: Timeline,
    *,
    first: datetime.date,
    seed: int,
    importer=None,
    recording_themselves: frozenset[int] = frozenset(),
) -> None:
    """A supervision session most months for each supervision held then; about one month
    in twelve is missed. Supervisors in `recording_themselves` record theirs on the day;
    the others' come in the QA administrator's (`importer`) import at the end of each
    month, from the case recording system."""
    links = list(
        Relationship.objects.filter(kind=RelationshipKind.SUPERVISION)
        .select_related("senior__user", "junior")
        .order_by("senior_id", "junior_id", "starts_on")
    )
    monthly: dict[datetime.date, list] = {}
    for link in links:
        rng = random.Random(f"{seed}:sessions:{link.senior.staff_id}:{link.junior.staff_id}")
        for month in month_starts(first, timeline.today):
            day = month + datetime.timedelta(days=rng.randint(2, 25))
            if day.weekday() >= 5:
                day -= datetime.timedelta(days=day.weekday() - 4)
            held = link.starts_on <= day and (link.ends_on is None or day <= link.ends_on)
            if not held or rng.random() < 0.08:
                continue
            if not (link.senior.in_post_on(day) and link.junior.in_post_on(day)):
                continue
            location = texts.RECORD_LOCATIONS[rng.random() < 0.2]
            if importer is None or link.senior_id in recording_themselves:
                timeline.add(
                    day, 15, record_session, timeline, link.senior, link.junior, day, location
                )
            else:
                monthly.setdefault(month, []).append((link.senior, link.junior, day, location))
    for month, rows in monthly.items():
        last_day = (month + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
        timeline.add(
            min(last_day, timeline.today - datetime.timedelta(days=1)),
            18,
            import_sessions,
            timeline,
            importer,
            month,
            rows,
        )


def import_sessions(timeline, importer, month: datetime.date, rows) -> None:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["supervisor_staff_id", "supervisee_staff_id", "held_on", "record_location"])
    for supervisor, supervisee, day, location in sorted(rows, key=lambda r: (r[2], r[0].pk)):
        writer.writerow([supervisor.staff_id, supervisee.staff_id, day.isoformat(), location])
    result = supervision_sessions_import(
        content=out.getvalue().encode(),
        filename=f"supervision-sessions-{month:%Y-%m}.csv",
        imported_by=importer,
    )
    timeline.counts["supervision sessions"] += result.created


def record_session(timeline, supervisor: StaffMember, supervisee, day, location) -> None:
    supervision_session_record(
        recorded_by=supervisor.user,
        supervisor=supervisor,
        supervisee=supervisee,
        held_on=day,
        record_location=location,
    )
    timeline.counts["supervision sessions"] += 1
