"""What a staff import would change: the plan the preview shows and the import writes."""

import datetime
import functools
from collections import defaultdict
from dataclasses import dataclass, field

from practiceqa.core.imports import Plan
from practiceqa.org.services.staff_file import StaffRow


@dataclass(slots=True)
class StaffChange:
    """What the import does to one person, for the preview (one per row of the file)."""

    row: int
    staff_id: str
    full_name: str
    status: str  # "new", "updated" or "unchanged"
    fields: list[tuple[str, str, str]] = field(default_factory=list)
    relationships: list[str] = field(default_factory=list)
    leaving_on: datetime.date | None = None


@dataclass
class NewRelationship:
    kind: str
    senior_staff_id: str
    junior_staff_id: str
    starts_on: datetime.date
    ends_on: datetime.date | None


@dataclass
class ImportPlan(Plan):
    rows: list[StaffRow]
    today: datetime.date
    new_services: list[str] = field(default_factory=list)
    new_teams: list[tuple[str, str]] = field(default_factory=list)
    changes: list[StaffChange] = field(default_factory=list)
    not_in_file: int = 0
    staff_to_create: list[StaffRow] = field(default_factory=list)
    staff_to_update: dict[int, dict] = field(default_factory=dict)
    # People whose team, role, profession or FTE changes: the day it applies from.
    postings_from: dict[int, datetime.date] = field(default_factory=dict)
    relationships_to_update: dict[int, dict] = field(default_factory=dict)
    relationships_to_create: list[NewRelationship] = field(default_factory=list)
    # The people in the file already stored, as the planner loaded them (by staff ID), for
    # the write that follows in the same transaction: not part of what is written.
    existing: dict = field(default_factory=dict, repr=False, compare=False)
    # Every account, as the planner read them (staff_import_plan.ACCOUNT_FIELDS), likewise;
    # and the ids of the services and teams by name, of everyone stored by staff ID, and the
    # relationships to update as read (staff_import_links.Link), by id.
    accounts: list = field(default_factory=list, repr=False, compare=False)
    service_ids: dict = field(default_factory=dict, repr=False, compare=False)
    team_ids: dict = field(default_factory=dict, repr=False, compare=False)
    staff_pks: dict = field(default_factory=dict, repr=False, compare=False)
    links: dict = field(default_factory=dict, repr=False, compare=False)
    # How many people were stored before the import.
    stored: int = field(default=0, repr=False, compare=False)

    @property
    def counts(self) -> dict[str, int]:
        by_status = defaultdict(int)
        for change in self.changes:
            by_status[change.status] += 1
        return {
            "added": by_status["new"],
            "updated": by_status["updated"],
            "unchanged": by_status["unchanged"],
            "leavers": sum(1 for c in self.changes if c.leaving_on is not None),
            "relationships_started": len(self.relationships_to_create),
            "relationships_ended": sum(
                1
                for update in self.relationships_to_update.values()
                if update.get("ends_on") is not None
            ),
            "new_services": len(self.new_services),
            "new_teams": len(self.new_teams),
            "not_in_file": self.not_in_file,
        }

    @property
    def has_changes(self) -> bool:
        return bool(
            self.staff_to_create
            or self.staff_to_update
            or self.relationships_to_update
            or self.relationships_to_create
        )

    @property
    def changed(self) -> list[StaffChange]:
        """The people the import changes, for the preview."""
        return [change for change in self.changes if change.status != "unchanged"]

    def operations(self) -> dict:
        return {
            "services": self.new_services,
            "teams": self.new_teams,
            "create": [row.staff_id for row in self.staff_to_create],
            "update": sorted(self.staff_to_update.items()),
            "postings": sorted(self.postings_from.items()),
            "relationships_update": sorted(self.relationships_to_update.items()),
            "relationships_create": [vars(r) for r in self.relationships_to_create],
        }


def display(value) -> str:
    if value is None or value == "":
        return "(none)"
    if isinstance(value, datetime.date):
        return _day(value)
    return str(value)


@functools.lru_cache(maxsize=4096)  # a file's changes fall on a few hundred days
def _day(value: datetime.date) -> str:
    return value.strftime("%-d %B %Y")


def choice_label(model, name: str, value: str) -> str:
    return dict(model._meta.get_field(name).choices).get(value, value)
