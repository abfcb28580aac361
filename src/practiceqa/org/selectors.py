"""Read queries for the organisation, each with a fixed number of queries."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q

from practiceqa.access.scope import StaffScope
from practiceqa.org.models import (
    Relationship,
    RelationshipKind,
    Service,
    StaffImport,
    StaffMember,
    Team,
)


def staff_list(*, scope: StaffScope, filters: dict, on: datetime.date):
    """Staff the viewer may see, filtered, with team, service and current supervisor."""
    queryset = (
        StaffMember.objects.filter(scope.q())
        .select_related("team__service")
        .prefetch_related(
            Prefetch(
                "senior_relationships",
                queryset=Relationship.objects.current(on).supervision().select_related("senior"),
                to_attr="current_supervision",
            )
        )
    )
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
    return queryset.order_by("full_name", "staff_id")


def teams_in_scope(*, scope: StaffScope):
    teams = Team.objects.select_related("service")
    if not scope.everyone:
        teams = teams.filter(
            Q(pk__in=scope.team_ids)
            | Q(service_id__in=scope.service_ids)
            | Q(members__pk__in=scope.staff_ids)
        ).distinct()
    return teams.order_by("service__name", "name")


def team_overview(*, scope: StaffScope, on: datetime.date) -> list[Service]:
    """Services with their teams (in the viewer's scope) and headcounts."""
    in_post = Q(members__start_date__lte=on) & (
        Q(members__end_date__isnull=True) | Q(members__end_date__gte=on)
    )
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
        Relationship.objects.current(on)
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
    """Practitioners in post with no current supervisor: someone must act on these."""
    supervised = Relationship.objects.current(on).supervision().values("junior_id")
    return (
        StaffMember.objects.filter(scope.q())
        .in_post(on)
        .filter(role="practitioner")
        .exclude(pk__in=supervised)
        .select_related("team__service")
        .order_by("team__service__name", "team__name", "full_name")
    )


def direct_reports(*, staff: StaffMember, on: datetime.date) -> dict[str, list[Relationship]]:
    """People this person currently supervises and line-manages."""
    result: dict[str, list[Relationship]] = {"supervision": [], "line_management": []}
    for relationship in (
        Relationship.objects.current(on)
        .filter(senior=staff)
        .select_related("junior__team__service")
        .annotate(
            junior_supervisees=Count(
                "junior__junior_relationships",
                filter=Q(junior__junior_relationships__kind=RelationshipKind.SUPERVISION)
                & Q(junior__junior_relationships__starts_on__lte=on)
                & (
                    Q(junior__junior_relationships__ends_on__isnull=True)
                    | Q(junior__junior_relationships__ends_on__gte=on)
                ),
            )
        )
        .order_by("junior__full_name")
    ):
        result[relationship.kind].append(relationship)
    return result


def current_seniors(*, staff: StaffMember, on: datetime.date) -> dict[str, Relationship | None]:
    found = {"supervision": None, "line_management": None}
    for relationship in (
        Relationship.objects.current(on)
        .filter(junior=staff)
        .select_related("senior")
        .order_by("starts_on")
    ):
        found[relationship.kind] = relationship
    return found


def recent_imports(*, limit: int = 10):
    return StaffImport.objects.select_related("uploaded_by", "applied_by").defer("content")[:limit]


@dataclass
class HistoryEntry:
    when: datetime.datetime
    who: str
    what: str
    record: str
    changes: list[tuple[str, str, str]]
    reason: str


_HISTORY_TYPES = {"+": "Created", "~": "Changed", "-": "Deleted"}


def _history_value(field_name: str, value, names: dict[str, dict]) -> str:
    if value is None or value == "":
        return "(none)"
    if field_name in names:
        return names[field_name].get(value, str(value))
    return str(value)


def _record_label(row, people: dict[int, str]) -> str:
    if hasattr(row, "senior_id"):
        kind = "Supervision" if row.kind == RelationshipKind.SUPERVISION else "Line management"
        return f"{kind}: {people.get(row.senior_id)} of {people.get(row.junior_id)}"
    return getattr(row, "full_name", None) or getattr(row, "name", None) or str(row.id)


def history_of(*, histories: list) -> list[HistoryEntry]:
    """History entries of records, newest first, each with what changed and who changed it.

    `histories` are querysets of historical records; entries of the same record are compared
    with each other. A fixed number of queries, however long the history.
    """
    rows = []
    for queryset in histories:
        rows.extend(queryset.select_related("history_user").order_by("history_date"))
    team_ids = {getattr(row, "team_id", None) for row in rows} - {None}
    staff_ids = {getattr(row, attr, None) for row in rows for attr in ("senior_id", "junior_id")}
    people = dict(
        StaffMember.objects.filter(pk__in=staff_ids - {None}).values_list("pk", "full_name")
    )
    names = {
        "team": dict(Team.objects.filter(pk__in=team_ids).values_list("pk", "name")),
        "senior": people,
        "junior": people,
    }
    previous: dict[tuple[str, int], object] = {}
    entries = []
    for row in rows:
        key = (row.instance_type.__name__, row.id)
        before = previous.get(key)
        changes = []
        if before is not None:
            for change in row.diff_against(
                before, excluded_fields=["updated_at", "created_at"]
            ).changes:
                label = row.instance_type._meta.get_field(change.field).verbose_name
                changes.append(
                    (
                        label.capitalize(),
                        _history_value(change.field, change.old, names),
                        _history_value(change.field, change.new, names),
                    )
                )
        previous[key] = row
        user = row.history_user
        entries.append(
            HistoryEntry(
                when=row.history_date,
                who=(user.get_full_name() or user.get_username()) if user else "System",
                what=_HISTORY_TYPES.get(row.history_type, row.history_type),
                record=_record_label(row, people),
                changes=changes,
                reason=row.history_change_reason or "",
            )
        )
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries
