"""One click, one effect, whatever the network does: a submission, a turn of an observation
handed over, or a sign-off sent twice (a double click, a retried request) is made once,
nobody is emailed twice, and the second sending shows the audit as the first left it."""

from django.urls import reverse

from practiceqa.audits.models import Audit
from tests.audits.conftest import fill_standards, form_data, reply_days_pass
from tests.audits.test_observation import client_for, page
from tests.text import text_of


def detail(audit):
    return reverse("audit-detail", args=[audit.pk])


def test_a_submission_sent_twice_is_made_once(organisation, standards_audit, sign_in, mailoutbox):
    fill_standards(standards_audit)
    client = sign_in(organisation.supervisor)
    data = form_data(client.get(detail(standards_audit)))
    data = {**data, "answer-q19": "Clear, person-centred recording.", "action": "check"}
    assert client.post(detail(standards_audit), data).status_code == 302
    check = reverse("audit-check", args=[standards_audit.pk])
    form = client.get(check).context["form"]
    data = {"lock_version": form["lock_version"].value(), "form_token": form["form_token"].value()}
    sent = len(mailoutbox)
    first = client.post(check, data)
    again = client.post(check, data)
    assert first.status_code == again.status_code == 302
    assert again["Location"] == detail(standards_audit)
    assert "That was already done" in text_of(client.get(again["Location"]))
    audit = Audit.objects.get(pk=standards_audit.pk)
    assert audit.status == "submitted"
    assert audit.history.filter(status="submitted").count() == 1
    assert len(mailoutbox) == sent + 1, "the subject is told once"


def test_another_tab_of_the_same_person_is_still_stale(organisation, standards_audit, sign_in):
    fill_standards(standards_audit)
    client = sign_in(organisation.supervisor)
    tab_a = form_data(client.get(detail(standards_audit)))
    tab_b = form_data(client.get(detail(standards_audit)))
    tab_a["answer-q19"] = "From the first tab."
    tab_b["answer-q19"] = "From the second tab."
    assert client.post(detail(standards_audit), {**tab_a, "action": "save"}).status_code == 302
    assert client.post(detail(standards_audit), {**tab_b, "action": "save"}).status_code == 409


def test_a_turn_handed_over_twice_moves_on_once(organisation, observation, mailoutbox):
    worker = client_for(organisation.subject)
    data = form_data(page(worker, observation))
    data["answer-background"] = "A review of Mr A's care and support plan at home."
    data["answer-planning"] = "The observer will be introduced as my supervisor."
    url = detail(observation)
    sent = len(mailoutbox)
    first = worker.post(url, {**data, "action": "hand_over"})
    again = worker.post(url, {**data, "action": "hand_over"})
    assert first.status_code == again.status_code == 302
    assert Audit.objects.get(pk=observation.pk).stage == "observation"
    assert len(mailoutbox) == sent + 1, "the observer is told once"


def test_a_sign_off_sent_twice_is_made_once(organisation, submitted_audit, sign_in, mailoutbox):
    reply_days_pass(submitted_audit)
    client = sign_in(organisation.supervisor)
    url = reverse("audit-sign-off", args=[submitted_audit.pk])
    form = client.get(url).context["form"]
    data = {"lock_version": form["lock_version"].value(), "form_token": form["form_token"].value()}
    sent = len(mailoutbox)
    first = client.post(url, data)
    again = client.post(url, data)
    assert first.status_code == again.status_code == 302
    assert again["Location"] == detail(submitted_audit)
    audit = Audit.objects.get(pk=submitted_audit.pk)
    assert audit.status == "signed_off"
    assert audit.history.filter(status="signed_off").count() == 1
    assert len(mailoutbox) == sent + 1, "the subject is told once"
