"""Actions are listed under the question they came from, wherever the audit is shown, and
raising one from a draft saves the draft first."""

import datetime
import io

from django.urls import reverse
from django.utils import timezone
from docx import Document

from practiceqa.actions.services.actions import action_raise
from practiceqa.audits.models import Answer
from tests.audits.conftest import answer, form_data
from tests.text import text_of


def raise_from(audit, code, description):
    question = Answer.objects.get(audit=audit, question__code=code).question if code else None
    return action_raise(
        raised_by=audit.auditor.user,
        owner=audit.subject,
        description=description,
        due_on=timezone.localdate() + datetime.timedelta(days=20),
        audit=audit,
        question=question,
    )


def test_each_action_is_listed_under_its_question_on_the_page_print_and_docx(
    organisation, submitted_audit, sign_in
):
    raise_from(submitted_audit, "q20", "Book advocacy training")
    raise_from(submitted_audit, None, "Discuss the audit in supervision")
    due = f"{timezone.localdate() + datetime.timedelta(days=20):%-d %B %Y}"
    listed = f"Book advocacy training. Owner: Sid Subject. Due {due}. Status: Open."
    client = sign_in(organisation.supervisor)

    body = client.get(reverse("audit-detail", args=[submitted_audit.pk])).content.decode()
    q20 = text_of(body[body.index('id="question-q20"') :], screen_reader=True)
    assert f"Book advocacy training . Owner: Sid Subject. Due {due}. Status: Open." in q20
    assert "Actions raised from the audit as a whole Discuss the audit in supervision" in (
        text_of(body, screen_reader=True)
    )
    assert body.index('id="question-q19"') < body.index("Book advocacy training")

    printed = text_of(client.get(reverse("audit-print", args=[submitted_audit.pk])))
    assert listed in printed
    assert printed.index("20. Action plan") < printed.index("Book advocacy training")

    docx = client.get(reverse("audit-docx", args=[submitted_audit.pk]))
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert f"Book advocacy training Owner: Sid Subject. Due {due}. Status: Open." in text
    assert "Actions raised from 20. Action plan" in text
    assert "Discuss the audit in supervision" in text


def test_raising_an_action_from_a_draft_saves_the_draft_first(
    organisation, standards_audit, sign_in
):
    client = sign_in(organisation.supervisor)
    url = reverse("audit-detail", args=[standards_audit.pk])
    page = client.get(url)
    assert "Save draft and raise an action" in text_of(page)
    data = form_data(page)
    data.update({"answer-q20": "Advocacy training for the worker.", "answer-q1": "good"})
    response = client.post(url, {**data, "action": "raise:q20"})
    assert response.status_code == 302
    assert response["Location"] == (
        f"{reverse('action-create')}?audit={standards_audit.pk}&question=q20"
    )
    assert answer(standards_audit, "q20").value == "Advocacy training for the worker."
    assert answer(standards_audit, "q1").value == "good"
    follow = client.get(response["Location"])
    assert follow.status_code == 200
    assert "Your answers have been saved" in text_of(follow)
