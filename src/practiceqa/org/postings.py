"""A person's postings (team, role, profession, FTE) over time: reading them as a timeline,
and writing them together with the StaffMember fields that repeat the latest one."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.utils import timezone

from practiceqa.core.bulk import create_with_history, update_values_with_history
from practiceqa.core.values import value_rows
from practiceqa.org.models import Posting, StaffMember, Team

ONE_DAY = datetime.timedelta(days=1)
POSTED_FIELDS = ("team", "role", "profession", "fte")


@dataclass(frozen=True)
class Held:
    """What a person held from `starts_on` to `ends_on` (inclusive; None while it lasts)."""

    starts_on: datetime.date
    ends_on: datetime.date | None
    team_id: int
    service_id: int
    role: str
    profession: str
    fte: Decimal

    def holds_on(self, day: datetime.date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


def held_on(timeline: list[Held], day: datetime.date) -> Held | None:
    """The posting that held on a day; before the first one, the first (what the person was
    first recorded as); after the last one ended, the last."""
    if not timeline:
        return None
    for held in timeline:
        if held.holds_on(day):
            return held
    return timeline[0] if day < timeline[0].starts_on else timeline[-1]


def timelines(*, people: list[tuple], postings: list[tuple], services: dict[int, int]):
    """Each person's postings from their first day to their last, in order.

    `people`: (id, start_date, end_date, team_id, role, profession, fte) as StaffMember holds
    them; `postings`: (person_id, starts_on, team_id, role, profession, fte); `services`: team
    id -> service id. Someone with no posting recorded has held their StaffMember values
    since they started; the first posting applies from the person's first day."""
    by_person: dict[int, list[tuple]] = defaultdict(list)
    for staff_id, *values in sorted(postings, key=lambda row: (row[0], row[1])):
        by_person[staff_id].append(tuple(values))
    result: dict[int, list[Held]] = {}
    for pk, start, end, team_id, role, profession, fte in people:
        recorded = [row for row in by_person.get(pk, []) if end is None or row[0] <= end]
        # Of the postings from before the first day, the last is what they started as.
        before = [row for row in recorded if row[0] <= start][-1:]
        rows = before + [row for row in recorded if row[0] > start]
        if not rows:
            rows = [(start, team_id, role, profession, fte)]
        timeline = []
        for index, (starts_on, team, held_role, held_profession, held_fte) in enumerate(rows):
            following = rows[index + 1][0] - ONE_DAY if index + 1 < len(rows) else end
            timeline.append(
                Held(
                    starts_on=start if index == 0 else starts_on,
                    ends_on=following,
                    team_id=team,
                    service_id=services.get(team, 0),
                    role=held_role,
                    profession=held_profession,
                    fte=held_fte,
                )
            )
        result[pk] = timeline
    return result


def timelines_of(staff_queryset) -> dict[int, list[Held]]:
    """The timelines of the people in a queryset: three queries however many there are."""
    people = value_rows(
        staff_queryset.order_by(),
        *("id", "start_date", "end_date", "team_id", "role", "profession", "fte"),
    )
    # The people again as a subquery, not thousands of ids as parameters.
    postings = value_rows(
        Posting.objects.filter(person__in=staff_queryset.order_by().values("pk")).order_by(),
        *("person_id", "starts_on", "team_id", "role", "profession", "fte"),
    )
    services = dict(Team.objects.order_by().values_list("id", "service_id"))
    return timelines(people=people, postings=postings, services=services)


class NewPerson(NamedTuple):
    """Someone just added, as `postings_write` needs them (without loading them back)."""

    pk: int
    start_date: datetime.date
    team_id: int
    role: str
    profession: str
    fte: Decimal


def _values(staff: StaffMember | NewPerson) -> dict:
    return {
        name: getattr(staff, f"{name}_id" if name == "team" else name) for name in POSTED_FIELDS
    }


def postings_write(
    *, changes: list[tuple[StaffMember | NewPerson, datetime.date, dict]], history: dict
):
    """Record new postings in bulk, with history.

    `changes`: (person with their new values already set, the day they apply from, the values
    they had before, by field name, or {} for someone new). A person's posting on the same
    day is corrected rather than doubled; someone who had no posting yet gets one for what
    they were from their first day. Writing the StaffMember fields is the caller's, in the
    same transaction."""
    if not changes:
        return
    # Someone just added has no posting yet: only the others' are looked up, as values.
    ids = [staff.pk for staff, _, _ in changes if not isinstance(staff, NewPerson)]
    existing: dict[tuple[int, datetime.date], int] = {}
    has_any: set[int] = set()
    if ids:
        for pk, person_id, starts_on in value_rows(
            Posting.objects.filter(person_id__in=ids).order_by(), "id", "person_id", "starts_on"
        ):
            existing[(person_id, starts_on)] = pk
            has_any.add(person_id)
    to_create, to_update, now = [], {}, timezone.now()
    for staff, starts_on, before in changes:
        if staff.pk not in has_any and before and starts_on > staff.start_date:
            to_create.append(
                {
                    "person_id": staff.pk,
                    "starts_on": staff.start_date,
                    "team_id": before["team"],
                    "role": before["role"],
                    "profession": before["profession"],
                    "fte": before["fte"],
                }
            )
        values = _values(staff)
        posting = existing.get((staff.pk, starts_on))
        if posting is None:
            to_create.append(
                {
                    "person_id": staff.pk,
                    "starts_on": starts_on,
                    "team_id": values["team"],
                    "role": values["role"],
                    "profession": values["profession"],
                    "fte": values["fte"],
                }
            )
            continue
        to_update[posting] = {
            "team_id": values["team"],
            "role": values["role"],
            "profession": values["profession"],
            "fte": values["fte"],
            "updated_at": now,
        }
    if to_create:
        create_with_history(Posting, to_create, **history)
    if to_update:
        update_values_with_history(
            Posting, to_update, ["team", "role", "profession", "fte", "updated_at"], **history
        )


def values_before(staff: StaffMember) -> dict:
    """A person's posted values, to pass to `postings_write` before they are changed."""
    return _values(staff)


def staff_postings(*, staff: StaffMember) -> list[Posting]:
    """A person's postings, latest first, with team and service, for the staff page."""
    return list(
        Posting.objects.filter(person=staff).select_related("team__service").order_by("-starts_on")
    )
