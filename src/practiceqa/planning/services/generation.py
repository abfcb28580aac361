"""Generating a year's plan from the framework's rules and the organisation.

`plan_generate` is idempotent. It loads the year's staff, their postings and relationships
in a few queries, works out in Python which items the rules call for, and then, in bulk
and with history: adds the items that are missing, withdraws open items whose coverage
falls short, reinstates withdrawn ones that apply again and moves open items that nobody
has started to their current lead. The rules, in plain words:

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
from django.db import transaction
from django.utils import timezone

from practiceqa.audits.models import FINISHED_STATUSES
from practiceqa.core.bulk import (
    bulk_update_with_history,
    collector_paused,
    create_with_history,
)
from practiceqa.core.services import Refusal
from practiceqa.core.values import value_rows
from practiceqa.frameworks.definition import AppliesTo, AuditType, PlanRule, definition_of
from practiceqa.frameworks.models import FrameworkVersion
from practiceqa.org.models import RelationshipKind, Role
from practiceqa.planning.models import LeadSource, PlanGeneration, PlanItem, PlanItemStatus
from practiceqa.planning.schedule import (
    Window,
    clip,
    coverage,
    intersect_all,
    quarter_of,
    rule_windows,
)
from practiceqa.planning.selectors import default_framework_version
from practiceqa.planning.services.organisation import (
    FOREVER,
    Link,
    Organisation,
    Person,
    last_in_window,
    line_above,
    load_organisation,
)

FIRST_YEAR, LAST_YEAR = 2000, 2100
ORGANISATION = 0  # subject_key of organisational items
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
LEAD_KINDS = {
    "supervisor": RelationshipKind.SUPERVISION,
    "line_manager": RelationshipKind.LINE_MANAGEMENT,
}
DEPENDENCY_NOUNS = {
    "in_post": "In post",
    "supervised": "Supervised",
    "supervising": "Supervising someone",
    "line_managed": "Line-managed",
}


@dataclass
class Desired:
    audit_type: str
    level: str
    window: Window
    subject_id: int | None
    lead_id: int | None
    lead_source: str
    team_id: int | None
    profession: str
    template_code: str
    sample_supervisee_ids: list[int]
    reached: bool  # coverage reached so far, or the window has ended

    @property
    def key(self) -> tuple[str, int, datetime.date]:
        return (self.audit_type, self.subject_id or ORGANISATION, self.window.start)


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


class _Rules:
    """The framework's plan rules applied to one organisation in one year."""

    def __init__(
        self, version: FrameworkVersion, year: int, organisation: Organisation, today
    ) -> None:
        self.version = version
        self.year = year
        self.org = organisation
        self.today = today
        self.definition = definition_of(version)
        self.min_coverage = self.definition.plan.min_coverage
        self.rules = self.definition.plan.rules
        self.held: dict[tuple, object] = {}  # (person, window end) -> what they held
        self.template_codes: dict[tuple, str] = {}  # (audit type, profession) -> its tool
        self.psws = [
            Link(person.id, interval)
            for person in organisation.people.values()
            for interval in person.intervals_as(roles=[Role.PRINCIPAL_SOCIAL_WORKER])
        ]

    def desired(self) -> tuple[dict[tuple, Desired], dict[tuple, str]]:
        """The items the rules call for, and for each subject and window the rules
        considered but do not call for, why not."""
        wanted: dict[tuple, Desired] = {}
        declined: dict[tuple, str] = {}
        subjects: dict[AppliesTo | None, list] = {}  # rules for the same people share them
        today, min_coverage = self.today, self.min_coverage
        for rule in self.rules:
            audit_type = self.definition.audit_type(rule.audit_type)
            windows = rule_windows(self.year, rule.windows)
            if rule.applies_to not in subjects:
                subjects[rule.applies_to] = list(self._subjects(rule.applies_to))
            for subject, dependency, noun in subjects[rule.applies_to]:
                for window in windows:
                    key = (
                        rule.audit_type,
                        subject.id if subject else ORGANISATION,
                        window.start,
                    )
                    if coverage(dependency, window) < min_coverage:
                        declined[key] = self._declined(subject, noun, window)
                        continue
                    reached = (
                        today > window.end
                        or coverage(dependency, window, up_to=today) >= min_coverage
                    )
                    wanted[key] = self._item(rule, audit_type, window, subject, reached)
        return wanted, declined

    def _declined(self, subject: Person | None, noun: str, window: Window) -> str:
        share = f"{self.min_coverage:.0%} of the window"
        if subject is not None and subject.end is not None and subject.end < window.end:
            return f"Left on {subject.end:%-d %B %Y}, before {share}"
        return f"{noun} for less than {share}"

    def _subjects(self, applies_to: AppliesTo | None):
        """(subject, intervals the item depends on, what those intervals are) for a rule."""
        if applies_to is None:
            yield None, [(datetime.date.min, FOREVER)], DEPENDENCY_NOUNS["in_post"]
            return
        if applies_to.supervises:
            for person in self.org.people.values():
                intervals = self.org.intervals(
                    RelationshipKind.SUPERVISION, person.id, as_senior=True
                )
                if intervals:
                    yield person, intervals, DEPENDENCY_NOUNS["supervising"]
            return
        roles, professions = applies_to.roles, applies_to.professions
        requires = applies_to.requires
        kind, noun = {
            "supervisor": (RelationshipKind.SUPERVISION, DEPENDENCY_NOUNS["supervised"]),
            "line_manager": (RelationshipKind.LINE_MANAGEMENT, DEPENDENCY_NOUNS["line_managed"]),
        }.get(requires, (None, DEPENDENCY_NOUNS["in_post"]))
        for person in self.org.people.values():
            # The days the person held a role and profession the rule applies to.
            applies = person.intervals_as(roles=roles, professions=professions)
            if not applies:
                continue
            if kind is not None:
                applies = intersect_all(applies, self.org.intervals(kind, person.id))
            yield person, applies, noun

    def _item(
        self, rule: PlanRule, audit_type: AuditType | None, window, subject, reached: bool
    ) -> Desired:
        samples = []
        if subject is not None and rule.applies_to is not None and rule.applies_to.supervises:
            samples = sorted(
                {
                    link.other_id
                    for link in self.org.juniors[(RelationshipKind.SUPERVISION, subject.id)]
                    if clip(link.interval, window.start, window.end) is not None
                }
            )
        held = self._held_in(subject, window) if subject is not None else None
        lead_id, source = self._lead(rule.lead, subject, window)
        code = (audit_type.code if audit_type else None, held.profession if held else None)
        if code not in self.template_codes:
            self.template_codes[code] = _template_code(audit_type, held)
        return Desired(
            audit_type=rule.audit_type,
            level=(audit_type.level if audit_type else "")
            or ("practitioner" if subject else "organisational"),
            window=window,
            subject_id=subject.id if subject else None,
            lead_id=lead_id,
            lead_source=source,
            team_id=held.team_id if held else None,
            profession=held.profession if held else "",
            template_code=self.template_codes[code],
            sample_supervisee_ids=samples,
            reached=reached,
        )

    def _held_in(self, subject: Person, window: Window):
        """subject.held_in(window), once for the windows ending on the same day."""
        key = (subject.id, window.end)
        if key not in self.held:
            self.held[key] = subject.held_in(window)
        return self.held[key]

    def _lead(self, lead: str, subject: Person | None, window: Window) -> tuple[int | None, str]:
        """The rule's lead in the window; if there is none, the next manager up the line."""
        if lead == "principal_social_worker":
            return last_in_window(self.psws, window), LeadSource.RULE
        kind = LEAD_KINDS.get(lead)
        if subject is None:
            return None, LeadSource.RULE
        if kind is not None:
            found = last_in_window(self.org.seniors[(kind, subject.id)], window)
            if found is not None:
                return found, LeadSource.RULE
        for manager in line_above(self.org, subject, window):
            if manager is not None:
                return manager, LeadSource.LINE
        return None, LeadSource.RULE


def _template_code(audit_type: AuditType | None, held) -> str:
    """The tool the audits app would start for the subject as they were in the window (by
    the profession they held then; none for organisational work)."""
    if held is None or audit_type is None or not audit_type.has_tool:
        return ""
    return audit_type.template_code_for(held.profession) or ""


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
        wanted, declined = _Rules(version, year, organisation, today).desired()
        existing = {
            (item.audit_type, item.subject_key, item.window_start): item for item in _stored(year)
        }
        now = timezone.now()
        to_update = []
        for key, item in existing.items():
            desired = wanted.get(key)
            if _apply(item, desired, declined.get(key), version, result, today):
                item.updated_at = now
                to_update.append(item)
        to_create = [
            _new_item(desired, year, version)
            for key, desired in wanted.items()
            if key not in existing
        ]
        result.added = len(to_create)
        history = {
            "default_user": generated_by,
            "default_change_reason": f"Plan {year} generated",
        }
        if to_update:
            bulk_update_with_history(
                to_update, PlanItem, [*UPDATABLE_FIELDS, "updated_at"], **history
            )
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
    name, without a model instance (building thousands would cost more than the writes)."""

    def __init__(self, values: dict) -> None:
        self.__dict__ = values

    @property
    def pk(self) -> int:
        return self.id

    @property
    def is_done(self) -> bool:
        """As PlanItem.is_done."""
        if self.completed_on is not None:
            return True
        return self.audit_id is not None and self.audit_status in FINISHED_STATUSES


_STORED = [
    "id",
    "audit_type",
    "subject_key",
    "window_start",
    "audit_id",
    "completed_on",
    *(PlanItem._meta.get_field(name).attname for name in UPDATABLE_FIELDS),
]


def _stored(year: int) -> list[_Stored]:
    """The year's items as stored, each with its audit's status."""
    rows = value_rows(PlanItem.objects.filter(year=year).order_by(), *_STORED, "audit__status")
    names = [*_STORED, "audit_status"]
    return [_Stored(dict(zip(names, row, strict=True))) for row in rows]


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
