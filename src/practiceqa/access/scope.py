"""Whose records a signed-in person may see, worked out once per request.

Access follows the organisation:
- the Principal Social Worker, directors and QA administrators see everyone;
- a service manager or head of service sees everyone in their service's teams;
- a team manager sees everyone in their team;
- anyone who supervises or line-manages sees those people, and everyone below them
  (a line manager of supervisors sees the supervisors and their supervisees);
- everyone sees their own record;
- someone who has left (or whose account is inactive) sees nothing.
Supervisor capacity comes from holding a current supervision relationship, not a role. A
relationship stops counting once the junior has left, even if nobody has ended it.

Team pages follow the same scope: a person may open the page of their own team and of every
team someone they may see belongs to.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from practiceqa.org.models import Relationship, Role, StaffMember, in_post_q

WHOLE_ORGANISATION_ROLES = frozenset(
    {Role.PRINCIPAL_SOCIAL_WORKER, Role.DIRECTOR, Role.QA_ADMINISTRATOR}
)
SERVICE_ROLES = frozenset({Role.SERVICE_MANAGER, Role.HEAD_OF_SERVICE})
TEAM_ROLES = frozenset({Role.TEAM_MANAGER})


@dataclass(frozen=True)
class StaffScope:
    everyone: bool = False
    self_id: int | None = None
    staff_ids: frozenset[int] = frozenset()
    team_ids: frozenset[int] = frozenset()
    service_ids: frozenset[int] = frozenset()
    supervisee_ids: frozenset[int] = frozenset()
    report_ids: frozenset[int] = frozenset()
    # Teams of the people in `staff_ids` (their own team included): pages they may open.
    member_team_ids: frozenset[int] = frozenset()

    def q(self, prefix: str = "") -> Q:
        """A filter on StaffMember (or on a model reaching it through `prefix`)."""
        if self.everyone:
            return Q()
        return (
            Q(**{f"{prefix}id__in": self.staff_ids})
            | Q(**{f"{prefix}team_id__in": self.team_ids})
            | Q(**{f"{prefix}team__service_id__in": self.service_ids})
        )

    def includes(self, staff: StaffMember) -> bool:
        """Needs `staff.team` loaded to avoid a query."""
        return (
            self.everyone
            or staff.pk in self.staff_ids
            or staff.team_id in self.team_ids
            or staff.team.service_id in self.service_ids
        )

    def includes_ids(self, staff_id: int, team_id: int | None, service_id: int | None) -> bool:
        """`includes` from plain values (a person, their team and its service), for rows
        read without model instances."""
        return (
            self.everyone
            or staff_id in self.staff_ids
            or team_id in self.team_ids
            or service_id in self.service_ids
        )

    def includes_team(self, team) -> bool:
        """The whole team is in scope: the viewer is responsible for it."""
        return self.everyone or team.pk in self.team_ids or team.service_id in self.service_ids

    def sees_team(self, team) -> bool:
        """The viewer may open the team's page: it is in scope or someone they see is in it."""
        return self.includes_team(team) or team.pk in self.member_team_ids

    def teams_q(self, prefix: str = "") -> Q:
        """A filter on Team for the teams whose pages the viewer may open."""
        if self.everyone:
            return Q()
        return Q(**{f"{prefix}pk__in": self.team_ids | self.member_team_ids}) | Q(
            **{f"{prefix}service_id__in": self.service_ids}
        )

    @property
    def is_only_self(self) -> bool:
        return not (self.everyone or self.team_ids or self.service_ids or len(self.staff_ids) > 1)


NOBODY = StaffScope()


def _people_below(staff_id: int, on: datetime.date) -> tuple[dict[int, int], set[int], set[int]]:
    """Everyone below a person through current supervision and line management.

    Returns the team of each person below, and the direct supervisees and reports. Someone
    who has left is not below anyone, and nobody is reached through them. One query per
    level of the hierarchy, however many people there are.
    """
    below: dict[int, int] = {}
    supervisees: set[int] = set()
    reports: set[int] = set()
    frontier = {staff_id}
    first_level = True
    while frontier:
        links = list(
            Relationship.objects.current(on)
            .filter(in_post_q(on, prefix="junior__"), senior_id__in=frontier)
            .values_list("kind", "junior_id", "junior__team_id")
        )
        if first_level:
            supervisees = {j for kind, j, _ in links if kind == "supervision"}
            reports = {j for kind, j, _ in links if kind == "line_management"}
            first_level = False
        found = {junior: team for _, junior, team in links}
        frontier = set(found) - set(below) - {staff_id}
        below.update({junior: found[junior] for junior in frontier})
    return below, supervisees, reports


def _people_above(staff_id: int, on: datetime.date, *, looking_for: int) -> bool:
    """Whether `looking_for` is above a person through current supervision and line
    management: the links `_people_below` follows, walked upwards from the person (one
    query per level above them, stopping once found)."""
    seen = {staff_id}
    frontier = {staff_id}
    while frontier:
        seniors = set(
            Relationship.objects.current(on)
            .filter(in_post_q(on, prefix="junior__"), junior_id__in=frontier)
            .values_list("senior_id", flat=True)
        )
        if looking_for in seniors:
            return True
        frontier = seniors - seen
        seen |= frontier
    return False


def scope_includes(user, staff: StaffMember) -> bool:
    """`scope_for(user).includes(staff)` for someone other than the signed-in person (the
    auditor of an audit being shown): the same answer, found by walking up from `staff`
    towards the user instead of working out everyone the user sees. Needs `staff.team`
    loaded, and the user's staff record's team, to avoid queries."""
    cached = getattr(user, "_practiceqa_scope", None) if user is not None else None
    if cached is not None:
        return cached.includes(staff)
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    me = staff_member_of(user)
    if me is None:
        return False
    today = timezone.localdate()
    if not me.in_post_on(today):
        return False
    if me.role in WHOLE_ORGANISATION_ROLES or staff.pk == me.pk:
        return True
    if me.role in TEAM_ROLES and staff.team_id == me.team_id:
        return True
    if me.role in SERVICE_ROLES and staff.team.service_id == me.team.service_id:
        return True
    return _people_above(staff.pk, today, looking_for=me.pk)


def scope_for(user) -> StaffScope:
    """The scope of a user, computed once and kept on the user object for the request."""
    cached = getattr(user, "_practiceqa_scope", None)
    if cached is not None:
        return cached
    scope = _compute_scope(user)
    if user is not None:
        user._practiceqa_scope = scope
    return scope


def staff_member_of(user) -> StaffMember | None:
    """The user's staff record; asked of the database at most once per request."""
    if user is None or not user.is_authenticated or getattr(user, "_practiceqa_no_staff", False):
        return None
    try:
        return user.staff_member
    except StaffMember.DoesNotExist:
        user._practiceqa_no_staff = True
        return None


def _compute_scope(user) -> StaffScope:
    if user is None or not user.is_authenticated or not user.is_active:
        return NOBODY
    if user.is_superuser:
        return StaffScope(everyone=True)
    me = staff_member_of(user)
    if me is None:
        return NOBODY
    today = timezone.localdate()
    if not me.in_post_on(today):
        return NOBODY
    if me.role in WHOLE_ORGANISATION_ROLES:
        return StaffScope(everyone=True, self_id=me.pk)
    below, supervisees, reports = _people_below(me.pk, today)
    team_ids = frozenset({me.team_id}) if me.role in TEAM_ROLES else frozenset()
    service_ids = frozenset({me.team.service_id}) if me.role in SERVICE_ROLES else frozenset()
    return StaffScope(
        self_id=me.pk,
        staff_ids=frozenset({*below, me.pk}),
        team_ids=team_ids,
        service_ids=service_ids,
        supervisee_ids=frozenset(supervisees),
        report_ids=frozenset(reports),
        member_team_ids=frozenset({*below.values(), me.team_id}),
    )
