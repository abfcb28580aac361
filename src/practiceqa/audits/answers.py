"""Answer values as stored (JSON) and as people read them, for every kind of answer scale.

choice: the option's value ("yes", "partly", "good", "na"...); multi: a list of values;
number: an integer; text: the text; date: an ISO date; confirm: true;
signature: {"name": typed full name, "signed_on": ISO date}.
"""

import datetime

from django.utils import timezone

from practiceqa.frameworks.definition import ScaleOption


def is_answered(value) -> bool:
    return value not in (None, "", [], {}, False)


def option(question, value) -> ScaleOption | None:
    return question.answer_scale.option(value)


def is_excluded(question, value) -> bool:
    """An answer that counts for nothing in scores (N/A)."""
    found = option(question, value)
    return bool(found and found.excluded)


def display(question, value) -> str:
    """The answer as a reader sees it; empty when unanswered."""
    if not is_answered(value):
        return ""
    kind = question.kind
    if kind == "choice":
        found = option(question, value)
        return found.label if found else str(value)
    if kind == "multi":
        labels = {o.value: o.label for o in question.options}
        return "; ".join(labels.get(item, str(item)) for item in value)
    if kind == "confirm":
        return "Yes"
    if kind == "signature":
        return signature_text(value)
    if kind == "date":
        return format_date(value)
    return str(value)


def signature_text(value) -> str:
    if not isinstance(value, dict):
        return ""
    return f"{value.get('name', '')}, {format_date(value.get('signed_on'))}"


def parse_date(iso) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(iso)
    except (TypeError, ValueError):
        return None


def date_noun(question) -> str:
    """How messages name a date question: "date of observation", else "date"."""
    text = question.text.rstrip("?").strip()
    return text[:1].lower() + text[1:] if text.lower().startswith("date") else "date"


def future_date_problem(question, value) -> str | None:
    """A date that may not be in the future (the day something was done) and is."""
    day = parse_date(value) if question.kind == "date" else None
    if day is None or not question.not_future or day <= timezone.localdate():
        return None
    noun = date_noun(question)
    return f"{noun[:1].upper()}{noun[1:]} must be today or in the past"


def format_date(iso) -> str:
    try:
        return datetime.date.fromisoformat(iso).strftime("%-d %B %Y")
    except (TypeError, ValueError):
        return str(iso or "")


def needs_comment(question, value) -> bool:
    return is_answered(value) and value in question.comment_required_for


def takes_narrative(question) -> bool:
    """A graded question in a section that needs a narrative ("narrative: required")."""
    return question.narrative_required and question.kind == "choice"


def needs_narrative(question, value) -> bool:
    return takes_narrative(question) and is_answered(value) and not is_excluded(question, value)


def question_ref(question) -> str:
    """How a message names a question: "question 3", or its text when unnumbered."""
    if question.number:
        return f"question {question.number}"
    return f"“{question.text.rstrip('?')}”"


def question_label(question) -> str:
    return f"{question.number}. {question.text}" if question.number else question.text


def same_name(typed: str, name: str) -> bool:
    return " ".join(typed.split()).casefold() == " ".join(name.split()).casefold()


def missing_answer_message(question) -> str:
    if question.kind == "signature":
        return f"Type your full name to sign ({question.text})"
    if question.kind in {"choice", "multi"}:
        return f"Select an answer to {question_ref(question)}"
    return f"Enter an answer to {question_ref(question)}"
