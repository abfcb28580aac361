"""A second audit of the same case in one plan window is warned about before it starts,
however the first was started (the Audits page or a plan item, linked or not); the auditor
confirms to go ahead. One click starts one audit, whatever the network does."""

import datetime

from django.urls import reverse
from django.utils import timezone

from practiceqa.audits.models import Audit
from practiceqa.planning.models import PlanItem
from tests.text import text_of

START = reverse("audit-start")


def _item_for(audit, *, linked: bool, days=(-30, 30)) -> PlanItem:
    """An item about the audit's subject whose window runs these days from today."""
    today = timezone.localdate()
    return PlanItem.objects.create(
        year=today.year,
        framework_version=audit.template.version,
        audit_type=audit.audit_type,
        level="practitioner",
        window_start=today + datetime.timedelta(days=days[0]),
        window_end=today + datetime.timedelta(days=days[1]),
        due_on=today + datetime.timedelta(days=days[1]),
        quarter=1,
        lead=audit.auditor,
        subject=audit.subject,
        subject_key=audit.subject_id,
        template_code=audit.template.code,
        audit=audit if linked else None,
    )


def _start_data(organisation, case: str) -> dict:
    return {
        "audit_type": "practice_standards_audit",
        "subject": organisation.subject.pk,
        "case_identifier": case,
    }


def test_a_second_audit_of_the_same_case_is_warned_about_even_unlinked(
    organisation, standards_audit, sign_in
):
    # The first audit of case 123456 is a draft started from the Audits page: no item
    # holds it, but it is dated in the item's window.
    _item_for(standards_audit, linked=False)
    client = sign_in(organisation.supervisor)
    token = client.get(START).context["form"]["form_token"].value()
    data = {**_start_data(organisation, "123456"), "form_token": token}
    warned = client.post(START, data)
    assert warned.status_code == 200
    when = f"{timezone.localdate():%-d %B %Y}"
    assert (
        f"Case 123456 of {organisation.subject.full_name} has already been audited in this "
        f"window: the audit is dated {when}"
    ) in text_of(warned)
    assert Audit.objects.filter(subject=organisation.subject).count() == 1
    # The page carries the confirmation, so that starting again goes ahead.
    page = warned.content.decode()
    assert 'name="confirmed" value="True"' in page
    assert f'name="form_token" value="{token}"' in page
    started = client.post(START, {**data, "confirmed": "True"})
    assert started.status_code == 302
    assert Audit.objects.filter(subject=organisation.subject).count() == 2


def test_another_case_in_the_same_window_starts_without_a_warning(
    organisation, standards_audit, sign_in
):
    _item_for(standards_audit, linked=True)
    client = sign_in(organisation.supervisor)
    response = client.post(START, _start_data(organisation, "55502"))
    assert response.status_code == 302
    assert Audit.objects.filter(subject=organisation.subject).count() == 2


def test_the_same_case_from_the_plan_item_is_warned_about(organisation, standards_audit, sign_in):
    item = _item_for(standards_audit, linked=False)
    client = sign_in(organisation.supervisor)
    url = reverse("plan-item-start", args=[item.pk])
    warned = client.post(url, {"case_identifier": "123456"})
    assert warned.status_code == 200
    assert "Case 123456 of" in text_of(warned)
    assert Audit.objects.filter(subject=organisation.subject).count() == 1
    assert 'name="confirmed" value="True"' in warned.content.decode()
    started = client.post(url, {"case_identifier": "123456", "confirmed": "True"})
    assert started.status_code == 302
    item.refresh_from_db()
    assert item.audit is not None and item.audit != standards_audit


def test_an_overdue_item_warns_of_the_same_case_in_the_window_the_audit_is_dated_in(
    organisation, standards_audit, sign_in
):
    # Case 123456 was audited today for this quarter's item; last quarter's item is
    # overdue. Starting it with the same case would date a second audit in this window.
    _item_for(standards_audit, linked=True)
    overdue = _item_for(standards_audit, linked=False, days=(-120, -31))
    client = sign_in(organisation.supervisor)
    url = reverse("plan-item-start", args=[overdue.pk])
    warned = client.post(url, {"case_identifier": "123456"})
    assert warned.status_code == 200
    assert "Case 123456 of" in text_of(warned)
    assert Audit.objects.filter(subject=organisation.subject).count() == 1
    assert client.post(url, {"case_identifier": "55502"}).status_code == 302


def test_the_audits_page_warns_of_the_same_case_in_the_overdue_window_it_would_fill(
    organisation, standards_audit, sign_in
):
    # No item's window holds today; the audit would fill the overdue item, whose window
    # already holds an audit of case 123456.
    Audit.objects.filter(pk=standards_audit.pk).update(
        audit_date=timezone.localdate() - datetime.timedelta(days=60)
    )
    _item_for(standards_audit, linked=False, days=(-120, -31))
    client = sign_in(organisation.supervisor)
    warned = client.post(START, _start_data(organisation, "123456"))
    assert warned.status_code == 200
    assert "Case 123456 of" in text_of(warned)
    assert Audit.objects.filter(subject=organisation.subject).count() == 1


def test_no_warning_without_an_audit_of_the_case_in_the_window(
    organisation, standards_audit, sign_in
):
    client = sign_in(organisation.supervisor)
    response = client.post(START, _start_data(organisation, "55502"))
    assert response.status_code == 302
    assert Audit.objects.filter(subject=organisation.subject).count() == 2


def test_one_click_starts_one_audit_whatever_the_network_does(organisation, framework, sign_in):
    client = sign_in(organisation.supervisor)
    page = client.get(START)
    token = page.context["form"]["form_token"].value()
    data = {**_start_data(organisation, "55502"), "form_token": token}
    first = client.post(START, data)
    again = client.post(START, data)  # a double click, or a retried request
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"]
    assert Audit.objects.filter(subject=organisation.subject).count() == 1


def test_a_double_click_in_a_planned_window_goes_to_the_audit_it_started(
    organisation, standards_audit, sign_in
):
    _item_for(standards_audit, linked=True)
    client = sign_in(organisation.supervisor)
    token = client.get(START).context["form"]["form_token"].value()
    data = {**_start_data(organisation, "55502"), "form_token": token}
    first = client.post(START, data)
    again = client.post(START, data)  # the same case is in the window now: no warning
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"]
    assert Audit.objects.filter(subject=organisation.subject).count() == 2
