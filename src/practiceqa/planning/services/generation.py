"""Generating a year's plan from the framework's rules and the organisation.

`plan_generate` is idempotent. It loads the year's staff and relationships in a few
queries, works out in Python which items the rules call for, and then, in bulk and with
history: adds the items that are missing, withdraws open items that no longer apply,
reinstates withdrawn ones that apply again and moves open items to their current lead.
Completed work is never deleted, reopened, reassigned or duplicated.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from practiceqa.audits.services.starting import template_code_for
from practiceqa.core.bulk import (
    bulk_create_with_history,
    bulk_update_with_history,
    collector_paused,
)
from practiceqa.core.services import Refusal
from practiceqa.frameworks.definition import AppliesTo, AuditType, PlanRule, definition_of
from practiceqa.frameworks.models import FrameworkVersion
from practiceqa.org.models import Relationship, RelationshipKind, Role, StaffMember
from practiceqa.planning.models import PlanGeneration, PlanItem, PlanItemStatus
from practiceqa.planning.schedule import (
    Interval,
    Window,
    clip,
    coverage,
    holds_on,
    intersect,
    quarter_of,
    rule_windows,
    year_end,
    year_start,
)
from practiceqa.planning.selectors import default_framework_version

FOREVER = datetime.date(9999, 12, 31)
FIRST_YEAR, LAST_YEAR = 2000, 2100
ORGANISATION = 0  # subject_key of organisational items
UPDATABLE_FIELDS = [
    "framework_version",
    "level",
    "window_end",
    "due_on",
    "quarter",
    "lead",
    "template_code",
    "status",
    "withdrawn_reason",
    "sample_supervisee_ids",
    "audit",
]
DEPENDENCY_NOUNS = {
    "in_post": "In post",
    "supervised": "Supervised",
    "supervising": "Supervising someone",
    "line_managed": "Line-managed",
}


@dataclass
class Person:
    id: int
    role: str
    profession: str
    start: datetime.date
    end: datetime.date | None

    @property
    def in_post(self) -> Interval:
        return (self.start, self.end or FOREVER)


@dataclass
class Link:
    other_id: int  # the senior for a junior's links, the junior for a senior's
    interval: Interval


@dataclass
class Organisation:
    """Staff and effective-dated relationships of a year, ready to compute with."""

    people: dict[int, Person]
    seniors: dict[tuple[str, int], list[Link]] = field(default_factory=lambda: defaultdict(list))
    juniors: dict[tuple[str, int], list[Link]] = field(default_factory=lambda: defaultdict(list))

    def intervals(self, kind: str, person_id: int, *, as_senior: bool = False) -> list[Interval]:
        links = (self.juniors if as_senior else self.seniors)[(kind, person_id)]
        return [link.interval for link in links]


@dataclass
class Desired:
    audit_type: str
    level: str
    window: Window
    subject_id: int | None
    lead_id: int | None
    template_code: str
    status: str
    withdrawn_reason: str
    sample_supervisee_ids: list[int]

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


def load_organisation(year: int) -> Organisation:
    """Everyone in post at some time in the year, and every relationship touching it: two
    queries whatever the size of the council. A relationship counts only while both people
    in it are in post."""
    first, last = year_start(year), year_end(year)
    people = {
        row[0]: Person(*row)
        for row in StaffMember.objects.filter(start_date__lte=last)
        .exclude(end_date__lt=first)
        .order_by()
        .values_list("id", "role", "profession", "start_date", "end_date")
    }
    organisation = Organisation(people=people)
    relationships = (
        Relationship.objects.filter(starts_on__lte=last)
        .exclude(ends_on__lt=first)
        .order_by()
        .values_list("kind", "senior_id", "junior_id", "starts_on", "ends_on")
    )
    for kind, senior_id, junior_id, starts_on, ends_on in relationships:
        senior, junior = people.get(senior_id), people.get(junior_id)
        if senior is None or junior is None:
            continue
        interval = intersect((starts_on, ends_on or FOREVER), junior.in_post)
        interval = interval and intersect(interval, senior.in_post)
        if interval is None:
            continue
        organisation.seniors[(kind, junior_id)].append(Link(senior_id, interval))
        organisation.juniors[(kind, senior_id)].append(Link(junior_id, interval))
    return organisation


def _last_in_window(links: list[Link], window: Window) -> int | None:
    """Whoever holds the link on the window's last day, or else the last one in the window."""
    best = None
    for link in links:
        part = clip(link.interval, window.start, window.end)
        if part is None:
            continue
        rank = (part[1], part[0], -link.other_id)
        if best is None or rank > best[0]:
            best = (rank, link.other_id)
    return best[1] if best else None


class _Rules:
    """The framework's plan rules applied to one organisation in one year."""

    def __init__(self, version: FrameworkVersion, year: int, organisation: Organisation):
        self.version = version
        self.year = year
        self.org = organisation
        self.definition = definition_of(version)
        self.min_coverage = self.definition.plan.min_coverage
        self.rules = self.definition.plan.rules
        self.psws = [
            Link(person.id, person.in_post)
            for person in organisation.people.values()
            if person.role == Role.PRINCIPAL_SOCIAL_WORKER
        ]

    def desired(self) -> tuple[dict[tuple, Desired], dict[tuple, str]]:
        """The items the rules call for (planned or withdrawn), and for each subject and
        window the rules considered but did not call for, why not."""
        wanted: dict[tuple, Desired] = {}
        declined: dict[tuple, str] = {}
        for rule in self.rules:
            audit_type = self.definition.audit_type(rule.audit_type)
            windows = rule_windows(self.year, rule.windows)
            for subject, dependency, noun in self._subjects(rule.applies_to):
                for window in windows:
                    key = (
                        rule.audit_type,
                        subject.id if subject else ORGANISATION,
                        window.start,
                    )
                    share = coverage(dependency, window)
                    if share < self.min_coverage:
                        declined[key] = (
                            f"{noun} for less than {self.min_coverage:.0%} of the window"
                        )
                        continue
                    wanted[key] = self._item(rule, audit_type, window, subject, dependency, noun)
        return wanted, declined

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
        for person in self.org.people.values():
            if roles and person.role not in roles:
                continue
            if professions and person.profession not in professions:
                continue
            if requires == "supervisor":
                yield (
                    person,
                    self.org.intervals(RelationshipKind.SUPERVISION, person.id),
                    DEPENDENCY_NOUNS["supervised"],
                )
            elif requires == "line_manager":
                yield (
                    person,
                    self.org.intervals(RelationshipKind.LINE_MANAGEMENT, person.id),
                    DEPENDENCY_NOUNS["line_managed"],
                )
            else:
                yield person, [person.in_post], DEPENDENCY_NOUNS["in_post"]

    def _item(
        self, rule: PlanRule, audit_type: AuditType | None, window, subject, dependency, noun
    ) -> Desired:
        due = window.end
        status, reason = PlanItemStatus.PLANNED, ""
        if not holds_on(dependency, due):
            status = PlanItemStatus.WITHDRAWN
            if subject is not None and subject.end is not None and subject.end < due:
                reason = f"Left on {subject.end:%-d %B %Y}, before the due date"
            else:
                reason = f"{noun}: ended before the due date ({due:%-d %B %Y})"
        samples = []
        if subject is not None and rule.applies_to is not None and rule.applies_to.supervises:
            samples = sorted(
                {
                    link.other_id
                    for link in self.org.juniors[(RelationshipKind.SUPERVISION, subject.id)]
                    if clip(link.interval, window.start, window.end) is not None
                }
            )
        return Desired(
            audit_type=rule.audit_type,
            level=(audit_type.level if audit_type else "")
            or ("practitioner" if subject else "organisational"),
            window=window,
            subject_id=subject.id if subject else None,
            lead_id=self._lead(rule.lead, subject, window),
            template_code=_template_code(audit_type, subject),
            status=status,
            withdrawn_reason=reason,
            sample_supervisee_ids=samples,
        )

    def _lead(self, lead: str, subject: Person | None, window: Window) -> int | None:
        if lead == "principal_social_worker":
            return _last_in_window(self.psws, window)
        kind = {
            "supervisor": RelationshipKind.SUPERVISION,
            "line_manager": RelationshipKind.LINE_MANAGEMENT,
        }.get(lead)
        if kind is None or subject is None:
            return None
        return _last_in_window(self.org.seniors[(kind, subject.id)], window)


def _template_code(audit_type: AuditType | None, subject: Person | None) -> str:
    """The tool the audits app will start for this subject (none for organisational work)."""
    if subject is None or audit_type is None or not audit_type.has_tool:
        return ""
    return template_code_for(audit_type, subject) or ""


@collector_paused()
def plan_generate(
    *, year: int, framework_version: FrameworkVersion | None = None, generated_by=None
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
    result = GenerationResult(year=year, framework_version=version)
    with transaction.atomic():
        # Two generations of one year at a time would race to add the same items.
        list(PlanGeneration.objects.select_for_update().filter(year=year).order_by()[:1])
        organisation = load_organisation(year)
        wanted, declined = _Rules(version, year, organisation).desired()
        existing = {
            (item.audit_type, item.subject_key, item.window_start): item
            for item in PlanItem.objects.filter(year=year).select_related("audit").order_by()
        }
        now = timezone.now()
        to_update = []
        for key, item in existing.items():
            desired = wanted.get(key)
            if _apply(item, desired, declined.get(key), version, result):
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
            bulk_create_with_history(to_create, PlanItem, **history)
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


def _new_item(desired: Desired, year: int, version: FrameworkVersion) -> PlanItem:
    return PlanItem(
        year=year,
        framework_version=version,
        audit_type=desired.audit_type,
        level=desired.level,
        window_start=desired.window.start,
        window_end=desired.window.end,
        due_on=desired.window.end,
        quarter=quarter_of(desired.window.end),
        lead_id=desired.lead_id,
        subject_id=desired.subject_id,
        subject_key=desired.subject_id or ORGANISATION,
        template_code=desired.template_code,
        status=desired.status,
        withdrawn_reason=desired.withdrawn_reason,
        sample_supervisee_ids=desired.sample_supervisee_ids,
    )


def _apply(item, desired, declined_reason, version, result: GenerationResult) -> bool:
    """Change an existing item to what the rules now call for; True if anything changed."""
    if item.is_done:
        # Completed work stays as it was done, with whoever did it. It is only ever put
        # back in the plan if it had been withdrawn before it was finished.
        if item.status == PlanItemStatus.WITHDRAWN:
            item.status, item.withdrawn_reason = PlanItemStatus.PLANNED, ""
            result.reinstated += 1
            result.updated += 1
            return True
        return False
    if desired is None:
        if item.status == PlanItemStatus.WITHDRAWN:
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
        "lead_id": desired.lead_id,
        "template_code": desired.template_code,
        "status": desired.status,
        "withdrawn_reason": desired.withdrawn_reason,
        "sample_supervisee_ids": desired.sample_supervisee_ids,
    }
    changed = {name for name, value in values.items() if getattr(item, name) != value}
    if not changed:
        return False
    if "status" in changed:
        if desired.status == PlanItemStatus.WITHDRAWN:
            result.withdrawn += 1
        else:
            result.reinstated += 1
    if "lead_id" in changed and item.lead_id is not None:
        result.reassigned += 1
        if item.audit_id is not None and item.audit.auditor_id != desired.lead_id:
            # A draft started by the previous lead stays theirs, outside the plan: the new
            # lead starts the item's audit afresh.
            item.audit = None
    for name in changed:
        setattr(item, name, values[name])
    result.updated += 1
    return True
