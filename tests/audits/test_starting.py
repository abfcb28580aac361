"""Starting an audit: the right tool for the subject, the auditor's rules, case identifiers."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from practiceqa.audits.models import Answer, Audit, SampledRecord
from practiceqa.core.services import Refusal
from practiceqa.org.models import Profession
from tests.audits.conftest import session, start
from tests.factories import StaffMemberFactory, supervises
from tests.text import text_of

START = reverse("audit-start")


def post_start(client, **data):
    return client.post(START, data)


def test_the_start_page_offers_the_audit_types_and_only_people_in_my_scope(
    organisation, framework, sign_in
):
    client = sign_in(organisation.supervisor)
    response = client.get(START)
    page = text_of(response)
    for name in ("Staff supervision audit", "Practice standards audit", "Practice observation"):
        assert name in page
    assert "National professional standards audit" not in page, "organisational, no tool"
    assert organisation.subject.full_name in page
    assert organisation.colleague.full_name in page
    assert organisation.outsider.full_name not in page
    assert "Sue Supervisor –" not in page, "nobody audits themselves"
    assert "4 to 10 digits" in page, "the case identifier hint comes from the settings"


def test_a_practice_standards_audit_follows_the_subjects_profession(
    organisation, framework, sign_in
):
    client = sign_in(organisation.supervisor)
    response = post_start(
        client,
        audit_type="practice_standards_audit",
        subject=organisation.colleague.pk,  # an occupational therapist
        case_identifier="55501",
    )
    audit = Audit.objects.get(subject=organisation.colleague)
    assert response["Location"] == reverse("audit-detail", args=[audit.pk])
    assert audit.template.code == "practice_standards_therapy"
    page = text_of(client.get(response["Location"]))
    assert "Therapy Services Practice Standards Audit" in page
    assert "Case identifier 55501" in page

    post_start(
        client,
        audit_type="practice_standards_audit",
        subject=organisation.subject.pk,  # a social worker
        case_identifier="55502",
    )
    assert Audit.objects.get(subject=organisation.subject).template.code == (
        "practice_standards_social_work"
    )


def test_starting_creates_one_answer_per_question_on_the_latest_version_with_history(
    organisation, standards_audit, framework
):
    questions = standards_audit.template.questions.count()
    assert questions == 20
    assert standards_audit.template.version == framework
    answers = Answer.objects.filter(audit=standards_audit)
    assert answers.count() == questions
    assert all(a.value is None for a in answers)
    history = Answer.history.filter(audit_id=standards_audit.pk)
    assert history.count() == questions
    assert {h.history_user for h in history} == {organisation.supervisor.user}
    assert standards_audit.history.get().history_user == organisation.supervisor.user


@pytest.mark.parametrize(
    ("identifier", "message"),
    [
        ("", "Enter the case identifier"),
        (
            "John Smith",
            "Enter the case identifier from the case management system, not the person's name",
        ),
        (
            "12",
            "Enter the case identifier in the right format: The person's ID in the case "
            "management system, 4 to 10 digits",
        ),
        ("AB-1234", "Enter the case identifier in the right format"),
    ],
)
def test_a_case_identifier_must_be_given_in_the_councils_format(
    organisation, framework, sign_in, identifier, message
):
    client = sign_in(organisation.supervisor)
    response = post_start(
        client,
        audit_type="practice_standards_audit",
        subject=organisation.subject.pk,
        case_identifier=identifier,
    )
    assert response.status_code == 400
    page = text_of(response)
    assert "There is a problem" in page
    assert message in page
    assert 'href="#id_case_identifier"' in response.content.decode()
    assert not Audit.objects.exists()


def test_the_case_identifier_format_is_the_councils_setting(
    organisation, framework, sign_in, settings
):
    settings.CASE_IDENTIFIER_PATTERN = r"^CM-[0-9]{6}$"
    settings.CASE_IDENTIFIER_HINT = "CM- and 6 digits, like CM-123456"
    client = sign_in(organisation.supervisor)
    refused = post_start(
        client,
        audit_type="practice_standards_audit",
        subject=organisation.subject.pk,
        case_identifier="123456",
    )
    assert "CM- and 6 digits, like CM-123456" in text_of(refused)
    post_start(
        client,
        audit_type="practice_standards_audit",
        subject=organisation.subject.pk,
        case_identifier="CM-654321",
    )
    assert Audit.objects.get().case_identifier == "CM-654321"


def test_an_audit_of_supervision_or_an_observation_has_no_case_identifier(
    organisation, framework, sign_in
):
    client = sign_in(organisation.supervisor)
    response = post_start(
        client,
        audit_type="practice_observation",
        subject=organisation.subject.pk,
        case_identifier="Mrs Jones",
    )
    assert response.status_code == 400
    assert "Leave the case identifier empty" in text_of(response)
    assert not Audit.objects.exists()


def test_a_supervision_audit_needs_a_subject_who_supervises_someone(
    organisation, framework, sign_in
):
    client = sign_in(organisation.team_manager)
    response = post_start(client, audit_type="supervision_audit", subject=organisation.subject.pk)
    assert response.status_code == 400
    assert (
        "Sid Subject does not supervise anyone at present, so there is no supervision to audit"
        in text_of(response)
    )
    assert not Audit.objects.exists()

    response = post_start(
        client, audit_type="supervision_audit", subject=organisation.supervisor.pk
    )
    audit = Audit.objects.get()
    assert response["Location"] == reverse("audit-detail", args=[audit.pk])
    assert audit.template.code == "supervision_audit"
    assert audit.sample_seed is not None


def test_nobody_can_start_an_audit_of_someone_outside_their_scope(organisation, framework, sign_in):
    client = sign_in(organisation.supervisor)
    response = post_start(
        client, audit_type="practice_observation", subject=organisation.outsider.pk
    )
    assert response.status_code == 400
    assert "Select someone you are responsible for" in text_of(response)
    assert not Audit.objects.exists()


def test_the_service_refuses_an_audit_of_oneself_or_outside_scope(organisation, framework):
    with pytest.raises(Refusal, match="You cannot audit yourself"):
        start("practice_observation", organisation.supervisor, organisation.supervisor)
    with pytest.raises(Refusal, match="Select someone you are responsible for"):
        start("practice_observation", organisation.supervisor, organisation.outsider)
    with pytest.raises(Refusal, match="for a social worker"):
        start(
            "practice_standards_audit",
            organisation.head_of_service,
            organisation.team_manager,
            "12345",
        )
    assert not Audit.objects.exists()


def test_a_practitioner_cannot_start_audits(organisation, framework, sign_in):
    client = sign_in(organisation.subject)
    assert client.get(START).status_code == 403
    response = post_start(
        client, audit_type="practice_observation", subject=organisation.colleague.pk
    )
    assert response.status_code == 403
    assert not Audit.objects.exists()


def test_without_a_framework_the_start_page_says_so(organisation, sign_in):
    client = sign_in(organisation.supervisor)
    response = client.get(START)
    assert response.status_code == 200
    assert "No audit framework has been loaded yet" in text_of(response)


def test_an_observation_starts_with_the_worker(organisation, observation):
    assert observation.stage == "before"
    assert observation.template.code == "practice_observation"


def test_a_new_supervision_audit_proposes_a_sample_with_a_record_of_each_supervisee(
    organisation, framework
):
    supervisor = organisation.supervisor
    for days in (10, 40, 70):
        session(supervisor, organisation.subject, days)
        session(supervisor, organisation.colleague, days + 5)
    audit = start("supervision_audit", organisation.team_manager, supervisor)
    sampled = SampledRecord.objects.filter(audit=audit).select_related("session")
    assert sorted(r.session.supervisee.full_name for r in sampled) == [
        "Cal Colleague",
        "Sid Subject",
    ]
    assert all(r.proposed for r in sampled)


def test_a_leaver_cannot_be_the_subject(organisation, framework):
    newcomer = StaffMemberFactory(team=organisation.team_a1, profession=Profession.SOCIAL_WORKER)
    supervises(organisation.supervisor, newcomer)
    with pytest.raises(Refusal):
        start("practice_observation", organisation.supervisor, organisation.leaver)
    assert start("practice_observation", organisation.supervisor, newcomer).subject == newcomer


def test_the_case_identifier_is_asked_for_only_under_the_audit_type_that_needs_one(
    organisation, framework, sign_in
):
    """With JavaScript the box opens under "Practice standards audit" alone; without it
    the hint says which type needs it."""
    client = sign_in(organisation.supervisor)
    response = client.get(START)
    html = response.content.decode()
    radio = re.search(r'<input[^>]*value="practice_standards_audit"[^>]*>', html).group(0)
    revealed = re.search(r'data-app-reveals="([^"]+)"', radio).group(1)
    conditional = html.split(f'id="{revealed}"', 1)[1].split('value="practice_observation"')[0]
    assert 'name="case_identifier"' in conditional
    assert html.count('name="case_identifier"') == 1
    assert html.count("data-app-reveals=") == 1, "no other type reveals it"
    assert "Only needed for a practice standards audit." in text_of(response)


def test_refusals_say_a_or_an_as_english_does(organisation, framework, sign_in):
    client = sign_in(organisation.supervisor)
    page = text_of(
        post_start(
            client,
            audit_type="practice_observation",
            subject=organisation.subject.pk,
            case_identifier="55501",
        )
    )
    assert (
        "Leave the case identifier empty: an adult services practice observation template is "
        "not about one case"
    ) in page
    manager = StaffMemberFactory(team=organisation.team_a1, profession=Profession.MANAGER)
    supervises(organisation.supervisor, manager)
    with pytest.raises(Refusal) as refused:
        start("practice_standards_audit", organisation.supervisor, manager, case_identifier="55501")
    assert refused.value.message == (
        "A practice standards audit is for a social worker, a social care professional or an "
        f"occupational therapist: {manager.full_name} is a manager"
    )


def test_the_audit_page_says_submitted_once(organisation, submitted_audit, sign_in):
    page = text_of(
        sign_in(organisation.supervisor).get(reverse("audit-detail", args=[submitted_audit.pk]))
    )
    assert "Submitted Submitted" not in page
    submitted_on = timezone.localtime(submitted_audit.submitted_at)
    assert f"Status Submitted Date submitted {submitted_on:%-d %B %Y}" in page
