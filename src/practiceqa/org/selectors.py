"""Read queries for the organisation, each with a fixed number of queries."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, Subquery, Window

from practiceqa.core.imports.selectors import recent_uploads
from practiceqa.core.kept_figures import TOKEN_QUERY
from practiceqa.org.models import (
    STAFF_IMPORT_KIND,
    AccountLink,
    AccountLinkKind,
    Profession,
    Relationship,
    RelationshipKind,
    Role,
    Service,
    StaffMember,
    Team,
    in_post_q,
)

if TYPE_CHECKING:
    from practiceqa.access.scope import StaffScope


def current_links(on: datetime.date):
    """Relationships in force on a day between two people in post on that day.

    A relationship nobody ended does not outlive the people in it, so pages agree with the
    access rules (which ignore it too).
    """
    return Relationship.objects.current(on).filter(
        in_post_q(on, prefix="senior__"), in_post_q(on, prefix="junior__")
    )


# The columns a row of the staff directory shows (`staff_rows`), read as values: a page of
# fifty people built some three hundred objects (each person, team, service, supervision
# and supervisor), most of the page's time.
STAFF_ROW_COLUMNS = (
    "pk",
    "full_name",
    "job_title",
    "end_date",
    "profession",
    "role",
    # The team's and service's names are the viewer's teams' (`staff_rows`): joined here,
    # SQLite would read every team's people and sort them all to find the first fifty.
    "team_id",
)
ACCOUNT_COLUMNS = ("user_id", "user__last_login", "invited_at")
PROFESSIONS = dict(Profession.choices)
ROLES = dict(Role.choices)


@dataclass(slots=True)
class StaffRow:
    """A row of the staff directory, as plain values."""

    pk: int
    full_name: str
    job_title: str
    end_date: datetime.date | None
    profession: str  # as shown
    role: str  # as shown
    team_name: str
    service_name: str
    has_account: bool = False
    last_login: datetime.datetime | None = None
    invited_at: datetime.datetime | None = None
    supervisors: list[str] = field(default_factory=list)  # current, latest first


def staff_list(*, scope: StaffScope, filters: dict, on: datetime.date, accounts: bool = True):
    """Staff the viewer may see, filtered, as the values of `StaffRow` (with `accounts`,
    when each was last invited to choose a password and last signed in) in name order;
    `staff_rows` then makes one page of them into rows with their current supervisors."""
    queryset = StaffMember.objects.filter(scope.q())
    if filters.get("q"):
        text = filters["q"].strip()
        queryset = queryset.filter(
            Q(full_name__icontains=text)
            | Q(staff_id__iexact=text)
            | Q(email__icontains=text)
            | Q(job_title__icontains=text)
        )
    if filters.get("team"):
        queryset = queryset.filter(team_id=filters["team"])
    if filters.get("service"):
        queryset = queryset.filter(team__service_id=filters["service"])
    if filters.get("profession"):
        queryset = queryset.filter(profession=filters["profession"])
    if filters.get("role"):
        queryset = queryset.filter(role=filters["role"])
    status = filters.get("status") or "current"
    if status == "current":
        queryset = queryset.in_post(on)
    elif status == "left":
        queryset = queryset.filter(end_date__lt=on)
    columns = STAFF_ROW_COLUMNS
    if accounts:
        queryset = with_account_dates(queryset)
        columns += ACCOUNT_COLUMNS
    return queryset.order_by("full_name", "staff_id").values_list(*columns)


def staff_rows(values, *, on: datetime.date, teams: dict[int, tuple[str, str]]) -> list[StaffRow]:
    """One page of `staff_list` as rows, with each person's supervisors in force on `on`
    (one query). `teams`: the names of teams and their services by team pk, as the page
    has read them already (those of anyone in another team are read here)."""
    values = list(values)
    missing = {row[6] for row in values} - teams.keys()
    if missing:
        teams = teams | {
            pk: (name, service)
            for pk, name, service in Team.objects.filter(pk__in=missing).values_list(
                "pk", "name", "service__name"
            )
        }
    rows = []
    for row in values:
        pk, name, job_title, end_date, profession, role, team_id = row[:7]
        team, service = teams[team_id]
        found = StaffRow(
            pk=pk,
            full_name=name,
            job_title=job_title,
            end_date=end_date,
            profession=PROFESSIONS.get(profession, profession),
            role=ROLES.get(role, role),
            team_name=team,
            service_name=service,
        )
        if len(row) > 7:
            user_id, found.last_login, found.invited_at = row[7:]
            found.has_account = user_id is not None
        rows.append(found)
    by_pk = {row.pk: row for row in rows}
    supervisors = (
        current_links(on)
        .supervision()
        .filter(junior_id__in=list(by_pk))
        .values_list("junior_id", "senior__full_name")
    )
    for junior_id, senior_name in supervisors:
        by_pk[junior_id].supervisors.append(senior_name)
    return rows


def with_account_dates(queryset):
    """Annotate `invited_at`, when the person was last invited to choose a password."""
    invitations = AccountLink.objects.filter(
        user_id=OuterRef("user_id"), kind=AccountLinkKind.INVITATION
    ).order_by("-created_at")
    return queryset.annotate(invited_at=Subquery(invitations.values("created_at")[:1]))


def account_link_labels(history) -> dict:
    """Names of invitation and reset links in a person's history ("Invitation to sign in")."""
    if history is None:
        return {}
    kinds = dict(history.values_list("id", "kind").distinct())
    return {
        ("AccountLink", pk): "Invitation to sign in"
        if kind == AccountLinkKind.INVITATION
        else "Password reset link"
        for pk, kind in kinds.items()
    }


def staff_to_invite(*, on: datetime.date):
    """People in post with an account who have never signed in nor been invited."""
    return (
        with_account_dates(StaffMember.objects.in_post(on))
        .filter(user__isnull=False, user__is_active=True, user__last_login__isnull=True)
        .filter(invited_at__isnull=True)
        .select_related("team__service", "user")
        .order_by("full_name", "staff_id")
    )


def teams_in_scope(*, scope: StaffScope):
    """Teams whose pages the viewer may open."""
    return (
        Team.objects.select_related("service")
        .filter(scope.teams_q())
        .order_by("service__name", "name")
    )


def team_overview(*, scope: StaffScope, on: datetime.date) -> list[Service]:
    """Services with their teams (in the viewer's scope) and headcounts."""
    in_post = in_post_q(on, prefix="members__")
    teams = list(
        teams_in_scope(scope=scope).annotate(
            headcount=Count("members", filter=in_post, distinct=True)
        )
    )
    services: dict[int, Service] = {}
    for team in teams:
        service = services.setdefault(team.service_id, team.service)
        service.visible_teams = [*getattr(service, "visible_teams", []), team]
    return list(services.values())


@dataclass
class Member:
    staff: StaffMember
    supervisors: list[Relationship] = field(default_factory=list)
    line_managers: list[Relationship] = field(default_factory=list)
    supervisees: list[Relationship] = field(default_factory=list)


def team_members(*, team: Team, on: datetime.date) -> list[Member]:
    """Everyone in post in the team, with who supervises whom and since when."""
    staff = list(team.members.in_post(on).select_related("team__service").order_by("full_name"))
    ids = [s.pk for s in staff]
    members = {s.pk: Member(staff=s) for s in staff}
    relationships = (
        current_links(on)
        .filter(Q(junior_id__in=ids) | Q(senior_id__in=ids, kind=RelationshipKind.SUPERVISION))
        .select_related("senior__team", "junior__team")
        .order_by("starts_on")
    )
    for relationship in relationships:
        if relationship.junior_id in members:
            member = members[relationship.junior_id]
            if relationship.kind == RelationshipKind.SUPERVISION:
                member.supervisors.append(relationship)
            else:
                member.line_managers.append(relationship)
        if relationship.kind == RelationshipKind.SUPERVISION and relationship.senior_id in members:
            members[relationship.senior_id].supervisees.append(relationship)
    return list(members.values())


@dataclass
class StaffProfile:
    staff: StaffMember
    current: dict[str, list[Relationship]]
    past: list[Relationship]


def staff_profile(*, staff: StaffMember, on: datetime.date) -> StaffProfile:
    """A person's relationships: who they report to and who reports to them, then and now."""
    relationships = (
        Relationship.objects.filter(Q(junior=staff) | Q(senior=staff))
        .select_related("senior__team__service", "junior__team__service")
        .order_by("-starts_on", "kind")
    )
    current: dict[str, list[Relationship]] = defaultdict(list)
    past = []
    for relationship in relationships:
        if relationship.is_current(on):
            side = "up" if relationship.junior_id == staff.pk else "down"
            current[f"{relationship.kind}_{side}"].append(relationship)
        elif relationship.starts_on <= on:
            past.append(relationship)
        else:
            current[f"upcoming_{'up' if relationship.junior_id == staff.pk else 'down'}"].append(
                relationship
            )
    return StaffProfile(staff=staff, current=dict(current), past=past)


def staff_without_supervisor(*, scope: StaffScope, on: datetime.date):
    """Practitioners in post with no current supervisor: someone must act on these. Each
    carries `total`, how many there are in all, so that the first few and the count are one
    query."""
    # Looked up for each person (by the junior's index) rather than listing every
    # supervision in the organisation for a supervisor's handful of people.
    supervised = current_links(on).supervision().filter(junior=OuterRef("pk"))
    return (
        StaffMember.objects.filter(scope.q())
        .in_post(on)
        .filter(role="practitioner")
        .exclude(Exists(supervised))
        .annotate(total=Window(Count("pk")))
        .select_related("team__service")
        .only("full_name", "team__name", "team__service__name")
        .order_by("team__service__name", "team__name", "full_name")
    )


RELATIONSHIP_COLUMNS = (
    "kind",
    "starts_on",
    "senior__full_name",
    "junior__full_name",
    "junior__profession",
)


def relationships_of(
    *, staff: StaffMember, on: datetime.date
) -> tuple[dict[str, Relationship | None], dict[str, list[Relationship]]]:
    """Whom this person answers to (their current supervisor and line manager, the latest
    of each), and whom they currently supervise and line-manage, by name, each with how
    many people they supervise in turn (`junior_supervisees`): one query."""
    seniors: dict[str, Relationship | None] = {"supervision": None, "line_management": None}
    reports: dict[str, list[Relationship]] = {"supervision": [], "line_management": []}
    theirs = "junior__junior_relationships"
    for relationship in (
        current_links(on)
        .filter(Q(senior=staff) | Q(junior=staff))
        .select_related("senior", "junior")
        # What My work shows of them, and no more (each column is also grouped on).
        .only(*RELATIONSHIP_COLUMNS)
        .annotate(
            junior_supervisees=Count(
                theirs,
                filter=Q(**{f"{theirs}__kind": RelationshipKind.SUPERVISION})
                & Q(**{f"{theirs}__starts_on__lte": on})
                & (Q(**{f"{theirs}__ends_on__isnull": True}) | Q(**{f"{theirs}__ends_on__gte": on}))
                & in_post_q(on, prefix=f"{theirs}__junior__"),
            )
        )
        .order_by("junior__full_name", "starts_on", "pk")
    ):
        if relationship.junior_id == staff.pk:
            seniors[relationship.kind] = relationship
        else:
            reports[relationship.kind].append(relationship)
    return seniors, reports


def token_and_team_name(staff: StaffMember) -> tuple[int | None, str]:
    """The figures' version token (core.kept_figures) and the person's team's name (My
    work's heading), in one query: a page that keeps what it shows under the token asks
    for it with what it would have asked for anyway."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT ({TOKEN_QUERY}), name FROM {Team._meta.db_table} WHERE id = %s",  # noqa: S608 (constants)
            [staff.team_id],
        )
        token, name = cursor.fetchone()
    return token, name


def recent_imports(*, limit: int = 10):
    return recent_uploads(kind=STAFF_IMPORT_KIND, limit=limit)


def colleagues_in_scope(*, scope: StaffScope, on: datetime.date, excluding: StaffMember):
    """The people in post on a day whom the scope includes, but one, by name (team loaded)."""
    return (
        StaffMember.objects.in_post(on)
        .filter(scope.q())
        .exclude(pk=excluding.pk)
        .select_related("team")
        .order_by("full_name", "pk")
    )


def staff_member(*, pk: int) -> StaffMember | None:
    """A person with their team and service loaded, or None."""
    return StaffMember.objects.select_related("team__service").filter(pk=pk).first()


def staff_in_post(*, on: datetime.date):
    """Everyone in post on a day, by name: to choose a person from."""
    return StaffMember.objects.filter(in_post_q(on)).order_by("full_name", "staff_id")
