"""A supervision audit is submitted only once a record of each supervisee it names has been
looked at, or the reason there is none given (itself a finding, shown wherever the audit is)."""

import io

import pytest
from django.urls import reverse
from docx import Document

from practiceqa.audits.models import Answer, Audit, SampledRecord, SampleGap
from practiceqa.audits.services.answering import answers_save
from practiceqa.audits.services.lifecycle import audit_submit
from practiceqa.core.services import Refusal
from tests.audits.conftest import check_and_submit, form_data, session, start
from tests.text import text_of

NO_RECORD = "Cal joined in the spring; supervision was held by the team manager meanwhile."


def answer_everything(audit) -> None:
    """Every question answered "yes", as the auditor saving a draft."""
    audit.refresh_from_db()
    answers_save(
        audit=audit,
        user=audit.auditor.user,
        staff_id=audit.auditor_id,
        expected_lock_version=audit.lock_version,
        changes={
            a.pk: {"value": "yes"}
            for a in Answer.objects.filter(audit=audit, question__scale_code="yes_partly_no")
        },
    )
    audit.refresh_from_db()


def submit(audit, *, sampled=None, gaps=None):
    audit.refresh_from_db()
    return audit_submit(
        audit=audit,
        submitted_by=audit.auditor,
        user=audit.auditor.user,
        expected_lock_version=audit.lock_version,
        changes={},
        sampled=sampled,
        gaps=gaps,
        link="",
    )


@pytest.fixture
def held(organisation, framework):
    return [session(organisation.supervisor, organisation.subject, days) for days in (14, 45)]


@pytest.fixture
def audit(organisation, held):
    audit = start("supervision_audit", organisation.team_manager, organisation.supervisor)
    answer_everything(audit)
    return audit


def test_refused_until_each_supervisees_record_is_looked_at(organisation, audit):
    before = set(SampledRecord.objects.filter(audit=audit).values_list("session_id", flat=True))
    with pytest.raises(Refusal) as refused:
        submit(audit, sampled=set())
    messages = [message for _, message in refused.value.problems]
    assert messages == [
        "Enter why there is no supervision record of Cal Colleague to look at",
        "Select at least one supervision record of Sid Subject that you looked at",
    ]
    stored = Audit.objects.get(pk=audit.pk)
    assert stored.status == "draft"
    assert stored.lock_version == audit.lock_version, "nothing was written"
    assert {r.session_id for r in SampledRecord.objects.filter(audit=audit)} == before
    assert not SampleGap.objects.exists()


def test_a_reason_for_a_supervisee_with_no_record_lets_it_be_submitted(organisation, audit, held):
    with pytest.raises(Refusal, match="no supervision record of Cal Colleague"):
        submit(audit)
    submitted = submit(audit, gaps={organisation.colleague.pk: NO_RECORD})
    assert submitted.status == "submitted"
    gap = SampleGap.objects.get()
    assert (gap.supervisee, gap.reason) == (organisation.colleague, NO_RECORD)


def test_a_reason_is_only_taken_for_a_supervisee_with_no_record(organisation, audit):
    with pytest.raises(Refusal, match="Select at least one supervision record of Sid Subject"):
        submit(
            audit,
            sampled=set(),
            gaps={organisation.colleague.pk: NO_RECORD, organisation.subject.pk: "Busy"},
        )
    assert not SampleGap.objects.exists()


def test_only_the_supervisees_the_plan_item_names_are_needed(organisation, held):
    from practiceqa.access.scope import scope_for
    from practiceqa.audits.services.starting import audit_start

    team_manager = organisation.team_manager
    audit = audit_start(
        audit_type="supervision_audit",
        subject=organisation.supervisor,
        auditor=team_manager,
        scope=scope_for(team_manager.user),
        started_by=team_manager.user,
        sample_supervisee_ids=[organisation.subject.pk],
    )
    answer_everything(audit)
    assert submit(audit).status == "submitted", "Cal Colleague is not named by the item"


def test_the_page_asks_for_the_reason_and_every_view_shows_the_records_and_the_finding(
    organisation, audit, held, sign_in
):
    client = sign_in(organisation.team_manager)
    url = reverse("audit-detail", args=[audit.pk])
    data = form_data(client.get(url))
    refused = check_and_submit(client, audit, data)
    assert refused.status_code == 400
    assert "Enter why there is no supervision record of Cal Colleague" in text_of(refused)
    gap = f"#id_gap-{organisation.colleague.pk}"
    assert f'href="{url}?return=check{gap}"' in refused.content.decode()
    data = form_data(client.get(url))
    data[f"gap-{organisation.colleague.pk}"] = NO_RECORD
    assert check_and_submit(client, audit, data).status_code == 302

    (looked_at,) = SampledRecord.objects.filter(audit=audit).select_related("session")
    record = f"Sid Subject, {looked_at.session.held_on:%-d %B %Y}"
    page = text_of(client.get(url))
    assert "Records looked at" in page and record in page
    assert f"Findings: supervisees with no supervision record Cal Colleague {NO_RECORD}" in page
    printed = text_of(client.get(reverse("audit-print", args=[audit.pk])))
    assert f"Supervision records looked at {record} (record kept: Supervision file)" in printed
    assert NO_RECORD in printed
    docx = client.get(reverse("audit-docx", args=[audit.pk]))
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert f"{record} (record kept: Supervision file)" in text
    assert f"Cal Colleague: {NO_RECORD}" in text
