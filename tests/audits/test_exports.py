"""Print view and DOCX of a finished audit, laid out like its appendix."""

import io

import docx
from django.urls import reverse

from practiceqa.audits.models import Answer
from practiceqa.audits.services.answering import answers_save
from tests.audits.conftest import session, sign_off, start, submit
from tests.text import text_of

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def answered_supervision_audit(organisation):
    # A record of each supervisee, so that the sample can be submitted.
    session(organisation.supervisor, organisation.subject, 30)
    session(organisation.supervisor, organisation.colleague, 40)
    audit = start("supervision_audit", organisation.team_manager, organisation.supervisor)
    answers = {
        a.question.code: a for a in Answer.objects.filter(audit=audit).select_related("question")
    }
    changes = {a.pk: {"value": "yes"} for a in answers.values() if a.question.kind == "choice"}
    changes[answers["frequency"].pk] = {"value": "partly", "comment": "Missed in August."}
    changes[answers["observations"].pk] = {"value": "na", "comment": "New supervisor."}
    changes[answers["general_comments"].pk] = {"value": "Supervision is valued by the team."}
    answers_save(
        audit=audit,
        user=organisation.team_manager.user,
        staff_id=organisation.team_manager.pk,
        expected_lock_version=audit.lock_version,
        changes=changes,
    )
    return submit(audit)


def rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_the_docx_is_laid_out_like_appendix_1(organisation, framework, sign_in):
    audit = answered_supervision_audit(organisation)
    client = sign_in(organisation.team_manager)
    response = client.get(reverse("audit-docx", args=[audit.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert response["Content-Disposition"].startswith('attachment; filename="staff-supervision')
    document = docx.Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert document.paragraphs[0].text == "Staff Supervision Audit"
    assert "Appendix 1" in text
    header, questions, summary = document.tables[:3]
    assert rows(header) == [
        ["Name of auditor", "Toni Teammanager"],
        ["Name of supervisor", "Sue Supervisor"],
        ["Date of audit", audit.audit_date.strftime("%-d %B %Y")],
    ]
    table = rows(questions)
    assert table[0] == ["Questions", "Yes", "Partly", "No", "Comments (if required)"]
    assert table[1] == [
        "1. Is there an up to date supervision agreement in place?",
        "X",
        "",
        "",
        "",
    ]
    assert table[2][1:] == ["", "X", "", "Missed in August."]
    assert table[5][1:] == ["", "", "", "N/A. New supervisor."]
    assert len(table) == 12
    assert ["General Comments", "Supervision is valued by the team."] in rows(summary)
    assert "Partly effective" in text or "Effective" in text


def test_the_docx_of_a_practice_standards_audit_has_its_case_and_narratives(
    organisation, submitted_audit, sign_in
):
    sign_off(submitted_audit)
    response = sign_in(organisation.subject).get(reverse("audit-docx", args=[submitted_audit.pk]))
    document = docx.Document(io.BytesIO(response.content))
    header = rows(document.tables[0])
    assert ["Case identifier", "123456"] in header
    assert ["Allocated worker", "Sid Subject"] in header
    standards = rows(document.tables[1])
    assert standards[0][0].startswith("1. Is the record coherent")
    assert standards[0][1] == "Good\nNarrative: Seen in the case notes."
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Signed off by Sue Supervisor" in text


def test_the_print_view_shows_header_answers_comments_and_signatures(
    organisation, framework, sign_in
):
    audit = answered_supervision_audit(organisation)
    client = sign_in(organisation.supervisor)
    client.post(reverse("audit-comment", args=[audit.pk]), {"text": "August was my leave."})
    response = client.get(reverse("audit-print", args=[audit.pk]))
    assert response.status_code == 200
    page = text_of(response, screen_reader=True)
    assert "Name of auditor Toni Teammanager Name of supervisor Sue Supervisor" in page
    assert "Questions Yes Partly No Comments (if required)" in page
    # The mark is an X under "Partly" (read out as "Partly"), and the comment beside it.
    assert "2. Has supervision been held at the required frequency? X Partly Missed in August." in (
        page
    )
    assert "August was my leave." in page
    assert "Auditor Toni Teammanager, submitted" in page
    assert "govuk-service-navigation" not in response.content.decode(), "a clean page"


def test_a_draft_cannot_be_printed_or_downloaded(organisation, standards_audit, sign_in):
    client = sign_in(organisation.supervisor)
    assert client.get(reverse("audit-print", args=[standards_audit.pk])).status_code == 403
    assert client.get(reverse("audit-docx", args=[standards_audit.pk])).status_code == 403


def docx_of(client, audit):
    return docx.Document(io.BytesIO(client.get(reverse("audit-docx", args=[audit.pk])).content))


def test_the_docx_carries_the_protective_marking_page_numbers_and_the_service_as_author(
    organisation, framework, sign_in, settings
):
    settings.PROTECTIVE_MARKING = "OFFICIAL-SENSITIVE PERSONAL"
    settings.ORGANISATION_NAME = "Coventry Adult Services"
    document = docx_of(sign_in(organisation.team_manager), answered_supervision_audit(organisation))
    section = document.sections[0]
    assert section.header.paragraphs[0].text == "OFFICIAL-SENSITIVE PERSONAL"
    footer = section.footer.paragraphs[0]
    assert footer.text.startswith("OFFICIAL-SENSITIVE PERSONAL")
    assert "PAGE" in footer._p.xml and "fldChar" in footer._p.xml
    assert document.core_properties.author == "Coventry Adult Services"


def test_the_docx_lists_the_supervision_sessions_held_and_the_records_looked_at(
    organisation, framework, sign_in
):
    audit = answered_supervision_audit(organisation)
    document = docx_of(sign_in(organisation.team_manager), audit)
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Supervision sessions held" in text
    assert "Supervision records looked at" in text
    held = [rows(t) for t in document.tables if rows(t)[0][:2] == ["Supervisee", "Sessions"]]
    assert held, "no table of sessions held"
    assert {(row[0], row[1]) for row in held[0][1:]} == {
        (organisation.subject.full_name, "1"),
        (organisation.colleague.full_name, "1"),
    }
    assert "The supervision policy asks for a session at least every 4 weeks." in text
    assert all(": " in row[3] for row in held[0][1:]), "each date with where the record is kept"


def test_the_docx_writes_the_grade_and_score_as_the_page_shows_them(
    organisation, framework, sign_in
):
    audit = answered_supervision_audit(organisation)
    audit.score = "72.50"
    audit.save(update_fields=["score"])
    client = sign_in(organisation.team_manager)
    page = text_of(client.get(reverse("audit-detail", args=[audit.pk])))
    document = docx_of(client, audit)
    grade = document.paragraphs[
        [p.text for p in document.paragraphs].index("Overall grade") + 1
    ].text
    assert grade.startswith(audit.overall_grade)
    assert f"Overall grade {grade}" in page
