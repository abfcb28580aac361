"""Every kind of answer scale a framework file may give a question: number (1 to 10),
multiple choice and date, as well as those the Coventry tools use."""

import pytest
from django.urls import reverse

from practiceqa.audits.models import Answer, Audit
from practiceqa.audits.services.answering import answers_save
from practiceqa.core.services import Refusal
from practiceqa.frameworks.models import AuditTemplate, Question
from tests.audits.conftest import answer, form_data
from tests.text import text_of


@pytest.fixture
def audit_with_every_kind(organisation, framework):
    """A template of the loaded version with one question on each of the other scales."""
    template = AuditTemplate.objects.create(
        version=framework, code="extra", title="Reflection check", definition={}
    )
    for position, (code, scale, text) in enumerate(
        [
            ("rating", "one_to_ten", "I take responsibility for finding solutions"),
            ("changes", "reflection_changes", "Have you done any of the following?"),
            ("reviewed_on", "date", "When was the plan reviewed?"),
        ],
        start=1,
    ):
        Question.objects.create(
            template=template,
            code=code,
            position=position,
            number=position,
            section_code="main",
            section_title="Reflection",
            answered_by="auditor",
            text=text,
            scale_code=scale,
            scale=framework.definition["answer_scales"][scale],
            definition={"code": code, "scale": scale, "text": text},
        )
    audit = Audit.objects.create(
        template=template,
        audit_type="extra",
        subject=organisation.subject,
        auditor=organisation.supervisor,
        audit_date="2026-04-01",
    )
    Answer.objects.bulk_create(Answer(audit=audit, question=q) for q in template.questions.all())
    return audit


def test_numbers_choices_and_dates_are_checked_and_stored(
    organisation, audit_with_every_kind, sign_in
):
    audit = audit_with_every_kind
    client = sign_in(organisation.supervisor)
    url = reverse("audit-detail", args=[audit.pk])
    data = form_data(client.get(url))
    data.update(
        {
            "answer-rating": "11",
            "answer-changes": ["communication", "flying"],
            "answer-reviewed_on_day": "31",
            "answer-reviewed_on_month": "2",
            "answer-reviewed_on_year": "2026",
        }
    )
    refused = client.post(url, data)
    assert refused.status_code == 400
    page = text_of(refused)
    assert "Enter a whole number from 1 to 10" in page
    assert "Select only answers listed for question 2" in page
    assert "Date must be a real date" in page
    assert answer(audit, "rating").value is None

    data.update(
        {
            "answer-rating": "8",
            "answer-changes": ["communication", "decisions"],
            "answer-reviewed_on_day": "3",
            "answer-reviewed_on_month": "3",
            "answer-reviewed_on_year": "2026",
        }
    )
    assert client.post(url, data).status_code == 302
    assert answer(audit, "rating").value == 8
    assert answer(audit, "changes").value == ["communication", "decisions"]
    assert answer(audit, "reviewed_on").value == "2026-03-03"
    again = client.get(url)
    assert again.context["form"]["answer-changes"].value() == ["communication", "decisions"]
    checkboxes = again.content.decode()
    assert 'type="checkbox" value="communication" checked' in checkboxes


def test_the_service_refuses_a_change_that_is_not_the_editors(organisation, standards_audit):
    q1 = answer(standards_audit, "q1")
    with pytest.raises(Refusal, match="You cannot answer question 1 at this stage"):
        answers_save(
            audit=standards_audit,
            user=organisation.subject.user,
            staff_id=organisation.subject.pk,
            expected_lock_version=standards_audit.lock_version,
            changes={q1.pk: {"value": "outstanding"}},
        )
    with pytest.raises(Refusal, match="You cannot add evidence to question 1"):
        answers_save(
            audit=standards_audit,
            user=organisation.supervisor.user,
            staff_id=organisation.supervisor.pk,
            expected_lock_version=standards_audit.lock_version,
            changes={q1.pk: {"subject_evidence": "Written by the auditor"}},
        )
    q1.refresh_from_db()
    assert (q1.value, q1.subject_evidence) == (None, "")
    standards_audit.refresh_from_db()
    assert standards_audit.lock_version == 1
