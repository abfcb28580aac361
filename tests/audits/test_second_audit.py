"""A second audit of the same person and type in one plan window is warned about before
it starts; the auditor confirms to go ahead."""

import datetime

from django.urls import reverse
from django.utils import timezone

from practiceqa.audits.models import Audit
from practiceqa.planning.models import PlanItem
from tests.audits.conftest import fill_standards, submit
from tests.text import text_of

START = reverse("audit-start")


def _item_with(audit) -> PlanItem:
    today = timezone.localdate()
    return PlanItem.objects.create(
        year=today.year,
        framework_version=audit.template.version,
        audit_type=audit.audit_type,
        level="practitioner",
        window_start=today - datetime.timedelta(days=30),
        window_end=today + datetime.timedelta(days=30),
        due_on=today + datetime.timedelta(days=30),
        quarter=1,
        lead=audit.auditor,
        subject=audit.subject,
        subject_key=audit.subject_id,
        template_code=audit.template.code,
        audit=audit,
    )


def test_a_second_audit_in_the_window_is_warned_about_then_confirmed(
    organisation, standards_audit, sign_in
):
    fill_standards(standards_audit)
    submit(standards_audit)
    _item_with(standards_audit)
    client = sign_in(organisation.supervisor)
    data = {
        "audit_type": "practice_standards_audit",
        "subject": organisation.subject.pk,
        "case_identifier": "55502",
    }
    warned = client.post(START, data)
    assert warned.status_code == 200
    when = f"{timezone.localdate():%-d %B %Y}"
    assert f"already has an audit of this type in this window, dated {when}" in text_of(warned)
    assert Audit.objects.filter(subject=organisation.subject).count() == 1
    # The page carries the confirmation, so that starting again goes ahead.
    assert 'name="confirmed" value="True"' in warned.content.decode()
    started = client.post(START, {**data, "confirmed": "True"})
    assert started.status_code == 302
    assert Audit.objects.filter(subject=organisation.subject).count() == 2


def test_no_warning_without_an_audit_in_the_window(organisation, standards_audit, sign_in):
    client = sign_in(organisation.supervisor)
    response = client.post(
        START,
        {
            "audit_type": "practice_standards_audit",
            "subject": organisation.subject.pk,
            "case_identifier": "55502",
        },
    )
    assert response.status_code == 302
    assert Audit.objects.filter(subject=organisation.subject).count() == 2
