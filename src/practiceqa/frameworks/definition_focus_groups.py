"""The health check's focus groups as the framework declares them (Appendix 5): questions
under headings, and the discussion areas. Read through `FrameworkDefinition.focus_group`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FocusGroupQuestion:
    number: int
    text: str

    @property
    def key(self) -> str:
        """Where a session's note on it is kept."""
        return f"q{self.number}"


@dataclass(frozen=True)
class FocusGroupHeading:
    code: str
    title: str
    questions: tuple[FocusGroupQuestion, ...] = ()


@dataclass(frozen=True)
class DiscussionArea:
    code: str
    title: str

    @property
    def key(self) -> str:
        return f"area_{self.code}"


@dataclass(frozen=True)
class FocusGroupGuide:
    code: str
    title: str
    audit_type: str = ""
    headings: tuple[FocusGroupHeading, ...] = ()
    discussion_areas: tuple[DiscussionArea, ...] = ()

    @classmethod
    def from_json(cls, data: dict) -> FocusGroupGuide:
        return cls(
            code=data["code"],
            title=data.get("title", data["code"]),
            audit_type=data.get("audit_type", ""),
            headings=tuple(
                FocusGroupHeading(
                    code=h["code"],
                    title=h.get("title", h["code"]),
                    questions=tuple(
                        FocusGroupQuestion(number=q["number"], text=q["text"])
                        for q in h.get("questions", [])
                    ),
                )
                for h in data.get("headings", [])
            ),
            discussion_areas=tuple(
                DiscussionArea(code=a["code"], title=a.get("title", a["code"]))
                for a in data.get("discussion_areas", [])
            ),
        )

    @property
    def note_keys(self) -> tuple[str, ...]:
        """Every place a note may be kept, in the order the guide reads."""
        questions = tuple(q.key for h in self.headings for q in h.questions)
        return questions + tuple(a.key for a in self.discussion_areas)
