"""An audit laid out as its appendix: sections of questions with their answers, for the
audit page, the print view and the DOCX export alike."""

from dataclasses import dataclass, field

from django.urls import reverse

from practiceqa.audits import answers as values
from practiceqa.audits.models import Answer, Audit
from practiceqa.audits.workflow import SUBJECT, may_see, takes_evidence
from practiceqa.frameworks.definition import ScaleOption, definition_of

# The observation's questions that the header's "Date and setting of observation" shows.
OBSERVED = ("observed_on", "setting")


@dataclass
class Item:
    answer: object
    visible: bool
    answer_field: object = None
    extra_fields: list = field(default_factory=list)
    action_url: str = ""
    # The template takes the subject's evidence and rationale beside this question.
    evidence: bool = False
    # The actions raised from this question, with their owner, due date and status.
    actions: list = field(default_factory=list)
    # Raising an action from a draft saves the draft first: a button of the answers form.
    action_saves_draft: bool = False

    @property
    def question(self):
        return self.answer.question

    @property
    def label(self) -> str:
        return values.question_label(self.question)

    @property
    def text(self) -> str:
        return values.display(self.question, self.answer.value)

    @property
    def excluded(self) -> bool:
        return values.is_excluded(self.question, self.answer.value)

    @property
    def is_choice(self) -> bool:
        return self.question.kind == "choice"

    @property
    def answer_label_class(self) -> str:
        return "" if self.question.kind in {"choice", "multi"} else "govuk-label--s"

    @property
    def evidence_editable(self) -> bool:
        return any(f.name.startswith("evidence-") for f in self.extra_fields)

    @property
    def shows_sessions(self) -> bool:
        return self.question.spec.evidence == "supervision_sessions"


@dataclass
class Section:
    code: str
    title: str
    help: str
    items: list[Item]
    # Hidden, like the section before it: one message covers both.
    follows_hidden: bool = False

    @property
    def hidden(self) -> bool:
        return not any(item.visible for item in self.items)

    @property
    def has_inputs(self) -> bool:
        return any(item.answer_field or item.extra_fields for item in self.items)

    @property
    def to_answer(self) -> list[Item]:
        """The questions of the section the viewer answers here."""
        return [item for item in self.items if item.answer_field is not None]

    @property
    def answered(self) -> int:
        """How many of those have a saved answer."""
        return sum(values.is_answered(item.answer.value) for item in self.to_answer)

    @property
    def unanswered(self) -> list[Item]:
        return [item for item in self.to_answer if not values.is_answered(item.answer.value)]

    @property
    def tabular(self) -> bool:
        """Laid out like Appendix 1: Yes / Partly / No columns, and comments."""
        return all(item.is_choice and item.question.comment_required_for for item in self.items)

    @property
    def columns(self) -> list[ScaleOption]:
        options = self.items[0].question.options if self.items else ()
        return [o for o in options if not o.excluded]


def action_create_url(audit: Audit, question) -> str:
    """The actions app's form for an action arising from this question."""
    return f"{reverse('action-create')}?audit={audit.pk}&question={question.code}"


def build_sections(
    *,
    audit: Audit,
    answers: list,
    viewer_id: int | None,
    form=None,
    can_raise_actions: bool = False,
    actions=(),
    appendix_order: bool = False,
) -> list[Section]:
    """The audit's sections; `actions` (the audit's actions) are listed under the question
    each came from. With `appendix_order`, a practice observation is laid out as Appendix 4
    prints it (Part 1, boxes 1 to 4 and the worker's signature, then Part 2, the feedback
    and the observer's signature) rather than in the order its parts are written."""
    rows = form.rows() if form is not None else {}
    by_question: dict[int, list] = {}
    for action in actions:
        by_question.setdefault(action.question_id, []).append(action)
    sections: list[Section] = []
    for answer in answers:
        question = answer.question
        fields = rows.get(question.code, [])
        answer_name = f"answer-{question.code}"
        item = Item(
            answer=answer,
            visible=may_see(audit, question, viewer_id),
            answer_field=next((f for f in fields if f.name == answer_name), None),
            extra_fields=[f for f in fields if f.name != answer_name],
            evidence=takes_evidence(audit, question),
            actions=by_question.get(question.pk, []),
        )
        if can_raise_actions and question.raises_actions:
            item.action_url = action_create_url(audit, question)
            item.action_saves_draft = form is not None and form.has_inputs
        if not sections or sections[-1].code != question.section_code:
            sections.append(
                Section(
                    code=question.section_code,
                    title=question.section_title,
                    help=question.spec.section_help,
                    items=[],
                )
            )
        sections[-1].items.append(item)
    if appendix_order and audit.is_observation:
        sections.sort(key=lambda section: section.items[0].question.answered_by != SUBJECT)
    for before, after in zip(sections, sections[1:], strict=False):
        after.follows_hidden = before.hidden and after.hidden
    return sections


def in_parts(sections: list[Section], size: int = 5) -> list[Section]:
    """Long sections split into parts of `size` questions to answer, each with its own
    heading, anchor and save button (a 20-question audit is not one long form)."""
    parted: list[Section] = []
    for section in sections:
        if len(section.to_answer) <= size or section.hidden:
            parted.append(section)
            continue
        chunks = [section.items[i : i + size] for i in range(0, len(section.items), size)]
        for number, items in enumerate(chunks, start=1):
            first, last = items[0].question, items[-1].question
            span = (
                f"questions {first.number} to {last.number}"
                if first.number and last.number
                else f"part {number} of {len(chunks)}"
            )
            parted.append(
                Section(
                    code=f"{section.code}-{number}",
                    title=f"{section.title}: {span}",
                    help=section.help if number == 1 else "",
                    items=items,
                )
            )
    return parted


def actions_of_audit_as_a_whole(actions) -> list:
    """The audit's actions raised from no particular question."""
    return [action for action in actions if action.question_id is None]


def observed(audit: Audit, answers=None) -> str:
    """When and where the practice was observed, as the observer recorded it (in
    `answers`, the audit's answers with their questions, where the page has them)."""
    if answers is None:
        given = dict(
            Answer.objects.filter(audit=audit, question__code__in=OBSERVED).values_list(
                "question__code", "value"
            )
        )
    else:
        given = {a.question.code: a.value for a in answers if a.question.code in OBSERVED}
    parts = [values.format_date(given["observed_on"]) if given.get("observed_on") else ""]
    parts.append(given.get("setting") or "")
    return ", ".join(part for part in parts if part) or "Not recorded yet"


def header_rows(audit: Audit, answers=None) -> list[tuple[str, str]]:
    """The header fields of the appendix: who, whom, when, which case (`answers`: as for
    `observed`)."""
    audit_type = definition_of(audit.template.version).audit_type(audit.audit_type)
    date = audit.audit_date.strftime("%-d %B %Y") if audit.audit_date else ""
    if audit.is_observation:
        observer = audit.auditor.full_name
        if audit.auditor.job_title:
            observer = f"{observer}, {audit.auditor.job_title}"
        return [
            ("Name of worker", audit.subject.full_name),
            ("Name and role of observer", observer),
            ("Date and setting of observation", observed(audit, answers)),
        ]
    subject_label = {
        "supervisor": "Name of supervisor",
        "practitioner": "Allocated worker",
    }.get(audit_type.subject if audit_type else "", "Subject")
    rows = [
        ("Name of auditor", audit.auditor.full_name),
        (subject_label, audit.subject.full_name),
        ("Date of audit", date),
    ]
    if audit.case_identifier:
        rows.append(("Case identifier", audit.case_identifier))
    return rows
