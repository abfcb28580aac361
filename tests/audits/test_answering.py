"""Answering an audit: any order, drafts, validation, grades, evidence, and stale saves."""

from decimal import Decimal

from django.urls import reverse

from practiceqa.audits.models import Answer, Audit
from tests.audits.conftest import answer, check_and_submit, form_data
from tests.text import text_of


def open_audit(client, audit):
    response = client.get(reverse("audit-detail", args=[audit.pk]))
    assert response.status_code == 200
    return response


def save(client, audit, data, action="save"):
    return client.post(reverse("audit-detail", args=[audit.pk]), {**data, "action": action})


def test_answers_can_be_given_in_any_order_saved_and_found_again(
    organisation, standards_audit, sign_in
):
    client = sign_in(organisation.supervisor)
    data = form_data(open_audit(client, standards_audit))
    data.update({"answer-q7": "good", "narrative-q7": "Risks are clear.", "answer-q2": "na"})
    response = save(client, standards_audit, data)
    assert response.status_code == 302
    page = text_of(client.get(response["Location"]))
    assert "Your answers have been saved" in page

    again = open_audit(client, standards_audit)
    form = again.context["form"]
    assert form["answer-q7"].value() == "good"
    assert form["narrative-q7"].value() == "Risks are clear."
    assert form["answer-q2"].value() == "na"
    assert answer(standards_audit, "q7").answered_by == organisation.supervisor.user
    standards_audit.refresh_from_db()
    assert standards_audit.status == "draft"
    assert standards_audit.lock_version == 2


def test_the_overall_grade_is_computed_from_the_answers_without_n_a(
    organisation, standards_audit, sign_in
):
    client = sign_in(organisation.supervisor)
    data = form_data(open_audit(client, standards_audit))
    data.update(
        {"answer-q1": "outstanding", "answer-q2": "requires_improvement", "answer-q3": "na"}
    )
    # Half of the 18 graded questions must have an answer other than N/A to give a grade.
    data.update({f"answer-q{n}": "good" for n in range(4, 11)})
    data.update({f"narrative-q{n}": "Seen." for n in [1, 2, *range(4, 11)]})
    save(client, standards_audit, data)
    standards_audit.refresh_from_db()
    # (4 + 2 + 7 x 3) / 9 = 3.00: N/A counts for nothing.
    assert standards_audit.score == Decimal("3.00")
    assert standards_audit.overall_grade == "Good"
    page = text_of(open_audit(client, standards_audit))
    assert "Overall grade Good (score 3.00)" in page


def test_a_supervision_audit_is_graded_as_a_percentage(organisation, framework, sign_in):
    from tests.audits.conftest import session, start

    session(organisation.supervisor, organisation.subject, 20)
    audit = start("supervision_audit", organisation.team_manager, organisation.supervisor)
    client = sign_in(organisation.team_manager)
    data = form_data(open_audit(client, audit))
    data.update(
        {
            "answer-agreement": "yes",
            "answer-frequency": "partly",
            "comment-frequency": "Two sessions were missed.",
            "answer-stored_securely": "na",
            "answer-decisions_recorded": "yes",
            "answer-observations": "yes",
            "answer-quality_checked": "partly",
            "comment-quality_checked": "Not every month.",
            "answer-critical_reflection": "partly",
            "comment-critical_reflection": "Some sessions only.",
        }
    )
    # (2 + 1 + 2 + 2 + 1 + 1) of 12 possible, N/A left out: 75%.
    save(client, audit, data)
    audit.refresh_from_db()
    assert (audit.score, audit.overall_grade) == (Decimal("75.0"), "Partly effective")
    page = text_of(open_audit(client, audit))
    assert "Overall grade Partly effective (score 75.0%)" in page


def test_an_answer_that_is_not_an_option_is_refused_and_nothing_changes(
    organisation, standards_audit, sign_in
):
    client = sign_in(organisation.supervisor)
    data = form_data(open_audit(client, standards_audit))
    data.update({"answer-q1": "brilliant", "answer-q2": "good"})
    response = save(client, standards_audit, data)
    assert response.status_code == 400
    page = text_of(response)
    assert "There is a problem" in page
    assert "Select an answer listed for question 1" in page
    assert 'href="#id_answer-q1_0"' in response.content.decode()
    assert answer(standards_audit, "q2").value is None, "nothing is saved"
    assert Audit.objects.get().lock_version == 1


def test_submitting_needs_every_grade_its_narrative_and_comments_where_required(
    organisation, framework, sign_in
):
    from tests.audits.conftest import session, start

    session(organisation.supervisor, organisation.subject, 20)
    session(organisation.supervisor, organisation.colleague, 25)
    audit = start("supervision_audit", organisation.team_manager, organisation.supervisor)
    client = sign_in(organisation.team_manager)
    data = form_data(open_audit(client, audit))
    for code in (
        "agreement",
        "frequency",
        "stored_securely",
        "decisions_recorded",
        "observations",
        "quality_checked",
        "critical_reflection",
        "good_practice",
        "poor_practice",
        "learning",
    ):
        data[f"answer-{code}"] = "yes"
    data["answer-frequency"] = "partly"
    response = save(client, audit, data, action="check")
    assert response.status_code == 400
    page = text_of(response)
    assert "Enter comments on question 2: you answered Partly" in page
    assert "Select an answer to question 11" in page
    audit.refresh_from_db()
    assert audit.status == "draft"
    assert answer(audit, "agreement").value is None, "a refused submission saves nothing"

    data["comment-frequency"] = "Two sessions were missed in the summer."
    data["answer-appraisal"] = "no"
    data["comment-appraisal"] = "No progress checks recorded."
    response = check_and_submit(client, audit, data)
    assert response.status_code == 302
    audit.refresh_from_db()
    assert audit.status == "submitted"


def test_a_grade_needs_its_narrative_before_submission(organisation, standards_audit, sign_in):
    client = sign_in(organisation.supervisor)
    data = form_data(open_audit(client, standards_audit))
    for number in range(1, 19):
        data[f"answer-q{number}"] = "good"
        data[f"narrative-q{number}"] = "Evidence in the case notes."
    data["answer-q4"] = "na"
    del data["narrative-q4"]
    data["narrative-q5"] = ""
    response = save(client, standards_audit, data, action="check")
    assert response.status_code == 400
    page = text_of(response)
    assert "Enter the narrative for question 5" in page
    assert "Enter the narrative for question 4" not in page, "N/A needs no narrative"


def test_the_subject_adds_evidence_and_rationale_but_cannot_answer(
    organisation, standards_audit, sign_in
):
    client = sign_in(organisation.subject)
    response = open_audit(client, standards_audit)
    form = response.context["form"]
    assert "evidence-q1" in form.fields
    assert "answer-q1" not in form.fields
    assert "evidence-q20" not in form.fields, "the action plan is the auditor's"
    data = form_data(response)
    data.update(
        {
            "evidence-q3": "The strengths-based assessment is in the notes of 3 May.",
            "answer-q3": "outstanding",
        }
    )
    assert save(client, standards_audit, data).status_code == 302
    saved = answer(standards_audit, "q3")
    assert saved.subject_evidence.startswith("The strengths-based assessment")
    assert saved.value is None, "the subject's post cannot answer the auditor's question"

    auditor_page = text_of(open_audit(sign_in(organisation.supervisor), standards_audit))
    assert "Evidence and rationale from Sid Subject" in auditor_page
    assert "The strengths-based assessment is in the notes of 3 May." in auditor_page


def test_a_supervision_audit_takes_no_evidence_from_its_subject(organisation, framework, sign_in):
    from tests.audits.conftest import session, start

    session(organisation.supervisor, organisation.subject, 20)
    audit = start("supervision_audit", organisation.team_manager, organisation.supervisor)
    response = open_audit(sign_in(organisation.supervisor), audit)
    assert response.context["form"] is None
    assert "Save draft" not in text_of(response)


def test_a_second_save_of_the_same_audit_is_refused_and_keeps_the_input(
    organisation, standards_audit, sign_in, client
):
    from django.test import Client

    auditor = Client()
    auditor.force_login(organisation.supervisor.user)
    subject = Client()
    subject.force_login(organisation.subject.user)
    auditor_data = form_data(open_audit(auditor, standards_audit))
    subject_data = form_data(open_audit(subject, standards_audit))

    subject_data["evidence-q1"] = "My rationale for the decision."
    assert save(subject, standards_audit, subject_data).status_code == 302

    auditor_data.update({"answer-q1": "inadequate", "narrative-q1": "The record is out of date."})
    response = save(auditor, standards_audit, auditor_data)
    assert response.status_code == 409
    page = text_of(response)
    assert "Your answers have not been saved" in page
    assert "This audit was changed by Sid Subject at " in page
    assert (
        "after you opened it. Your answers have not been saved; they are shown below so you "
        "can copy them." in page
    )
    form = response.context["form"]
    assert form["answer-q1"].value() == "inadequate"
    assert form["narrative-q1"].value() == "The record is out of date."
    saved = answer(standards_audit, "q1")
    assert (saved.value, saved.narrative) == (None, "")
    assert saved.subject_evidence == "My rationale for the decision.", "nothing is lost"

    # Saving again from the page that told them is a knowing save, and it works.
    again = form_data(response)
    assert save(auditor, standards_audit, again).status_code == 302
    saved = answer(standards_audit, "q1")
    assert (saved.value, saved.subject_evidence) == ("inadequate", "My rationale for the decision.")


def test_every_change_to_an_answer_is_kept_in_its_history(organisation, standards_audit, sign_in):
    client = sign_in(organisation.supervisor)
    data = form_data(open_audit(client, standards_audit))
    data["answer-q1"] = "good"
    save(client, standards_audit, data)
    data = form_data(open_audit(client, standards_audit))
    data["answer-q1"] = "outstanding"
    save(client, standards_audit, data)
    q1 = answer(standards_audit, "q1")
    values = [h.value for h in q1.history.order_by("history_id")]
    assert values == [None, "good", "outstanding"]
    assert q1.history.latest().history_user == organisation.supervisor.user


def test_saving_without_changes_writes_nothing(organisation, standards_audit, sign_in):
    client = sign_in(organisation.supervisor)
    save(client, standards_audit, form_data(open_audit(client, standards_audit)))
    standards_audit.refresh_from_db()
    assert standards_audit.lock_version == 1
    assert Answer.history.filter(audit_id=standards_audit.pk, history_type="~").count() == 0


def test_the_action_plan_offers_to_raise_an_action(organisation, standards_audit, sign_in):
    # On a draft the auditor is editing, raising an action saves the draft first: a button.
    page = open_audit(sign_in(organisation.supervisor), standards_audit).content.decode()
    assert 'name="action" value="raise:q20"' in page
    subject_page = open_audit(sign_in(organisation.subject), standards_audit).content.decode()
    assert "raise:q20" not in subject_page, "nobody raises actions about themselves"
    assert reverse("action-create") not in subject_page


def test_a_draft_shows_no_provisional_grade_in_the_audit_list(
    organisation, standards_audit, sign_in
):
    from tests.audits.conftest import fill_standards, submit

    fill_standards(standards_audit)
    client = sign_in(organisation.supervisor)
    listed = text_of(client.get(reverse("audit-list")))
    assert "Sid Subject" in listed and "Good" not in listed
    submit(standards_audit)
    assert "Good" in text_of(client.get(reverse("audit-list")))


def test_an_answer_box_shows_its_limit_and_refuses_longer_text_in_govuk_words(
    organisation, standards_audit, sign_in
):
    """Text over the limit is never cut short without a word: the box says how much it
    takes, and a longer text comes back whole with the GOV.UK message."""
    client = sign_in(organisation.supervisor)
    page = open_audit(client, standards_audit)
    html = page.content.decode()
    assert 'id="id_narrative-q1-info"' in html
    assert "You can enter up to 20,000 characters" in text_of(page)
    assert ' maxlength="20000"' not in html, "the browser would cut pasted text short"

    data = form_data(page)
    data.update({"answer-q1": "good", "narrative-q1": "x" * 20001})
    response = save(client, standards_audit, data)
    assert response.status_code == 400
    assert "Narrative must be 20,000 characters or fewer" in text_of(response)
    assert "x" * 20001 in response.content.decode(), "what was typed is kept whole"
    assert answer(standards_audit, "q1").value is None, "nothing is saved"
