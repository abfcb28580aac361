"""The organisation of a plan year, dated, ready to compute with: who was in post when, in
which team, role and profession, who supervised and line-managed whom, and who managed each
team and service. Loaded in a fixed number of queries whatever the size of the council."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from practiceqa.core.values import value_rows
from practiceqa.org.models import (
    LINE_ABOVE,
    Relationship,
    RelationshipKind,
    Role,
    StaffMember,
)
from practiceqa.org.postings import Held, held_on, timelines_of
from practiceqa.planning.schedule import Interval, Window, intersect, year_end, year_start

FOREVER = datetime.date(9999, 12, 31)
MANAGER_ROLES = (Role.TEAM_MANAGER, Role.SERVICE_MANAGER, Role.HEAD_OF_SERVICE)


@dataclass
class Person:
    id: int
    start: datetime.date
    end: datetime.date | None
    held: list[Held]

    @property
    def in_post(self) -> Interval:
        return (self.start, self.end or FOREVER)

    def held_in(self, window: Window) -> Held | None:
        """What the person held in a window: on its last day, or on their last day in it."""
        last = min(window.end, self.end or FOREVER)
        return held_on(self.held, max(last, self.start))

    def intervals_as(self, *, roles=None, professions=None) -> list[Interval]:
        """The days in post that the person held one of these roles and professions."""
        result = []
        for held in self.held:
            if roles and held.role not in roles:
                continue
            if professions and held.profession not in professions:
                continue
            part = intersect((held.starts_on, held.ends_on or FOREVER), self.in_post)
            if part is not None:
                result.append(part)
        return result


@dataclass(slots=True)
class Link:
    other_id: int  # the senior for a junior's links, the junior for a senior's
    interval: Interval


@dataclass
class Organisation:
    """Staff, their postings and effective-dated relationships of a year."""

    people: dict[int, Person]
    seniors: dict[tuple[str, int], list[Link]] = field(default_factory=lambda: defaultdict(list))
    juniors: dict[tuple[str, int], list[Link]] = field(default_factory=lambda: defaultdict(list))
    # (role, "team" or "service" or "all", id) -> the people holding that role there, when.
    managers: dict[tuple, list[Link]] = field(default_factory=lambda: defaultdict(list))

    def intervals(self, kind: str, person_id: int, *, as_senior: bool = False) -> list[Interval]:
        links = (self.juniors if as_senior else self.seniors)[(kind, person_id)]
        return [link.interval for link in links]


def load_organisation(year: int) -> Organisation:
    """Everyone in post at some time in the year, their postings, and every relationship
    touching it. A relationship counts only while both people in it are in post."""
    first, last = year_start(year), year_end(year)
    staff = StaffMember.objects.filter(start_date__lte=last).exclude(end_date__lt=first)
    people = {
        pk: Person(id=pk, start=timeline[0].starts_on, end=timeline[-1].ends_on, held=timeline)
        for pk, timeline in timelines_of(staff).items()
    }
    organisation = Organisation(people=people)
    for person in people.values():
        for held in person.held:
            if held.role not in MANAGER_ROLES:
                continue
            interval = intersect((held.starts_on, held.ends_on or FOREVER), person.in_post)
            if interval is None:
                continue
            link = Link(person.id, interval)
            organisation.managers[(held.role, "team", held.team_id)].append(link)
            organisation.managers[(held.role, "service", held.service_id)].append(link)
            organisation.managers[(held.role, "all", 0)].append(link)
    relationships = value_rows(
        Relationship.objects.filter(starts_on__lte=last).exclude(ends_on__lt=first).order_by(),
        *("kind", "senior_id", "junior_id", "starts_on", "ends_on"),
    )
    # Each relationship clipped to the days both people are in post (`intersect`, inline:
    # thousands of rows).
    in_post = {pk: (person.start, person.end or FOREVER) for pk, person in people.items()}
    seniors, juniors = organisation.seniors, organisation.juniors
    for kind, senior_id, junior_id, starts_on, ends_on in relationships:
        senior_post, junior_post = in_post.get(senior_id), in_post.get(junior_id)
        if senior_post is None or junior_post is None:
            continue
        low = max(starts_on, junior_post[0], senior_post[0])
        high = min(ends_on or FOREVER, junior_post[1], senior_post[1])
        if low > high:
            continue
        interval = (low, high)
        seniors[(kind, junior_id)].append(Link(senior_id, interval))
        juniors[(kind, senior_id)].append(Link(junior_id, interval))
    return organisation


def last_in_window(links: list[Link], window: Window, *, besides: int | None = None) -> int | None:
    """Whoever holds the link on the window's last day, or else the last one in the window."""
    best = None
    first, last = window.start, window.end
    for link in links:
        if link.other_id == besides:
            continue
        start, end = link.interval  # clipped to the window (`clip`, inline)
        if start < first:
            start = first
        if end > last:
            end = last
        if start > end:
            continue
        rank = (end, start, -link.other_id)
        if best is None or rank > best[0]:
            best = (rank, link.other_id)
    return best[1] if best else None


def line_above(organisation: Organisation, subject: Person, window: Window) -> list[int | None]:
    """The managers up a person's line in a window, nearest first, for an item whose own
    lead is not recorded: their supervisor's line manager, then `LINE_ABOVE` (the manager
    of their team, of their service, the head of their service, any head of service), the
    succession the sign-off of audits follows too (`Relationship.objects.nearest_seniors`)."""
    found = []
    supervisor = last_in_window(
        organisation.seniors[(RelationshipKind.SUPERVISION, subject.id)], window
    )
    if supervisor is not None:
        found.append(
            last_in_window(
                organisation.seniors[(RelationshipKind.LINE_MANAGEMENT, supervisor)],
                window,
                besides=subject.id,
            )
        )
    held = subject.held_in(window)
    if held is not None:
        where = {"team": held.team_id, "service": held.service_id, "all": 0}
        for role, level in LINE_ABOVE:
            found.append(
                last_in_window(
                    organisation.managers[(role, level, where[level])], window, besides=subject.id
                )
            )
    return found
