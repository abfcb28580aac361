"""Every rule of an audit is kept by its service, not only by the form: called directly
with bad input, the service refuses (saying which field) and changes nothing."""

import pytest
from django.utils import timezone

from practiceqa.audits.models import Audit, ObservationStage, SampledRecord
from practiceqa.audits.services.answering import answers_save
from practiceqa.core.services import Refusal
from tests.audits.conftest import answer, session, start


def save(audit: Audit, person, changes: dict, sampled=None) -> Audit:
    audit.refresh_from_db()
    return answers_save(
        audit=audit,
        user=person.user,
        staff_id=person.pk,
        expected_lock_version=audit.lock_version,
        changes=changes,
        sampled=sampled,
    )


def unchanged(audit: Audit, before: int) -> bool:
    return Audit.objects.get(pk=audit.pk).lock_version == before


@pytest.fixture
def part_2(organisation, observation) -> Audit:
    """The observation at the observer's part (the worker has written boxes 1 and 2)."""
    Audit.objects.filter(pk=observation.pk).update(stage=ObservationStage.OBSERVATION)
    observation.refresh_from_db()
    return observation


def test_feedback_without_consent_and_capacity_is_refused(organisation, part_2):
    feedback, consent = answer(part_2, "person_feedback"), answer(part_2, "consent")
    before = part_2.lock_version
    with pytest.raises(Refusal) as refused:
        save(
            part_2,
            organisation.supervisor,
            {feedback.pk: {"value": "Very helpful visit."}, consent.pk: {"value": True}},
        )
    assert refused.value.field == "answer-person_feedback"
    assert "the person had the mental capacity to give this feedback" in refused.value.message
    assert unchanged(part_2, before)
    assert answer(part_2, "person_feedback").value is None
    assert answer(part_2, "consent").value is None


def test_withdrawing_consent_while_feedback_is_recorded_is_refused(organisation, part_2):
    feedback, consent, capacity = (
        answer(part_2, code) for code in ("person_feedback", "consent", "capacity")
    )
    save(
        part_2,
        organisation.supervisor,
        {
            feedback.pk: {"value": "Very helpful visit."},
            consent.pk: {"value": True},
            capacity.pk: {"value": True},
        },
    )
    with pytest.raises(Refusal, match="Confirm that the person gave consent"):
        save(part_2, organisation.supervisor, {consent.pk: {"value": None}})
    assert answer(part_2, "consent").value is True


def test_a_signature_in_another_name_or_on_another_day_is_refused(organisation, part_2):
    signature = answer(part_2, "observer_signature")
    today = timezone.localdate().isoformat()
    before = part_2.lock_version
    for value in (
        {"name": "Sid Subject", "signed_on": today},
        {"name": "Sue Supervisor", "signed_on": "2020-01-01"},
        "Sue Supervisor",
    ):
        with pytest.raises(Refusal) as refused:
            save(part_2, organisation.supervisor, {signature.pk: {"value": value}})
        assert refused.value.field == "answer-observer_signature"
        assert refused.value.message == "Type your full name, Sue Supervisor, to sign"
    assert unchanged(part_2, before)
    assert answer(part_2, "observer_signature").value is None
    save(
        part_2,
        organisation.supervisor,
        {signature.pk: {"value": {"name": "sue  supervisor", "signed_on": today}}},
    )
    assert answer(part_2, "observer_signature").value["name"] == "sue  supervisor"


@pytest.mark.parametrize("identifier", ["Mrs Jones", "", "12"])
def test_a_case_identifier_that_is_not_one_is_refused(organisation, framework, identifier):
    with pytest.raises(Refusal) as refused:
        start("practice_standards_audit", organisation.supervisor, organisation.subject, identifier)
    assert refused.value.field == "case_identifier"
    assert not Audit.objects.exists()


def test_a_case_identifier_for_an_audit_not_about_a_case_is_refused(organisation, framework):
    with pytest.raises(Refusal, match="Leave the case identifier empty") as refused:
        start("practice_observation", organisation.supervisor, organisation.subject, "123456")
    assert refused.value.field == "case_identifier"
    assert not Audit.objects.exists()


def test_a_sample_of_records_not_proposed_is_refused(organisation, framework):
    session(organisation.supervisor, organisation.subject, 14)
    elsewhere = session(organisation.outsider_supervisor, organisation.outsider, 14)
    audit = start("supervision_audit", organisation.team_manager, organisation.supervisor)
    sampled = set(SampledRecord.objects.filter(audit=audit).values_list("session_id", flat=True))
    before = Audit.objects.get(pk=audit.pk).lock_version
    with pytest.raises(Refusal, match="Select only the supervision records listed"):
        save(audit, organisation.team_manager, {}, sampled={elsewhere.pk})
    assert unchanged(audit, before)
    assert set(SampledRecord.objects.filter(audit=audit).values_list("session_id", flat=True)) == (
        sampled
    )
