"""What the framework's plan rules call for in a year, worked out in Python from the
organisation (`organisation.load_organisation`): for each audit type, subject and window,
the item wanted with its lead, team, profession, tool and samples, or why none is. The
rules in plain words are in `generation`, which brings the stored plan in line with them."""

import datetime
from dataclasses import dataclass

from practiceqa.frameworks.definition import AppliesTo, AuditType, PlanRule, definition_of
from practiceqa.frameworks.models import FrameworkVersion
from practiceqa.org.models import RelationshipKind, Role
from practiceqa.planning.models import LeadSource
from practiceqa.planning.schedule import Window, clip, covered_days, intersect_all, rule_windows
from practiceqa.planning.services.organisation import (
    FOREVER,
    Link,
    Organisation,
    Person,
    last_in_window,
    line_above,
)

ORGANISATION = 0  # subject_key of organisational items
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


@dataclass(slots=True)
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


class PlanRules:
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
            made = _Made(rule, audit_type)
            for subject, dependency, noun in subjects[rule.applies_to]:
                subject_key = subject.id if subject else ORGANISATION
                for window in windows:
                    key = (rule.audit_type, subject_key, window.start)
                    # coverage(), as days over the window's days (thousands of times)
                    if covered_days(dependency, window) / window.days < min_coverage:
                        declined[key] = self._declined(subject, noun, window)
                        continue
                    reached = (
                        today > window.end
                        or covered_days(dependency, window, up_to=today) / window.days
                        >= min_coverage
                    )
                    wanted[key] = self._item(made, window, subject, reached)
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

    def _item(self, made: "_Made", window, subject, reached: bool) -> Desired:
        samples = []
        if made.supervises and subject is not None:
            samples = sorted(
                {
                    link.other_id
                    for link in self.org.juniors[(RelationshipKind.SUPERVISION, subject.id)]
                    if clip(link.interval, window.start, window.end) is not None
                }
            )
        held = self._held_in(subject, window) if subject is not None else None
        lead_id, source = self._lead(made.lead, subject, window)
        code = (made.code, held.profession if held else None)
        if code not in self.template_codes:
            self.template_codes[code] = _template_code(made.audit_type, held)
        return Desired(
            audit_type=made.name,
            level=made.level if subject else made.organisational_level,
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


class _Made:
    """What every item of a rule shares, worked out once for the rule."""

    __slots__ = (
        "name",
        "audit_type",
        "code",
        "lead",
        "supervises",
        "level",
        "organisational_level",
    )

    def __init__(self, rule: PlanRule, audit_type: AuditType | None) -> None:
        self.name = rule.audit_type
        self.audit_type = audit_type
        self.code = audit_type.code if audit_type else None
        self.lead = rule.lead
        self.supervises = rule.applies_to is not None and bool(rule.applies_to.supervises)
        level = audit_type.level if audit_type else ""
        self.level = level or "practitioner"
        self.organisational_level = level or "organisational"


def _template_code(audit_type: AuditType | None, held) -> str:
    """The tool the audits app would start for the subject as they were in the window (by
    the profession they held then; none for organisational work)."""
    if held is None or audit_type is None or not audit_type.has_tool:
        return ""
    return audit_type.template_code_for(held.profession) or ""
