"""The auditor sets the day the audit was done when they submit it; it defaults to today
and is never in the future."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from practiceqa.audits.services.lifecycle import audit_submit
from practiceqa.core.services import Refusal
from tests.audits.conftest import check_and_submit, fill_standards, form_data
from tests.text import text_of


def detail(audit):
    return reverse("audit-detail", args=[audit.pk])


def submit_dated(audit, audit_date):
    audit.refresh_from_db()
    return audit_submit(
        audit=audit,
        submitted_by=audit.auditor,
        user=audit.auditor.user,
        expected_lock_version=audit.lock_version,
        changes={},
        link="http://testserver/audits/",
        audit_date=audit_date,
    )


def test_the_service_records_the_day_the_audit_was_done(standards_audit):
    fill_standards(standards_audit)
    earlier = timezone.localdate() - datetime.timedelta(days=3)
    submit_dated(standards_audit, earlier)
    standards_audit.refresh_from_db()
    assert standards_audit.status == "submitted"
    assert standards_audit.audit_date == earlier


def test_the_service_refuses_a_date_in_the_future(standards_audit):
    fill_standards(standards_audit)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(Refusal) as refused:
        submit_dated(standards_audit, tomorrow)
    assert refused.value.field == "audit_date"
    standards_audit.refresh_from_db()
    assert standards_audit.status == "draft"


def test_the_date_defaults_to_today(standards_audit):
    fill_standards(standards_audit)
    submit_dated(standards_audit, None)
    standards_audit.refresh_from_db()
    assert standards_audit.audit_date == timezone.localdate()


def _posted(client, audit, when: datetime.date) -> dict:
    data = form_data(client.get(detail(audit)))
    data["answer-q19"] = "Clear, person-centred recording."
    data.pop("audit_date", None)
    return {
        **data,
        "audit_date_day": str(when.day),
        "audit_date_month": str(when.month),
        "audit_date_year": str(when.year),
    }


def test_the_auditor_dates_the_audit_on_the_page(organisation, standards_audit, sign_in):
    fill_standards(standards_audit)
    client = sign_in(organisation.supervisor)
    page = client.get(detail(standards_audit))
    assert "When was the audit done?" in text_of(page)
    assert page.context["form"]["audit_date"].value() == timezone.localdate()
    earlier = timezone.localdate() - datetime.timedelta(days=2)
    response = check_and_submit(client, standards_audit, _posted(client, standards_audit, earlier))
    assert response.status_code == 302
    standards_audit.refresh_from_db()
    assert standards_audit.audit_date == earlier


def test_a_future_date_is_shown_in_the_error_summary(organisation, standards_audit, sign_in):
    fill_standards(standards_audit)
    client = sign_in(organisation.supervisor)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = check_and_submit(client, standards_audit, _posted(client, standards_audit, tomorrow))
    assert response.status_code == 400
    text = text_of(response)
    assert "There is a problem" in text
    assert "The date of the audit must be today or in the past" in text
    standards_audit.refresh_from_db()
    assert standards_audit.status == "draft"


def _saved_with_date(client, audit, when: datetime.date):
    data = form_data(client.get(detail(audit)))
    data.pop("audit_date", None)
    return client.post(
        detail(audit),
        {
            **data,
            "audit_date_day": str(when.day),
            "audit_date_month": str(when.month),
            "audit_date_year": str(when.year),
            "action": "save",
        },
    )


def test_a_draft_save_keeps_the_auditors_date_and_submitting_uses_it(
    organisation, standards_audit, sign_in
):
    fill_standards(standards_audit)
    client = sign_in(organisation.supervisor)
    earlier = timezone.localdate() - datetime.timedelta(days=4)
    assert _saved_with_date(client, standards_audit, earlier).status_code == 302
    standards_audit.refresh_from_db()
    assert standards_audit.audit_date == earlier
    # The page offers the date given, and submitting without another keeps it.
    assert client.get(detail(standards_audit)).context["form"]["audit_date"].value() == earlier
    submit_dated(standards_audit, None)
    standards_audit.refresh_from_db()
    assert (standards_audit.status, standards_audit.audit_date) == ("submitted", earlier)


def test_a_draft_save_refuses_a_date_in_the_future(organisation, standards_audit, sign_in):
    client = sign_in(organisation.supervisor)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = _saved_with_date(client, standards_audit, tomorrow)
    assert response.status_code == 400
    assert "The date of the audit must be today or in the past" in text_of(response)
    standards_audit.refresh_from_db()
    assert standards_audit.audit_date == timezone.localdate()


def test_an_observation_is_dated_by_its_date_of_observation(organisation, observation):
    from tests.audits.test_observation import client_for, observer_part_2, worker_before

    worker_before(client_for(organisation.subject), observation)
    assert observer_part_2(client_for(organisation.supervisor), observation).status_code == 302
    observation.refresh_from_db()
    assert observation.audit_date == timezone.localdate() - datetime.timedelta(days=2)
