"""Surveys as the framework declares them: sections of questions on answer scales, and the
coarse "about you" fields that results are broken down by.

A survey is answered anonymously (see `practiceqa.surveys`), so a framework file can give it
only closed questions (choice, multi-select and number scales): free text could name its
writer. Read through `FrameworkDefinition.survey(code)`.
"""

from __future__ import annotations

from dataclasses import dataclass

# The kinds of answer scale a survey question may use (no free text: it can identify).
SURVEY_SCALE_KINDS = frozenset({"choice", "multi", "number"})
# Where an "about you" field's options come from: listed in the file, or the organisation's
# services as they are when the survey is opened.
OPTIONS_FROM = frozenset({"services"})


@dataclass(frozen=True)
class SurveyOption:
    value: str
    label: str


@dataclass(frozen=True)
class AboutYouField:
    """A coarse, optional field results are broken down by (service, profession)."""

    code: str
    text: str
    options: tuple[SurveyOption, ...] = ()
    options_from: str = ""  # "services": the organisation's services when opened

    @classmethod
    def from_json(cls, data: dict) -> AboutYouField:
        return cls(
            code=data["code"],
            text=data.get("text", data["code"]),
            options=tuple(
                SurveyOption(value=o["value"], label=o.get("label", o["value"]))
                for o in data.get("options", [])
            ),
            options_from=data.get("options_from", ""),
        )


@dataclass(frozen=True)
class SurveyQuestion:
    code: str
    text: str
    scale: str  # the code of its answer scale
    number: int | None = None  # its number in the framework document (Appendix 5)
    help: str = ""

    @classmethod
    def from_json(cls, data: dict) -> SurveyQuestion:
        return cls(
            code=data["code"],
            text=data.get("text", ""),
            scale=data["scale"],
            number=data.get("number"),
            help=data.get("help", ""),
        )


@dataclass(frozen=True)
class SurveySection:
    """A group of questions: for the health check, one of its areas."""

    code: str
    title: str
    questions: tuple[SurveyQuestion, ...] = ()

    @classmethod
    def from_json(cls, data: dict) -> SurveySection:
        return cls(
            code=data["code"],
            title=data.get("title", data["code"]),
            questions=tuple(SurveyQuestion.from_json(q) for q in data.get("questions", [])),
        )


@dataclass(frozen=True)
class SurveyDefinition:
    code: str
    title: str
    audit_type: str = ""  # the plan's audit type it is part of (health_check)
    intro: str = ""
    invite_professions: tuple[str, ...] = ()
    about_you: tuple[AboutYouField, ...] = ()
    sections: tuple[SurveySection, ...] = ()

    @classmethod
    def from_json(cls, data: dict) -> SurveyDefinition:
        return cls(
            code=data["code"],
            title=data.get("title", data["code"]),
            audit_type=data.get("audit_type", ""),
            intro=data.get("intro", ""),
            invite_professions=tuple((data.get("invite") or {}).get("profession", [])),
            about_you=tuple(AboutYouField.from_json(f) for f in data.get("about_you", [])),
            sections=tuple(SurveySection.from_json(s) for s in data.get("sections", [])),
        )

    @property
    def questions(self) -> tuple[SurveyQuestion, ...]:
        return tuple(q for section in self.sections for q in section.questions)
