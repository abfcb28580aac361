"""Audit templates kept in each process, with their questions parsed, for the audit pages.

An audit's page shows its template (title, source, framework and version) and each answer
beside its question, read through the question's answer scale and rules. Those rows are
written when a framework is loaded and are the same for every audit of the template:
joining them to the audit and its answers, decoding their JSON and parsing them again on
every request was a third of the page. Each process keeps them here instead.

A kept template is found by its id and by stamps read with the audit itself (the
template's, its version's and its framework's `updated_at`, and the version's checksum),
and each question it holds is checked against the `updated_at` read with its answer: a
template, version, framework or question saved since it was kept is loaded afresh, never
shown stale. What is given back is shared by every request of the process: nobody may
change it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

from django.db.models import F

from practiceqa.frameworks.models import AuditTemplate, Question

MAX_KEPT = 64
_STAMPS = {
    "kept_template_updated": "updated_at",
    "kept_version_updated": "version__updated_at",
    "kept_version_checksum": "version__checksum",
    "kept_framework_updated": "version__framework__updated_at",
}

_lock = threading.Lock()
_kept: OrderedDict[tuple, KeptTemplate] = OrderedDict()


def stamp_annotations(prefix: str = "template__") -> dict[str, F]:
    """What to annotate a query of audits (or anything with a template) with, so that
    `stamp_of` can tell which kept template is current: four columns, no rows read in
    full."""
    return {name: F(f"{prefix}{path}") for name, path in _STAMPS.items()}


def stamp_of(row) -> tuple | None:
    """The stamps `stamp_annotations` read with `row`, or None if it was read without."""
    try:
        return tuple(getattr(row, name) for name in _STAMPS)
    except AttributeError:
        return None


@dataclass(frozen=True)
class KeptTemplate:
    template: AuditTemplate  # with its version and framework
    questions: dict[int, Question]  # by pk, each with its template, spec and scale parsed

    def is_current_for(self, question_stamps: dict[int, object]) -> bool:
        """Whether every question named (pk: `updated_at` as read now) is kept as it is."""
        questions = self.questions
        return all(
            pk in questions and questions[pk].updated_at == stamp
            for pk, stamp in question_stamps.items()
        )


def kept_template(
    template_id: int, stamp: tuple, question_stamps: dict[int, object] | None = None
) -> KeptTemplate:
    """The template `template_id` as it is when its stamps are `stamp` (and its questions'
    are `question_stamps`, where given): kept, or loaded (two queries) and kept."""
    key = (template_id, stamp)
    with _lock:
        found = _kept.get(key)
        if found is not None:
            _kept.move_to_end(key)
    if found is not None and (question_stamps is None or found.is_current_for(question_stamps)):
        return found
    loaded = _load(template_id)
    with _lock:
        _kept[key] = loaded
        _kept.move_to_end(key)
        while len(_kept) > MAX_KEPT:
            _kept.popitem(last=False)
    return loaded


def forget_all() -> None:
    with _lock:
        _kept.clear()


def _load(template_id: int) -> KeptTemplate:
    template = AuditTemplate.objects.select_related("version__framework").get(pk=template_id)
    template.spec  # noqa: B018 (parsed now, once, rather than by some later request)
    questions = {}
    for question in Question.objects.filter(template_id=template_id).order_by("position"):
        question.template = template
        question.spec  # noqa: B018
        question.answer_scale  # noqa: B018
        questions[question.pk] = question
    return KeptTemplate(template=template, questions=questions)
