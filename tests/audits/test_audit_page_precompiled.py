"""An audit's pages read the audit, its answers, actions, comments and amendments through
queries compiled once per process (`core.precompiled`): the pages are the same, byte for
byte, as those the selectors made before, building each queryset on every request. Drafts,
submitted and signed-off audits, with actions on the audit and on a question, read by its
auditor, its subject, their supervisor and managers."""

import pytest
from django.db.models import F
from django.urls import reverse

from practiceqa.audits import selectors
from practiceqa.audits.models import Answer, Audit, AuditStatus, SampledRecord
from practiceqa.frameworks.kept import kept_template, stamp_annotations, stamp_of
from tests.audits.conftest import fill_standards, start, submit
from tests.audits.test_audit_page_reading import bytes_of
from tests.audits.test_query_counts import seed
from tests.factories import ActionFactory


def old_audit_for_page(*, pk: int) -> Audit | None:
    found = list(
        Audit.objects.select_related(*selectors.PAGE_RELATED)
        .annotate(**stamp_annotations())
        .filter(pk=pk)
        .order_by()[:1]
    )
    if not found:
        return None
    audit = found[0]
    audit.template = kept_template(audit.template_id, stamp_of(audit)).template
    people = (
        Audit.objects.select_related(*selectors.PAGE_PEOPLE)
        .only("pk", *(path.split("__")[0] for path in selectors.PAGE_PEOPLE))
        .filter(pk=pk)
        .order_by()[:1]
    )
    for read in people:
        for name in ("auditor", "signed_off_by", "last_changed_by"):
            if getattr(read, f"{name}_id") == getattr(audit, f"{name}_id"):
                setattr(audit, name, getattr(read, name))
    return audit


def old_audit_answers(*, audit: Audit) -> list[Answer]:
    stamp = stamp_of(audit)
    if stamp is not None:
        answers = list(
            Answer.objects.filter(audit=audit).annotate(question_updated=F("question__updated_at"))
        )
        stamps = {answer.question_id: answer.question_updated for answer in answers}
        kept = kept_template(audit.template_id, stamp, stamps)
        if kept.is_current_for(stamps):
            return selectors._with_questions(answers, kept.questions)
    return list(
        Answer.objects.filter(audit=audit).select_related("question").order_by("question__position")
    )


OLD = {
    "audit_for_page": old_audit_for_page,
    "audit_answers": old_audit_answers,
    "sampled_session_ids": lambda *, audit: set(
        SampledRecord.objects.filter(audit=audit).values_list("session_id", flat=True)
    ),
    "audit_actions": lambda *, audit: list(
        audit.actions.select_related("owner").order_by("due_on", "pk")
    ),
    "subject_comments": lambda *, audit: (
        list(audit.subject_comments.select_related("author").order_by("created_at", "pk"))
        if audit.is_finished
        else []
    ),
    "amendments": lambda *, audit: (
        list(audit.amendments.select_related("made_by__staff_member").order_by("created_at", "pk"))
        if audit.status == AuditStatus.SIGNED_OFF
        else []
    ),
}


@pytest.fixture
def audits(organisation, framework):
    found = seed(organisation)
    submitted = start(
        "practice_standards_audit", organisation.supervisor, organisation.colleague, "1001"
    )
    fill_standards(submitted)
    found["submitted"] = submit(submitted)
    question = found["standards"].answers.order_by("pk").first().question
    for audit, on_question in ((found["standards"], None), (found["submitted"], question)):
        for owner in (audit.subject, audit.auditor):
            ActionFactory(audit=audit, owner=owner, question=on_question)
    return found


# Each audit as everyone who may see it does (the subject of a standards audit sees it,
# the colleague the observation about them).
VIEWERS = {
    "standards": ("supervisor", "subject", "team_manager", "psw"),
    "submitted": ("supervisor", "colleague", "team_manager", "psw"),
    "supervision": ("supervisor", "team_manager", "psw"),
    "observation": ("supervisor", "colleague", "team_manager", "psw"),
}
PAGES = [
    ("audit-detail", viewer, target) for target, viewers in VIEWERS.items() for viewer in viewers
] + [
    ("audit-check", "team_manager", "supervision"),
    ("audit-print", "subject", "standards"),
    ("audit-print", "supervisor", "submitted"),
]


@pytest.mark.parametrize(("name", "viewer", "target"), PAGES)
def test_the_pages_are_those_the_old_selectors_made(
    client, organisation, audits, monkeypatch, name, viewer, target
):
    client.force_login(getattr(organisation, viewer).user)
    url = reverse(name, args=[audits[target].pk])
    client.get(url)  # the template read and kept, the queries compiled
    precompiled = bytes_of(client.get(url))
    for selector, old in OLD.items():
        monkeypatch.setattr(selectors, selector, old)
    assert bytes_of(client.get(url)) == precompiled
