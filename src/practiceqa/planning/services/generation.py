"""Generating a year's plan from the framework's rules and the organisation.

`plan_generate` is idempotent. It loads the year's staff, their postings and relationships
in a few queries, works out in Python which items the rules call for (`plan_rules`),
compares them with the stored items as tuples of values, and then, for the items that
differ only, in bulk and with history: adds the items that are missing, withdraws open
items whose coverage falls short, reinstates withdrawn ones that apply again and moves
open items that nobody has started to their current lead. The rules, in plain words:

- An item is called for while what it depends on (being in post, in a role and profession
  its rule applies to, supervised or supervising) covers at least `min_coverage` of its
  window. Once that share of the window has passed with it covered, or the window has
  ended, the item is never withdrawn again: not done, it is missed.
- Its lead is the one the rule names (the supervisor or line manager at the end of the
  window, the PSW); if there is none, the next manager up the subject's line. After the due
  date the lead stays whoever led it then; an item whose audit is in progress keeps its
  lead (the rule's new lead is recorded as its successor); a lead given to a representative
  stays.
- Completed work is never deleted, reopened, reassigned or duplicated.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import connections, transaction
from django.utils import timezone
from django.utils.dateparse import parse_date

from practiceqa.audits.models import FINISHED_STATUSES
from practiceqa.core.bulk import (
    bulk_update_changed_with_history,
    collector_paused,
    create_with_history,
)
from practiceqa.core.services import Refusal
from practiceqa.core.values import db_form, raw_rows, value_rows
from practiceqa.frameworks.definition import definition_of
from practiceqa.frameworks.models import FrameworkVersion
from practiceqa.planning.models import LeadSource, PlanGeneration, PlanItem, PlanItemStatus
from practiceqa.planning.schedule import quarter_of
from practiceqa.planning.selectors import default_framework_version
from practiceqa.planning.services.organisation import load_organisation
from practiceqa.planning.services.plan_rules import ORGANISATION, Desired, PlanRules

FIRST_YEAR, LAST_YEAR = 2000, 2100
UPDATABLE_FIELDS = [
    "framework_version",
    "level",
    "window_end",
    "due_on",
    "quarter",
    "lead",
    "lead_source",
    "successor",
    "team",
    "profession",
    "coverage_reached",
    "template_code",
    "status",
    "withdrawn_reason",
    "sample_supervisee_ids",
]


@dataclass
class GenerationResult:
    year: int
    framework_version: FrameworkVersion
    added: int = 0
    withdrawn: int = 0
    reinstated: int = 0
    reassigned: int = 0
    updated: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.withdrawn or self.reinstated or self.updated)


@collector_paused()
def plan_generate(
    *,
    year: int,
    framework_version: FrameworkVersion | None = None,
    generated_by=None,
    today: datetime.date | None = None,
) -> GenerationResult:
    """Bring the plan of a financial year in line with the rules and the organisation."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Refusal(f"Enter a year between {FIRST_YEAR} and {LAST_YEAR}")
    version = framework_version or default_framework_version()
    if version is None:
        raise Refusal(
            f"There is no framework to plan from: load {settings.DEFAULT_FRAMEWORK} first"
        )
    if not definition_of(version).plan.rules:
        raise Refusal(f"{version} has no annual plan rules")
    today = today or timezone.localdate()
    result = GenerationResult(year=year, framework_version=version)
    with transaction.atomic():
        # Two generations of one year at a time would race to add the same items.
        list(PlanGeneration.objects.select_for_update().filter(year=year).order_by()[:1])
        organisation = load_organisation(year)
        wanted, declined = PlanRules(version, year, organisation, today).desired()
        stored = _stored(year)
        now = timezone.now()
        to_update = _changed(stored, wanted, declined, version, result, today)
        for item in to_update:
            item.updated_at = now
        to_create = [
            _new_item(desired, year, version)
            for key, desired in wanted.items()
            if key not in stored
        ]
        result.added = len(to_create)
        history = {
            "default_user": generated_by,
            "default_change_reason": f"Plan {year} generated",
        }
        if to_update:
            bulk_update_changed_with_history(to_update, PlanItem, _Stored.changed_fields, **history)
        if to_create:
            create_with_history(PlanItem, to_create, **history)
        if result.changed or not PlanGeneration.objects.filter(year=year).exists():
            record = PlanGeneration(
                year=year,
                framework_version=version,
                generated_by=generated_by,
                added=result.added,
                withdrawn=result.withdrawn,
                reinstated=result.reinstated,
                reassigned=result.reassigned,
                updated=result.updated,
            )
            record._history_user = generated_by
            record.save()
    return result


class _Stored:
    """A stored item as the generation compares and updates it: its values, by attribute
    name, without a model instance (building thousands would cost more than the writes),
    and the values as read (`read`)."""

    def __init__(self, values: dict) -> None:
        self.__dict__ = values
        self.read = dict(values)

    def changed_fields(self) -> tuple[str, ...]:
        """The fields of UPDATABLE_FIELDS set to other values than those read, and
        `updated_at`: what an update of the item writes."""
        changed = (
            name
            for name, attname in zip(UPDATABLE_FIELDS, _UPDATABLE_ATTNAMES, strict=True)
            if self.__dict__[attname] != self.read[attname]
        )
        return (*changed, "updated_at")

    @property
    def pk(self) -> int:
        return self.id

    @property
    def is_done(self) -> bool:
        """As PlanItem.is_done."""
        if self.completed_on is not None:
            return True
        return self.audit_id is not None and self.audit_status in FINISHED_STATUSES


_UPDATABLE_ATTNAMES = [PlanItem._meta.get_field(name).attname for name in UPDATABLE_FIELDS]
_STORED = [
    "id",
    "audit_type",
    "subject_key",
    "window_start",
    "audit_id",
    "completed_on",
    *_UPDATABLE_ATTNAMES,
]


_NAMES = [*_STORED, "audit_status"]
# The key (audit type, subject key, window start) and the fields generation updates, in
# the order of UPDATABLE_FIELDS, as compared with what the rules call for.
_COMPARED = ["id", "audit_type", "subject_key", "window_start", *_STORED[-len(UPDATABLE_FIELDS) :]]
_CHUNK = 500  # ids at a time in an IN (...)


def _stored(year: int) -> dict[tuple, tuple]:
    """The year's items as stored, as rows of `_COMPARED` in the database's own form (no
    value converted: `raw_rows`), by key (audit type, subject key, window start)."""
    rows = raw_rows(PlanItem.objects.filter(year=year).order_by(), *_COMPARED)
    days: dict = {}
    stored = {}
    for row in rows:
        day = row[3]
        if day not in days:
            days[day] = parse_date(day) if type(day) is str else day
        stored[(row[1], row[2], days[day])] = row
    return stored


def _read(ids: list[int]) -> dict[int, tuple]:
    """Items by id as values (`_NAMES`), each with its audit's status."""
    found = {}
    for n in range(0, len(ids), _CHUNK):
        items = PlanItem.objects.filter(pk__in=ids[n : n + _CHUNK]).order_by()
        found |= {row[0]: row for row in value_rows(items, *_STORED, "audit__status")}
    return found


def _changed(stored: dict, wanted: dict, declined: dict, version, result, today) -> list:
    """The stored items that the rules now call for differently, changed by `_apply`.

    Most items are as the rules call for them: their stored values are compared with the
    wanted ones put in the database's form (`core.values.db_form`), and only the items that
    differ are read as values, built and given to `_apply`. An item equal to what is wanted
    is one `_apply` would leave alone: planned, with the rule's lead and no successor, its
    coverage as reached and its team, profession and tool as called for, whether or not
    its work is done. (Equal in the database's form is equal as values; an item that
    differs only in form is given to `_apply`, which leaves it alone.)"""
    version_pk = version.pk
    form = _DbForm(connections[PlanItem.objects.db])
    differing = []
    for key, row in stored.items():
        desired = wanted.get(key)
        if desired is not None and row[4:] == _wanted_values(desired, version_pk, form):
            continue
        differing.append((key, row[0]))
    values = _read([pk for _, pk in differing])
    changed = []
    for key, pk in differing:
        if pk not in values:  # gone since it was compared
            continue
        item = _Stored(dict(zip(_NAMES, values[pk], strict=True)))
        if _apply(item, wanted.get(key), declined.get(key), version, result, today):
            changed.append(item)
    return changed


class _DbForm:
    """`db_form` of the few distinct dates and sample lists the wanted items repeat."""

    def __init__(self, connection) -> None:
        self.connection = connection
        self.dates: dict = {}
        self.samples: dict = {(): db_form([], connection)}

    def date(self, day):
        try:
            return self.dates[day]
        except KeyError:
            self.dates[day] = db_form(day, self.connection)
            return self.dates[day]

    def samples_of(self, ids: list[int]):
        key = tuple(ids)
        try:
            return self.samples[key]
        except KeyError:
            self.samples[key] = db_form(list(ids), self.connection)
            return self.samples[key]


def _wanted_values(desired: Desired, version_pk: int, form: _DbForm) -> tuple:
    """The values of UPDATABLE_FIELDS, in order, of an item as the rules call for it, in
    the database's form."""
    window_end = desired.window.end
    end = form.date(window_end)
    return (
        version_pk,
        desired.level,
        end,
        end,
        quarter_of(window_end),
        desired.lead_id,
        desired.lead_source,
        None,
        desired.team_id,
        desired.profession,
        desired.reached,
        desired.template_code,
        PlanItemStatus.PLANNED,
        "",
        form.samples_of(desired.sample_supervisee_ids),
    )


def _new_item(desired: Desired, year: int, version: FrameworkVersion) -> dict:
    """A new item's values (inserted as values: building a PlanItem each would cost as much
    as writing it)."""
    return {
        "year": year,
        "framework_version_id": version.pk,
        "audit_type": desired.audit_type,
        "level": desired.level,
        "window_start": desired.window.start,
        "window_end": desired.window.end,
        "due_on": desired.window.end,
        "quarter": quarter_of(desired.window.end),
        "lead_id": desired.lead_id,
        "lead_source": desired.lead_source,
        "subject_id": desired.subject_id,
        "subject_key": desired.subject_id or ORGANISATION,
        "team_id": desired.team_id,
        "profession": desired.profession,
        "coverage_reached": desired.reached,
        "template_code": desired.template_code,
        "sample_supervisee_ids": desired.sample_supervisee_ids,
    }


def _apply(item, desired, declined_reason, version, result: GenerationResult, today) -> bool:
    """Change an existing item to what the rules now call for; True if anything changed."""
    if item.is_done:
        # Completed work stays as it was done, with whoever did it. It is only ever put
        # back in the plan if it had been withdrawn before it was finished. The subject's
        # team and profession in the window are facts, corrected like any other.
        changed = False
        if item.status == PlanItemStatus.WITHDRAWN:
            item.status, item.withdrawn_reason = PlanItemStatus.PLANNED, ""
            result.reinstated += 1
            changed = True
        if desired is not None and (item.team_id, item.profession) != (
            desired.team_id,
            desired.profession,
        ):
            item.team_id, item.profession = desired.team_id, desired.profession
            changed = True
        result.updated += changed
        return changed
    planned = item.status == PlanItemStatus.PLANNED
    # Past its coverage (or its window), an item is never withdrawn: not done, it is missed.
    kept = planned and (item.coverage_reached or today > item.window_end)
    if desired is None:
        if kept:
            if item.coverage_reached:
                return False
            item.coverage_reached = True
            result.updated += 1
            return True
        if not planned:
            return False
        item.status = PlanItemStatus.WITHDRAWN
        item.withdrawn_reason = (declined_reason or "No longer called for by the plan rules")[:300]
        result.withdrawn += 1
        result.updated += 1
        return True
    values = {
        "framework_version_id": version.pk,
        "level": desired.level,
        "window_end": desired.window.end,
        "due_on": desired.window.end,
        "quarter": quarter_of(desired.window.end),
        "team_id": desired.team_id,
        "profession": desired.profession,
        "coverage_reached": item.coverage_reached or desired.reached,
        "status": PlanItemStatus.PLANNED,
        "withdrawn_reason": "",
        "sample_supervisee_ids": desired.sample_supervisee_ids,
        **_lead_values(item, desired, today),
    }
    if item.audit_id is None:
        values["template_code"] = desired.template_code
    changed = {name for name, value in values.items() if getattr(item, name) != value}
    if not changed:
        return False
    if "status" in changed:
        result.reinstated += 1
    if "lead_id" in changed and item.lead_id is not None:
        result.reassigned += 1
    for name in changed:
        setattr(item, name, values[name])
    result.updated += 1
    return True


def _lead_values(item, desired: Desired, today) -> dict:
    """Who leads the item now. A lead given to a representative stays; after the due date
    the item stays with whoever led it when it fell due; an item whose audit is in progress
    stays with its auditor's lead, the rule's new lead recorded as its successor. Otherwise
    the item moves to the rule's lead."""
    keep = {"lead_id": item.lead_id, "lead_source": item.lead_source, "successor_id": None}
    if item.lead_id is not None:
        if item.lead_source == LeadSource.GIVEN:
            return keep
        if today > item.due_on and item.status == PlanItemStatus.PLANNED:
            return keep
        if item.audit_id is not None:
            successor = desired.lead_id if desired.lead_id != item.lead_id else None
            return {**keep, "successor_id": successor}
    return {"lead_id": desired.lead_id, "lead_source": desired.lead_source, "successor_id": None}
