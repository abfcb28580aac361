"""An audit's page reads its template as kept in the process (frameworks.kept), and shows
a template, question, version or framework edited since as it is now."""

from django.urls import reverse

from practiceqa.frameworks.models import AuditTemplate, Framework, Question
from tests.audits.conftest import start
from tests.text import text_of


def test_an_edited_template_and_question_show_fresh_on_the_audit_page(
    organisation, framework, sign_in
):
    audit = start("practice_standards_audit", organisation.supervisor, organisation.subject, "1234")
    client = sign_in(organisation.supervisor)
    url = reverse("audit-detail", args=[audit.pk])
    page = text_of(client.get(url))
    question = Question.objects.get(template=audit.template, code="q1")
    assert question.text in page
    assert client.get(url).status_code == 200  # now kept

    template = AuditTemplate.objects.get(pk=audit.template_id)
    template.title = "Practice standards audit (revised)"
    template.source = ""
    template.save()
    assert "Practice standards audit (revised)" in text_of(client.get(url))

    question.text = "Is the record written with the person?"
    question.save()
    assert "Is the record written with the person?" in text_of(client.get(url))

    coventry = Framework.objects.get(pk=framework.framework_id)
    coventry.title = "Adult Services Practice Quality Assurance Framework (renamed)"
    coventry.save()
    assert "(renamed), version 1" in text_of(client.get(url))


def test_a_kept_template_costs_no_queries_for_its_questions(organisation, framework, sign_in):
    """Opened again, the page reads no template, framework or question rows of its own."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    audit = start("practice_standards_audit", organisation.supervisor, organisation.subject, "1234")
    client = sign_in(organisation.supervisor)
    url = reverse("audit-detail", args=[audit.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    read = [q["sql"] for q in captured if 'FROM "frameworks_' in q["sql"]]
    assert read == [], read
