"""The framework definition, typed: what a loaded framework file declares.

A version's stored JSON (checked against the schema when it was loaded) is read here, and
only here, into frozen dataclasses: answer scales, overall grade rules, templates with
their sections and questions, audit types and the annual plan rules. The rest of the code
asks `definition_of(version)` and reads attributes, never the JSON. A version never changes
once stored, so its definition is parsed once and kept (keyed by id and checksum).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING

from practiceqa.frameworks.definition_focus_groups import FocusGroupGuide
from practiceqa.frameworks.definition_surveys import SurveyDefinition

if TYPE_CHECKING:
    from practiceqa.frameworks.models import FrameworkVersion

EMPTY: Mapping = MappingProxyType({})


def _frozen(mapping: dict) -> Mapping:
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True)
class ScaleOption:
    value: str
    label: str
    score: int | float | None = None
    excluded: bool = False  # N/A: counts for nothing in a grade
    favourable: bool = False  # a survey answer counted as agreeing ("Agree", "Yes")

    @classmethod
    def from_json(cls, data: dict) -> ScaleOption:
        return cls(
            value=data["value"],
            label=data.get("label", data["value"]),
            score=data.get("score"),
            excluded=bool(data.get("excluded")),
            favourable=bool(data.get("favourable")),
        )


@dataclass(frozen=True)
class AnswerScale:
    code: str
    kind: str  # choice, multi, number, text, date, confirm, signature
    label: str = ""
    options: tuple[ScaleOption, ...] = ()
    min: int | None = None
    max: int | None = None

    @classmethod
    def from_json(cls, code: str, data: dict) -> AnswerScale:
        return cls(
            code=code,
            kind=data.get("kind", "text"),
            label=data.get("label", ""),
            options=tuple(ScaleOption.from_json(o) for o in data.get("options", [])),
            min=data.get("min"),
            max=data.get("max"),
        )

    def option(self, value) -> ScaleOption | None:
        return next((o for o in self.options if o.value == value), None)

    @property
    def best_score(self) -> int | float | None:
        """The highest score an answer on this scale can have (N/A aside)."""
        scores = [o.score for o in self.options if o.score is not None and not o.excluded]
        return max(scores) if scores else None


@dataclass(frozen=True)
class GradeBand:
    min: int | float
    label: str


@dataclass(frozen=True)
class GradeRule:
    """How a template's overall grade is worked out (see `frameworks.scoring`)."""

    code: str
    method: str  # percentage, mean_score or question
    bands: tuple[GradeBand, ...] = ()
    question: str = ""  # the question whose answer is the grade (method "question")

    @classmethod
    def from_json(cls, code: str, data: dict) -> GradeRule:
        return cls(
            code=code,
            method=data["method"],
            bands=tuple(GradeBand(min=b["min"], label=b["label"]) for b in data.get("bands", [])),
            question=data.get("question", ""),
        )


@dataclass(frozen=True)
class QuestionDefinition:
    code: str
    text: str
    scale: str  # the code of its answer scale
    number: int | None = None
    help: str = ""
    comment_required_for: tuple[str, ...] = ()
    requires: tuple[str, ...] = ()  # questions that must be confirmed before this one
    actions: bool = False  # actions may be raised from it
    evidence: str = ""  # what is shown beside it, e.g. "supervision_sessions"
    not_future: bool = False  # a date that cannot be after the day it is given
    # Its section's narrative rule and help, copied onto each stored question.
    narrative: str = ""
    section_help: str = ""

    @classmethod
    def from_json(cls, data: dict) -> QuestionDefinition:
        return cls(
            code=data["code"],
            text=data.get("text", ""),
            scale=data.get("scale", "text"),
            number=data.get("number"),
            help=data.get("help", ""),
            comment_required_for=tuple(data.get("comment_required_for", [])),
            requires=tuple(data.get("requires", [])),
            actions=bool(data.get("actions")),
            evidence=data.get("evidence", ""),
            not_future=bool(data.get("not_future")),
            narrative=data.get("narrative", ""),
            section_help=data.get("section_help", ""),
        )


@dataclass(frozen=True)
class Section:
    code: str
    title: str
    answered_by: str  # auditor or subject
    stage: str = ""  # the observation's turn: before, observation, after or reflection
    narrative: str = ""  # "required": a narrative goes with each graded answer
    help: str = ""
    questions: tuple[QuestionDefinition, ...] = ()

    @classmethod
    def from_json(cls, data: dict) -> Section:
        return cls(
            code=data["code"],
            title=data.get("title", data["code"]),
            answered_by=data.get("answered_by", "auditor"),
            stage=data.get("stage", ""),
            narrative=data.get("narrative", ""),
            help=data.get("help", ""),
            questions=tuple(QuestionDefinition.from_json(q) for q in data.get("questions", [])),
        )


@dataclass(frozen=True)
class TemplateDefinition:
    """One audit tool: its sections and questions, and how it is graded."""

    code: str
    title: str
    source: str = ""
    overall_grade: str = ""  # the code of its grade rule
    case_identifier: bool = False  # about one case, named by its identifier
    subject_evidence: bool = False  # the subject may add evidence to answers
    sections: tuple[Section, ...] = ()

    @classmethod
    def from_json(cls, data: dict) -> TemplateDefinition:
        return cls(
            code=data["code"],
            title=data.get("title", data["code"]),
            source=data.get("source", ""),
            overall_grade=data.get("overall_grade") or "",
            case_identifier=bool(data.get("case_identifier")),
            subject_evidence=bool(data.get("subject_evidence")),
            sections=tuple(Section.from_json(s) for s in data.get("sections", [])),
        )


@dataclass(frozen=True)
class AuditType:
    code: str
    name: str
    level: str = ""  # practitioner or organisational
    lead: str = ""  # who leads it, in words
    subject: str = ""  # whose work is audited: practitioner, supervisor or none
    templates: tuple[str, ...] = ()
    template_by_profession: Mapping[str, str] = field(default_factory=lambda: EMPTY)
    sampling: str = ""  # "supervision_records": a sample of records is drawn
    workflow: str = ""  # "observation": the observation's turn-taking

    @classmethod
    def from_json(cls, data: dict) -> AuditType:
        return cls(
            code=data["code"],
            name=data.get("name", data["code"]),
            level=data.get("level", ""),
            lead=data.get("lead", ""),
            subject=data.get("subject", ""),
            templates=tuple(data.get("templates", [])),
            template_by_profession=_frozen(data.get("template_by_profession", {})),
            sampling=data.get("sampling", ""),
            workflow=data.get("workflow", ""),
        )

    @property
    def has_tool(self) -> bool:
        """It is answered on a template (organisational work is recorded as done instead)."""
        return bool(self.templates)

    def template_code_for(self, profession: str) -> str | None:
        """The tool for a subject of this profession; None if the type is not for them."""
        if self.template_by_profession:
            return self.template_by_profession.get(profession)
        return self.templates[0] if self.templates else None


@dataclass(frozen=True)
class AppliesTo:
    """Who a plan rule makes items for; a rule without it makes one organisational item."""

    roles: tuple[str, ...] = ()
    professions: tuple[str, ...] = ()
    requires: str = ""  # supervisor or line_manager: only while they have one
    supervises: bool = False  # everyone who supervises someone

    @classmethod
    def from_json(cls, data: dict) -> AppliesTo:
        return cls(
            roles=tuple(data.get("role", [])),
            professions=tuple(data.get("profession", [])),
            requires=data.get("requires", ""),
            supervises=bool(data.get("supervises")),
        )


@dataclass(frozen=True)
class PlanWindow:
    """A financial quarter, or from and to as "MM-DD" (a window may cross the year end)."""

    quarter: int | None = None
    start: str = ""
    end: str = ""

    @classmethod
    def from_json(cls, data: dict) -> PlanWindow:
        if "quarter" in data:
            return cls(quarter=int(data["quarter"]))
        return cls(start=str(data["from"]), end=str(data["to"]))


@dataclass(frozen=True)
class PlanRule:
    audit_type: str
    lead: str  # supervisor, line_manager or principal_social_worker
    windows: tuple[PlanWindow, ...]
    applies_to: AppliesTo | None = None

    @classmethod
    def from_json(cls, data: dict) -> PlanRule:
        applies_to = data.get("applies_to")
        return cls(
            audit_type=data["audit_type"],
            lead=data["lead"],
            windows=tuple(PlanWindow.from_json(w) for w in data.get("windows", [])),
            applies_to=AppliesTo.from_json(applies_to) if applies_to is not None else None,
        )


@dataclass(frozen=True)
class Plan:
    """The annual plan rules (Appendix 6)."""

    rules: tuple[PlanRule, ...] = ()
    # An item is planned only for someone the rule applies to for this share of its window.
    min_coverage: float = 0.5

    @classmethod
    def from_json(cls, data: dict) -> Plan:
        return cls(
            rules=tuple(PlanRule.from_json(r) for r in data.get("rules", [])),
            min_coverage=float(data.get("min_coverage", 0.5)),
        )


@dataclass(frozen=True)
class FrameworkDefinition:
    slug: str
    title: str
    scales: Mapping[str, AnswerScale] = field(default_factory=lambda: EMPTY)
    grade_rules: Mapping[str, GradeRule] = field(default_factory=lambda: EMPTY)
    templates: tuple[TemplateDefinition, ...] = ()
    audit_types: tuple[AuditType, ...] = ()
    plan: Plan = Plan()
    surveys: tuple[SurveyDefinition, ...] = ()
    focus_groups: tuple[FocusGroupGuide, ...] = ()

    @classmethod
    def from_json(cls, data: dict) -> FrameworkDefinition:
        return cls(
            slug=data.get("slug", ""),
            title=data.get("title", ""),
            scales=_frozen(
                {
                    code: AnswerScale.from_json(code, scale)
                    for code, scale in data.get("answer_scales", {}).items()
                }
            ),
            grade_rules=_frozen(
                {
                    code: GradeRule.from_json(code, rule)
                    for code, rule in data.get("overall_grades", {}).items()
                }
            ),
            templates=tuple(TemplateDefinition.from_json(t) for t in data.get("templates", [])),
            audit_types=tuple(AuditType.from_json(t) for t in data.get("audit_types", [])),
            plan=Plan.from_json(data.get("plan") or {}),
            surveys=tuple(SurveyDefinition.from_json(s) for s in data.get("surveys", [])),
            focus_groups=tuple(FocusGroupGuide.from_json(g) for g in data.get("focus_groups", [])),
        )

    def focus_group(self, code: str) -> FocusGroupGuide | None:
        return next((g for g in self.focus_groups if g.code == code), None)

    def survey(self, code: str) -> SurveyDefinition | None:
        return next((s for s in self.surveys if s.code == code), None)

    def audit_type(self, code: str) -> AuditType | None:
        return next((t for t in self.audit_types if t.code == code), None)

    @property
    def audit_types_with_tools(self) -> tuple[AuditType, ...]:
        """The audit types answered on a template (the practitioner-level audits)."""
        return tuple(t for t in self.audit_types if t.has_tool)

    def template(self, code: str) -> TemplateDefinition | None:
        return next((t for t in self.templates if t.code == code), None)

    def grade_rule_of(self, template_code: str) -> GradeRule | None:
        template = self.template(template_code)
        if template is None or not template.overall_grade:
            return None
        return self.grade_rules.get(template.overall_grade)

    def audit_type_name(self, code: str) -> str:
        audit_type = self.audit_type(code)
        return audit_type.name if audit_type else code


_CACHE_SIZE = 32
_cache: OrderedDict[tuple, FrameworkDefinition] = OrderedDict()
_lock = threading.Lock()


def definition_of(version: FrameworkVersion) -> FrameworkDefinition:
    """The typed definition of a stored framework version, parsed once per version."""
    if version.pk is None:
        return FrameworkDefinition.from_json(version.definition)
    key = (version.pk, version.checksum)
    with _lock:
        found = _cache.get(key)
        if found is not None:
            _cache.move_to_end(key)
            return found
    parsed = FrameworkDefinition.from_json(version.definition)
    with _lock:
        _cache[key] = parsed
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return parsed


def forget(version: FrameworkVersion) -> None:
    """Drop a version's parsed definition (a version is written only when it is loaded)."""
    with _lock:
        _cache.pop((version.pk, version.checksum), None)
