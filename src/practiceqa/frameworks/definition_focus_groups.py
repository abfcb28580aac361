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
    area: str = ""  # the health check area (survey section) its notes are read under


@dataclass(frozen=True)
class DiscussionArea:
    code: str
    title: str
    area: str = ""

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
                    area=h.get("area", ""),
                    questions=tuple(
                        FocusGroupQuestion(number=q["number"], text=q["text"])
                        for q in h.get("questions", [])
                    ),
                )
                for h in data.get("headings", [])
            ),
            discussion_areas=tuple(
                DiscussionArea(
                    code=a["code"], title=a.get("title", a["code"]), area=a.get("area", "")
                )
                for a in data.get("discussion_areas", [])
            ),
        )

    @property
    def note_keys(self) -> tuple[str, ...]:
        """Every place a note may be kept, in the order the guide reads."""
        questions = tuple(q.key for h in self.headings for q in h.questions)
        return questions + tuple(a.key for a in self.discussion_areas)

    def notes_by_area(self, notes: dict) -> dict[str, list[tuple[str, str]]]:
        """A session's notes under the health check area each belongs to ("" for none), as
        (question or discussion area, note), in the order the guide reads."""
        found: dict[str, list[tuple[str, str]]] = {}
        for heading in self.headings:
            for question in heading.questions:
                if notes.get(question.key):
                    found.setdefault(heading.area, []).append(
                        (f"{question.number}. {question.text}", notes[question.key])
                    )
        for area in self.discussion_areas:
            if notes.get(area.key):
                found.setdefault(area.area, []).append((area.title, notes[area.key]))
        return found
