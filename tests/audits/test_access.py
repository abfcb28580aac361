"""Who may open which audit: the auditor, the subject, and their line of supervision and
management; never another practitioner."""

import pytest
from django.urls import reverse

from tests.audits.conftest import start
from tests.factories import StaffMemberFactory
from tests.text import text_of


@pytest.mark.parametrize(
    "outside", ["colleague", "other_team_member", "outsider", "outsider_supervisor"]
)
def test_nobody_outside_the_subjects_line_can_open_an_audit(
    organisation, standards_audit, sign_in, outside
):
    client = sign_in(getattr(organisation, outside))
    for name in ("audit-detail", "audit-comment", "audit-print", "audit-docx"):
        response = client.get(reverse(name, args=[standards_audit.pk]))
        assert response.status_code == 403, name
        assert "Sid Subject" not in response.content.decode(errors="replace"), name
    listing = text_of(client.get(reverse("audit-list")))
    assert "Sid Subject" not in listing


@pytest.mark.parametrize(
    "inside", ["subject", "supervisor", "team_manager", "head_of_service", "psw", "director"]
)
def test_the_subjects_line_of_supervision_and_management_can_open_it(
    organisation, standards_audit, sign_in, inside
):
    client = sign_in(getattr(organisation, inside))
    response = client.get(reverse("audit-detail", args=[standards_audit.pk]))
    assert response.status_code == 200
    assert "Sid Subject" in text_of(response)
    assert "Case 123456" in text_of(client.get(reverse("audit-list")))


def test_practitioners_cannot_see_each_others_audits(organisation, framework, sign_in):
    about_subject = start(
        "practice_standards_audit", organisation.supervisor, organisation.subject, "1111"
    )
    about_colleague = start(
        "practice_standards_audit", organisation.supervisor, organisation.colleague, "2222"
    )
    subject = sign_in(organisation.subject)
    assert subject.get(reverse("audit-detail", args=[about_colleague.pk])).status_code == 403
    listing = text_of(subject.get(reverse("audit-list")))
    assert "Case 1111" in listing
    assert "Case 2222" not in listing
    colleague = sign_in(organisation.colleague)
    assert colleague.get(reverse("audit-detail", args=[about_subject.pk])).status_code == 403


def test_a_team_manager_of_another_team_cannot_open_it(organisation, standards_audit, sign_in):
    from practiceqa.org.models import Profession, Role

    other_manager = StaffMemberFactory(
        team=organisation.team_a2, role=Role.TEAM_MANAGER, profession=Profession.MANAGER
    )
    client = sign_in(other_manager)
    assert client.get(reverse("audit-detail", args=[standards_audit.pk])).status_code == 403


def test_an_unknown_audit_is_not_found(organisation, framework, sign_in):
    response = sign_in(organisation.psw).get(reverse("audit-detail", args=[424242]))
    assert response.status_code == 404


def test_the_list_filters_by_relation_status_and_type(organisation, framework, sign_in):
    from tests.audits.conftest import fill_standards, session, submit

    session(organisation.supervisor, organisation.subject, 10)
    led = start("practice_standards_audit", organisation.supervisor, organisation.subject, "3333")
    fill_standards(led)
    submit(led)
    start("practice_observation", organisation.supervisor, organisation.colleague)
    start("supervision_audit", organisation.team_manager, organisation.supervisor)
    client = sign_in(organisation.supervisor)
    url = reverse("audit-list")

    def shown(**query) -> str:
        return text_of(client.get(url, query))

    everything = shown()
    assert "3 audits" in everything
    assert "Staff Supervision Audit" in everything, "the audit about them is listed"
    assert "2 audits" in shown(relation="led")
    about_me = shown(relation="about_me")
    assert "1 audit " in about_me and "Staff Supervision Audit" in about_me
    submitted = shown(status="submitted")
    assert "1 audit " in submitted and "Case 3333" in submitted
    observations = shown(audit_type="practice_observation")
    assert "1 audit " in observations and "Cal Colleague" in observations
    manager = sign_in(organisation.team_manager)
    area = text_of(manager.get(url, {"relation": "area"}))
    assert "2 audits" in area, "audits about people in their area, not those they lead"


def test_a_leaver_sees_no_audits(organisation, framework, sign_in):
    client = sign_in(organisation.leaver)
    assert client.get(reverse("audit-list")).status_code == 403
    assert client.get(reverse("supervision-file", args=[organisation.leaver.pk])).status_code == 403
