"""Planning a staff import, continued: each person's supervisor and line manager, compared
with the relationships in force on the day the row's facts apply from."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from practiceqa.org.models import Profession, RelationshipKind, Role
from practiceqa.org.services.staff_import_changes import NewRelationship, display

RELATIONSHIP_COLUMNS = {
    RelationshipKind.SUPERVISION: "supervisor_staff_id",
    RelationshipKind.LINE_MANAGEMENT: "line_manager_staff_id",
}
RELATIONSHIP_NOUNS = {
    RelationshipKind.SUPERVISION: "supervisor",
    RelationshipKind.LINE_MANAGEMENT: "line manager",
}
ONE_DAY = datetime.timedelta(days=1)


# What the planner reads of each person stored, in this order (as values, not objects: an
# object per person costs more to build than the rest of planning a re-import).
STORED_FIELDS = (
    "id",
    "staff_id",
    "full_name",
    "email",
    "job_title",
    "profession",
    "role",
    "team_id",
    "fte",
    "start_date",
    "end_date",
    "user_id",
)
_PROFESSIONS = dict(Profession.choices)
_ROLES = dict(Role.choices)


@dataclass(slots=True)
class Stored:
    """A person as stored, as the planner compares them with their row."""

    pk: int
    staff_id: str
    full_name: str
    email: str
    job_title: str
    profession: str
    role: str
    team_id: int
    fte: Decimal
    start_date: datetime.date
    end_date: datetime.date | None
    user_id: int | None

    def __str__(self) -> str:  # as StaffMember's
        return f"{self.full_name} ({self.staff_id})"

    def get_profession_display(self) -> str:
        return str(_PROFESSIONS.get(self.profession, self.profession))

    def get_role_display(self) -> str:
        return str(_ROLES.get(self.role, self.role))


@dataclass(slots=True)
class Link:
    """A stored relationship as the planner reads it: its values, and the two people (as
    loaded for the planner, not joined again)."""

    pk: int
    kind: str
    senior: Stored
    junior: Stored
    starts_on: datetime.date
    ends_on: datetime.date | None

    @property
    def senior_id(self) -> int:
        return self.senior.pk

    @property
    def junior_id(self) -> int:
        return self.junior.pk

    def __str__(self) -> str:
        return f"{self.senior} {RelationshipKind(self.kind).label.lower()} of {self.junior}"

    def is_current(self, on: datetime.date) -> bool:
        return self.starts_on <= on and (self.ends_on is None or self.ends_on >= on)


class RelationshipPlanning:
    """The relationship part of the staff import's planner (needs its loaded state)."""

    def latest_in_force(self, kind, staff, on: datetime.date) -> Link | None:
        """The person's latest relationship of a kind, if it was in force on a day."""
        links = self.links.get((kind, staff.pk), [])
        if links and links[-1].is_current(on):
            return links[-1]
        return None

    def plan_relationship(self, row, staff, kind, change) -> None:
        column = RELATIONSHIP_COLUMNS[kind]
        desired = getattr(row, column)
        if staff is not None:
            # The usual row: the same senior as now, in a relationship with no end, which
            # is the person's latest: nothing to plan (as the full comparison below finds).
            current = self.active.get((kind, staff.pk))
            if (
                current is not None
                and current.ends_on is None
                and desired == current.senior.staff_id
                and self.links[(kind, staff.pk)][-1] is current
            ):
                return
        noun = RELATIONSHIP_NOUNS[kind]
        if staff is None:
            # Someone new: a relationship from their first day (or the effective date).
            if desired:
                self.new_relationship(
                    row, kind, desired, row.effective_date or row.start_date, change
                )
            return
        # A change applies from the import date, or from the day the person starts if they
        # have not started yet.
        starts_on = row.effective_date or max(self.today, row.start_date)
        current = self.active.get((kind, staff.pk)) if staff is not None else None
        then = self.latest_in_force(kind, staff, starts_on) if staff is not None else None
        if then is not None and then is not current and desired == then.senior.staff_id:
            # The row says what was in force from its effective date, as recorded (a file
            # imported before, someone since left): nothing new, whatever the day is now.
            current = then
        current_senior = current.senior.staff_id if current is not None else None
        if desired == current_senior:
            if current is not None:
                self.extend_relationship(row, current, change)
            return
        if staff is not None and row.end_date is not None and row.end_date < starts_on:
            # Nothing changes after someone has left: their links end on their last day
            # (end_relationships_of_leaver).
            return
        if current is not None:
            if starts_on < current.starts_on or (starts_on == current.starts_on and not desired):
                self.problem(
                    row,
                    "effective_date" if row.effective_date else column,
                    f"The change of {noun} would take effect on {display(starts_on)}, but the "
                    f"current {noun} has applied only since {display(current.starts_on)}. "
                    "Give an effective_date after that.",
                )
                return
            if starts_on == current.starts_on:
                # Corrects a relationship entered with the wrong senior on the same day.
                self.plan.relationships_to_update.setdefault(current.pk, {})["senior"] = desired
                change.relationships.append(
                    f"{noun.capitalize()} corrected to {self.name_of(desired)} "
                    f"from {display(starts_on)}"
                )
                return
            ends_on = starts_on - ONE_DAY
            # The end already planned by this import (the senior leaving, say) may be earlier.
            planned = self.plan.relationships_to_update.get(current.pk, {})
            already_ends_on = planned.get("ends_on", current.ends_on)
            if already_ends_on is None or already_ends_on > ends_on:
                self.plan.relationships_to_update.setdefault(current.pk, {})["ends_on"] = ends_on
                change.relationships.append(
                    f"{noun.capitalize()} {self.name_of(current_senior)} until {display(ends_on)}"
                )
        elif desired and staff is not None and (kind, staff.pk) in self.last_ended:
            last_senior, last_ended = self.last_ended[(kind, staff.pk)]
            senior_left = self.end_date_of(desired)
            if desired == last_senior and senior_left is not None and senior_left < starts_on:
                # Still named, but they have left, and the relationship ended (when they
                # left, or before): nothing more to record.
                return
            if starts_on <= last_ended:
                self.problem(
                    row,
                    "effective_date" if row.effective_date else column,
                    f"The new {noun} would take effect on {display(starts_on)}, but the "
                    f"previous {noun} applied until {display(last_ended)}. "
                    "Give an effective_date after that.",
                )
                return
        if not desired:
            return
        self.new_relationship(row, kind, desired, starts_on, change)

    def new_relationship(self, row, kind, desired: str, starts_on: datetime.date, change) -> None:
        """The row's senior from `starts_on`, for as long as both are in post."""
        column, noun = RELATIONSHIP_COLUMNS[kind], RELATIONSHIP_NOUNS[kind]
        ends_on, senior_left = row.end_date, self.end_date_of(desired)
        if senior_left is not None and (ends_on is None or senior_left < ends_on):
            ends_on = senior_left
        if ends_on is not None and ends_on < starts_on:
            if row.end_date is not None and row.end_date < starts_on:
                return
            self.problem(
                row,
                column,
                f"{self.name_of(desired)} leaves on {display(ends_on)}, "
                f"before they would become {noun} on {display(starts_on)}",
            )
            return
        self.plan.relationships_to_create.append(
            NewRelationship(
                kind=kind,
                senior_staff_id=desired,
                junior_staff_id=row.staff_id,
                starts_on=starts_on,
                ends_on=ends_on,
            )
        )
        change.relationships.append(
            f"{noun.capitalize()} {self.name_of(desired)} from {display(starts_on)}"
        )

    def extend_relationship(self, row, current, change) -> None:
        """The same senior as now: if the relationship was due to end (an end date since
        removed or moved later, say), it carries on as long as both people are in post."""
        if current.ends_on is None:
            return
        senior = current.senior.staff_id
        ends_on = min(
            (d for d in (row.end_date, self.end_date_of(senior)) if d is not None), default=None
        )
        if ends_on is not None and ends_on <= current.ends_on:
            return
        self.plan.relationships_to_update.setdefault(current.pk, {})["ends_on"] = ends_on
        noun = RELATIONSHIP_NOUNS[current.kind]
        until = f"until {display(ends_on)}" if ends_on else "with no end date"
        change.relationships.append(f"{noun.capitalize()} {self.name_of(senior)} continues {until}")

    def end_relationships_of_leaver(self, row, staff, change) -> None:
        for relationship in self.active_by_person.get(staff.pk, []):
            update = self.plan.relationships_to_update.setdefault(relationship.pk, {})
            ends_on = update.get("ends_on", relationship.ends_on)
            if ends_on is not None and ends_on <= row.end_date:
                if not update:
                    del self.plan.relationships_to_update[relationship.pk]
                continue
            if relationship.starts_on > row.end_date:
                self.problem(
                    row,
                    "end_date",
                    f"{relationship} starts on "
                    f"{display(relationship.starts_on)}, after this "
                    "end date",
                )
                continue
            update["ends_on"] = row.end_date
            noun = RELATIONSHIP_NOUNS[relationship.kind]
            if relationship.junior_id == staff.pk:
                change.relationships.append(
                    f"{noun.capitalize()} {relationship.senior.full_name} ends "
                    f"{display(row.end_date)}"
                )
            else:
                change.relationships.append(
                    f"Stops being {noun} of {relationship.junior} on {display(row.end_date)}"
                )
