"""Planning a staff import: what a file would change, worked out without writing anything."""

import datetime
import functools
from collections import defaultdict
from dataclasses import replace
from operator import itemgetter

from django.contrib.auth import get_user_model
from django.db.models import Max
from django.utils import timezone

from practiceqa.core.imports import ImportRefused, Problem, in_order
from practiceqa.core.values import value_rows
from practiceqa.org.models import (
    Posting,
    Relationship,
    Service,
    StaffMember,
    Team,
)
from practiceqa.org.services.staff_file import StaffRow, read_rows
from practiceqa.org.services.staff_import_changes import (
    ImportPlan,
    StaffChange,
    choice_label,
    display,
)
from practiceqa.org.services.staff_import_links import (
    RELATIONSHIP_COLUMNS,
    RELATIONSHIP_NOUNS,
    STORED_FIELDS,
    Link,
    RelationshipPlanning,
    Stored,
)

STAFF_FIELDS = (
    ("full_name", "Name"),
    ("email", "Email"),
    ("job_title", "Job title"),
    ("profession", "Profession"),
    ("role", "Role"),
    ("team", "Team"),
    ("fte", "FTE"),
    ("start_date", "Start date"),
    ("end_date", "End date"),
)
POSTED_FIELDS = ("team", "role", "profession", "fte")
# What the import reads of every account (the last: the staff ID of the person it is linked
# to, if any).
ACCOUNT_FIELDS = (
    "id",
    "username",
    "email",
    "first_name",
    "last_name",
    "is_active",
    "is_superuser",
    "staff_member__staff_id",
)
ONE_DAY = datetime.timedelta(days=1)
_start_and_pk = itemgetter(4, 0)  # a relationship's starts_on and pk, as read below


_UNSETTLED = object()  # (equal to no value of a row)


def _row_facts(row: StaffRow) -> tuple:
    """A row's facts in the order of the planner's `settled` tuples."""
    return (
        row.full_name,
        row.email,
        row.job_title,
        row.profession,
        row.role,
        row.service,
        row.team,
        row.fte,
        row.start_date,
        row.end_date,
        row.supervisor_staff_id,
        row.line_manager_staff_id,
    )


@functools.lru_cache(maxsize=4096)  # a file names its few teams and services many times
def _name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


class _Planner(RelationshipPlanning):
    """Compares the rows with the organisation as stored, collecting changes and problems."""

    def __init__(self, rows: list[StaffRow], today: datetime.date):
        # The services and teams as values: their ids by name (the write that follows in
        # the same transaction uses them too).
        self.services = dict(value_rows(Service.objects.order_by(), "name", "id"))
        self.teams = {
            (service, team): pk
            for pk, team, service in value_rows(
                Team.objects.order_by(), *("id", "name", "service__name")
            )
        }
        rows = self.with_known_names(rows)
        self.plan = ImportPlan(rows=rows, today=today)
        self.plan.service_ids, self.plan.team_ids = self.services, self.teams
        self.problems: list[Problem] = []
        self.today = today
        # Everyone stored, with the fields an import compares, as values; teams by id.
        self.team_of = {pk: key for key, pk in self.teams.items()}
        self.existing = {
            values[1]: Stored(*values)
            for values in value_rows(StaffMember.objects.order_by(), *STORED_FIELDS)
        }
        self.by_id = {row.staff_id: row for row in rows}
        # Every supervision and line management each person has had, in order, as values
        # (the people are those loaded above): a row's facts are compared with those in
        # force on the day they apply from, not today.
        by_pk = {staff.pk: staff for staff in self.existing.values()}
        self.links: dict[tuple[str, int], list[Link]] = defaultdict(list)
        self.active: dict[tuple[str, int], Link] = {}
        self.active_by_person: dict[int, list[Link]] = defaultdict(list)
        # Each person's last finished supervision and line management (the first of those
        # ending latest, in this order), found on the way.
        last: dict[tuple[str, int], Link] = {}
        # (in order of start and id: sorted here, as the database would sort them for an
        # ORDER BY with no index to follow, at twice the cost of reading them)
        relationships = value_rows(
            Relationship.objects.order_by(),
            *("pk", "kind", "senior_id", "junior_id", "starts_on", "ends_on"),
        )
        relationships.sort(key=_start_and_pk)
        for pk, kind, senior_id, junior_id, starts_on, ends_on in relationships:
            link = Link(pk, kind, by_pk[senior_id], by_pk[junior_id], starts_on, ends_on)
            key = (kind, junior_id)
            self.links[key].append(link)
            if ends_on is None or ends_on >= today:
                self.active[key] = link
                self.active_by_person[junior_id].append(link)
                self.active_by_person[senior_id].append(link)
            elif key not in last or ends_on > last[key].ends_on:
                last[key] = link
        self.latest_posting = dict(
            value_rows(
                Posting.objects.values("person_id").annotate(latest=Max("starts_on")).order_by(),
                *("person_id", "latest"),
            )
        )
        # Each person's last finished supervision and line management: who, and until when.
        self.last_ended: dict[tuple[str, int], tuple[str, datetime.date]] = {
            key: (link.senior.staff_id, link.ends_on) for key, link in last.items()
        }
        # The usual row of each person with no end date, as a tuple to compare the row's
        # with (see `_row_facts`): their facts as stored, and their supervisor's and line
        # manager's staff IDs if each is so in a relationship with no end that is their
        # latest (else a mark no row has, and the row is planned in full).
        usual: dict[str, dict[int, str]] = {kind: {} for kind in RELATIONSHIP_COLUMNS}
        for (kind, junior_id), link in self.active.items():
            if link.ends_on is None and self.links[(kind, junior_id)][-1] is link:
                usual[kind][junior_id] = link.senior.staff_id
        supervisors, line_managers = (usual[kind] for kind in RELATIONSHIP_COLUMNS)
        self.settled = {
            staff_id: (
                staff.full_name,
                staff.email,
                staff.job_title,
                staff.profession,
                staff.role,
                *self.team_of[staff.team_id],
                staff.fte,
                staff.start_date,
                None,
                supervisors.get(staff.pk, _UNSETTLED),
                line_managers.get(staff.pk, _UNSETTLED),
            )
            for staff_id, staff in self.existing.items()
            if staff.end_date is None
        }

    def with_known_names(self, rows: list[StaffRow]) -> list[StaffRow]:
        """The rows with each service and team named as the organisation already names it
        (or as the file first names it), whatever the capitals and spaces: "central
        locality" in an export is the team Central Locality, not a new one."""
        services = {_name_key(name): name for name in self.services}
        teams = {(_name_key(service), _name_key(team)): team for service, team in self.teams}
        # What each (service, team) of the file is named as (the first row naming it decides).
        named: dict[tuple[str, str], tuple[str, str]] = {}
        known = []
        for row in rows:
            pair = (row.service, row.team)
            known_as = named.get(pair)
            if known_as is None:
                service = services.setdefault(_name_key(row.service), row.service)
                team = teams.setdefault((_name_key(service), _name_key(row.team)), row.team)
                known_as = named[pair] = (service, team)
            if known_as != pair:
                row = replace(row, service=known_as[0], team=known_as[1])
            known.append(row)
        return known

    def problem(self, row: StaffRow, column: str | None, message: str) -> None:
        self.problems.append(Problem(row.row, column, message))

    def name_of(self, staff_id: str) -> str:
        person = self.by_id.get(staff_id) or self.existing.get(staff_id)
        return f"{person.full_name} ({staff_id})"

    def end_date_of(self, staff_id: str) -> datetime.date | None:
        if staff_id in self.by_id:
            return self.by_id[staff_id].end_date
        return self.existing[staff_id].end_date

    def run(self, file_problems: list[Problem] = ()) -> ImportPlan:
        """The plan; ImportRefused listing every problem, those of single rows (file_problems)
        and those across the file and the organisation together."""
        self.problems.extend(file_problems)
        self.check_file_wide()
        self.check_accounts()
        self.refuse_if_problems()
        for row in self.plan.rows:
            self.plan_row(row)
        self.refuse_if_problems()
        self.plan.not_in_file = len(set(self.existing) - set(self.by_id))
        self.plan.stored = len(self.existing)
        self.plan.staff_pks = {staff_id: staff.pk for staff_id, staff in self.existing.items()}
        self.plan.links = {
            link.pk: link
            for links in self.links.values()
            for link in links
            if link.pk in self.plan.relationships_to_update
        }
        self.plan.existing = {
            staff_id: staff for staff_id, staff in self.existing.items() if staff_id in self.by_id
        }
        return self.plan

    def refuse_if_problems(self) -> None:
        if self.problems:
            raise ImportRefused(in_order(self.problems))

    def check_file_wide(self) -> None:
        first_row: dict[str, int] = {}
        for row in self.plan.rows:
            if not row.staff_id:
                continue
            if row.staff_id in first_row:
                self.problem(
                    row,
                    "staff_id",
                    f"Staff ID {row.staff_id} also appears in row {first_row[row.staff_id]}",
                )
            else:
                first_row[row.staff_id] = row.row
        self.by_id = {}
        for row in self.plan.rows:
            if row.staff_id:
                self.by_id.setdefault(row.staff_id, row)

        email_owner = {
            staff.email: staff_id
            for staff_id, staff in self.existing.items()
            if staff_id not in self.by_id
        }
        for row in self.plan.rows:
            if not row.email or not row.staff_id:
                continue
            owner = email_owner.get(row.email)
            if owner is not None and owner != row.staff_id:
                where = f"row {first_row[owner]}" if owner in first_row else f"staff ID {owner}"
                self.problem(row, "email", f"{row.email} is already used by {where}")
            else:
                email_owner[row.email] = row.staff_id

        known = set(self.existing) | set(self.by_id)
        named = {row.supervisor_staff_id for row in self.plan.rows}
        named.update(row.line_manager_staff_id for row in self.plan.rows)
        unknown = named - known - {None, ""}
        for row in self.plan.rows if unknown else ():  # (each row looked at only if any is)
            for column in RELATIONSHIP_COLUMNS.values():
                senior = getattr(row, column)
                if senior and senior not in known:
                    self.problem(
                        row,
                        column,
                        f"There is no staff ID {senior} in this file or in the organisation",
                    )
        for kind, column in RELATIONSHIP_COLUMNS.items():
            self.check_cycles(kind, column)

    def check_accounts(self) -> None:
        """Each person signs in with their email, so no other account may have it as its
        username or email address, in any case. Accounts of people in the file move to
        their new emails, and an account linked to nobody whose username is exactly a new
        person's email becomes theirs; any other account keeps what it has."""
        rows = {}
        for row in self.by_id.values():
            if row.email:
                rows.setdefault(row.email, row)
        # Every account is read and those with the file's emails kept here: a query naming
        # thousands of emails (twice) would cost more to build than the rows to read. The
        # write that follows in the same transaction compares them with the file too.
        self.plan.accounts = value_rows(get_user_model().objects.order_by("pk"), *ACCOUNT_FIELDS)
        if not rows:
            return
        accounts = [
            (account[0], account[1], account[2], account[7])
            for account in self.plan.accounts
            if account[1].lower() in rows or account[2].lower() in rows
        ]

        def own_account(row: StaffRow) -> int | None:
            staff = self.existing.get(row.staff_id)
            return staff.user_id if staff is not None else None

        taken_over = {
            pk
            for pk, username, _, owner in accounts
            if owner is None and username in rows and own_account(rows[username]) is None
        }
        for pk, username, email, owner in accounts:
            if owner in self.by_id or pk in taken_over:
                continue
            for address in sorted({username.lower(), email.lower()} & rows.keys()):
                row = rows[address]
                if owner is None:
                    self.problem(
                        row,
                        "email",
                        f"{address} is already used by the account {username}, which is not "
                        "linked to anyone in the organisation. Change that account's username "
                        "and email address first",
                    )
                elif self.existing[owner].email != address:  # else already reported
                    self.problem(
                        row,
                        "email",
                        f"{address} is already used by the account of {self.name_of(owner)}",
                    )

    def check_cycles(self, kind: str, column: str) -> None:
        senior_of: dict[str, str] = {}
        for staff_id, staff in self.existing.items():
            if staff_id not in self.by_id:
                current = self.active.get((kind, staff.pk))
                if current is not None:
                    senior_of[staff_id] = current.senior.staff_id
        for row in self.by_id.values():  # the first row of a repeated staff ID
            if getattr(row, column):
                senior_of[row.staff_id] = getattr(row, column)
        reported: set[str] = set()
        # People whose line of seniors is known to end (at someone with none): a walk up
        # that reaches one of them ends there too, so each line is walked once.
        ends: set[str] = set()
        for start in sorted(senior_of):
            if start in ends:  # (walked up already, from someone below them)
                continue
            path, seen = [start], {start}
            node = senior_of.get(start)
            while node is not None and node not in seen and node not in ends:
                path.append(node)
                seen.add(node)
                node = senior_of.get(node)
            if node is None or node in ends:
                ends.update(path)
                continue
            if node in reported:
                continue
            cycle = path[path.index(node) :]
            reported.update(cycle)
            noun = RELATIONSHIP_NOUNS[kind]
            circle = " → ".join([*cycle, node])
            rows_in_cycle = [self.by_id[s] for s in cycle if s in self.by_id]
            if not rows_in_cycle:
                continue  # Already so in the organisation, and this file does not touch it.
            self.problem(
                min(rows_in_cycle, key=lambda r: r.row),
                column,
                f"The {noun} links go round in a circle: {circle}. "
                f"Each person's {noun} must be above them.",
            )

    def plan_row(self, row: StaffRow) -> None:
        settled = self.settled.get(row.staff_id)
        if settled is not None and settled == _row_facts(row):
            # The usual row: the person as stored, with the same supervisor and line
            # manager as now, and no end date: unchanged (as the full comparison finds).
            self.plan.changes.append(StaffChange(row.row, row.staff_id, row.full_name, "unchanged"))
            return
        staff = self.existing.get(row.staff_id)
        status = "new" if staff is None else "unchanged"
        change = StaffChange(row.row, row.staff_id, row.full_name, status)
        team = (row.service, row.team)
        if team not in self.teams and team not in self.plan.new_teams:
            self.plan.new_teams.append(team)
            if row.service not in self.services and row.service not in self.plan.new_services:
                self.plan.new_services.append(row.service)
        if staff is None:
            self.plan.staff_to_create.append(row)
            if row.end_date is not None:
                change.leaving_on = row.end_date
        else:
            self.compare_fields(row, staff, change)
        for kind, column in RELATIONSHIP_COLUMNS.items():
            if staff is not None:
                # The usual row: the same senior as now, in a relationship with no end,
                # which is the person's latest: nothing to plan (as plan_relationship finds).
                current = self.active.get((kind, staff.pk))
                if (
                    current is not None
                    and current.ends_on is None
                    and getattr(row, column) == current.senior.staff_id
                    and self.links[(kind, staff.pk)][-1] is current
                ):
                    continue
            self.plan_relationship(row, staff, kind, change)
        if staff is not None and row.end_date is not None:
            self.end_relationships_of_leaver(row, staff, change)
        if change.status == "unchanged" and change.relationships:
            change.status = "updated"
        self.plan.changes.append(change)

    def compare_fields(self, row: StaffRow, staff: Stored, change: StaffChange) -> None:
        if (
            staff.full_name == row.full_name
            and staff.email == row.email
            and staff.job_title == row.job_title
            and staff.profession == row.profession
            and staff.role == row.role
            and self.team_of[staff.team_id] == (row.service, row.team)
            and staff.fte == row.fte
            and staff.start_date == row.start_date
            and staff.end_date == row.end_date
        ):
            return  # (every field of STAFF_FIELDS the same: the usual row)
        updates = {}
        for name, label in STAFF_FIELDS:
            if name == "team":
                old = self.team_of[staff.team_id]
                new = (row.service, row.team)
                if old != new:
                    updates["team"] = list(new)
                    change.fields.append((label, f"{old[1]} ({old[0]})", f"{new[1]} ({new[0]})"))
                continue
            old, new = getattr(staff, name), getattr(row, name)
            if old != new:
                updates[name] = new
                if name == "profession":
                    old, new = staff.get_profession_display(), choice_label(StaffMember, name, new)
                elif name == "role":
                    old, new = staff.get_role_display(), choice_label(StaffMember, name, new)
                change.fields.append((label, display(old), display(new)))
        if updates.keys() & set(POSTED_FIELDS):
            self.plan_posting(row, staff, change)
        if updates:
            change.status = "updated"
            self.plan.staff_to_update[staff.pk] = updates
            if "end_date" in updates and row.end_date is not None:
                change.leaving_on = row.end_date

    def plan_posting(self, row: StaffRow, staff: Stored, change: StaffChange) -> None:
        """A new team, role, profession or FTE applies from the row's effective date, else
        from the import date (or the person's first day), and no later than their last."""
        starts_on = row.effective_date or max(self.today, row.start_date)
        if row.end_date is not None:
            starts_on = min(starts_on, row.end_date)
        latest = self.latest_posting.get(staff.pk)
        if latest is not None and starts_on < latest:
            self.problem(
                row,
                "effective_date" if row.effective_date else "team",
                f"The change of team, role, profession or FTE would take effect on "
                f"{display(starts_on)}, but the current ones have applied only since "
                f"{display(latest)}. Give an effective_date on or after that.",
            )
            return
        self.plan.postings_from[staff.pk] = starts_on
        posted = {label for name, label in STAFF_FIELDS if name in POSTED_FIELDS}
        change.fields = [
            (label, old, f"{new} from {display(starts_on)}" if label in posted else new)
            for label, old, new in change.fields
        ]


def plan_rows(rows: list[StaffRow], problems: list[Problem], *, today: datetime.date) -> ImportPlan:
    """What importing these rows would change. Writes nothing; ImportRefused listing
    `problems` (those of single rows) and any found across the file and the organisation."""
    return _Planner(rows, today).run(problems)


def staff_import_plan(
    *, content: bytes, filename: str, today: datetime.date | None = None
) -> ImportPlan:
    """What importing this file would change. Writes nothing; ImportRefused on any problem."""
    rows, problems = read_rows(content, filename)
    return plan_rows(rows, problems, today=today or timezone.localdate())
