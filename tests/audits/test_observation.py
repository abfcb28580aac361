"""The practice observation of Appendix 4: two parts, completed in turns."""

import datetime

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from practiceqa.audits.models import Audit
from tests.audits.conftest import answer, form_data, sign_off
from tests.text import text_of

CAPABILITY = "Explained the options clearly and checked understanding."


def client_for(person) -> Client:
    client = Client()
    client.force_login(person.user)
    return client


def page(client, audit):
    response = client.get(reverse("audit-detail", args=[audit.pk]))
    assert response.status_code == 200
    return response


def post(client, audit, data, action="save"):
    return client.post(reverse("audit-detail", args=[audit.pk]), {**data, "action": action})


def stage_of(audit) -> str:
    return Audit.objects.get(pk=audit.pk).stage


def worker_before(worker, observation):
    data = form_data(page(worker, observation))
    data["answer-background"] = "A review of Mr A's care and support plan at home."
    data["answer-planning"] = "The observer will be introduced as my supervisor."
    return post(worker, observation, data, action="hand_over")


def observer_part_2(observer, observation, **extra):
    data = form_data(page(observer, observation))
    data.update(
        {
            "answer-mode": "visit",
            **observed_on(timezone.localdate() - datetime.timedelta(days=2)),
            "answer-setting": "The person's home",
            "answer-capability": CAPABILITY,
            "answer-overall_judgement": "good",
            "answer-observer_signature": "Sue Supervisor",
            **extra,
        }
    )
    return post(observer, observation, data, action="hand_over")


def observed_on(day) -> dict:
    """The GOV.UK date input of "Date of observation", as a browser posts it."""
    return {
        "answer-observed_on_day": str(day.day),
        "answer-observed_on_month": str(day.month),
        "answer-observed_on_year": str(day.year),
    }


def test_the_worker_starts_and_the_observer_waits(organisation, observation):
    observer, worker = client_for(organisation.supervisor), client_for(organisation.subject)
    observer_page = page(observer, observation)
    assert observer_page.context["form"] is None
    assert "Waiting for Sid Subject to complete boxes 1 and 2" in text_of(observer_page)

    worker_page = page(worker, observation)
    form = worker_page.context["form"]
    assert {"answer-background", "answer-planning"} == set(form.fields) - {
        "lock_version",
        "form_token",
    }
    assert "Hand over to the observer" in text_of(worker_page)


def test_handing_over_needs_the_boxes_written(organisation, observation, mailoutbox):
    worker = client_for(organisation.subject)
    response = post(worker, observation, form_data(page(worker, observation)), "hand_over")
    assert response.status_code == 400
    assert "Enter an answer to question 1" in text_of(response)
    assert stage_of(observation) == "before"
    # Only the email telling the worker that the observation had started.
    assert [mail.subject for mail in mailoutbox] == [
        "Practice observation: please complete boxes 1 and 2"
    ]


def test_an_observation_end_to_end_in_turns(organisation, observation, mailoutbox):
    observer, worker = client_for(organisation.supervisor), client_for(organisation.subject)

    # Part 1, boxes 1 and 2: the worker, before the observation.
    assert worker_before(worker, observation).status_code == 302
    assert stage_of(observation) == "observation"
    assert mailoutbox[-1].to == [organisation.supervisor.email]
    assert page(worker, observation).context["form"] is None, "no longer the worker's turn"

    # Part 2: the observer records, signs and shares.
    observer_page = page(observer, observation)
    assert "A review of Mr A's care and support plan at home." in text_of(observer_page)
    assert "Sign and share the report" in text_of(observer_page)
    assert observer_part_2(observer, observation).status_code == 302
    assert stage_of(observation) == "after"
    assert mailoutbox[-1].to == [organisation.subject.email]
    signature = answer(observation, "observer_signature").value
    assert signature["name"] == "Sue Supervisor" and signature["signed_on"]

    # Box 3: the worker reflects before reading the report.
    worker_page = page(worker, observation)
    text = text_of(worker_page)
    assert CAPABILITY not in text
    assert "You will read the observer's report once you have written your reflections" in text
    data = form_data(worker_page)
    assert set(data) == {"lock_version", "form_token"}
    data["answer-reflections"] = "I could have summarised the plan at the end."
    assert post(worker, observation, data, "hand_over").status_code == 302
    assert stage_of(observation) == "reflection"

    # Box 4: after reading the report, the worker reflects critically and signs.
    worker_page = page(worker, observation)
    assert CAPABILITY in text_of(worker_page)
    data = form_data(worker_page)
    data["answer-critical_reflection"] = "I will book the recording training."
    data["answer-worker_signature"] = "sid  subject"
    response = post(worker, observation, data, "hand_over")
    assert response.status_code == 302
    observation.refresh_from_db()
    assert (observation.stage, observation.status) == ("complete", "submitted")
    assert observation.overall_grade == "Good"
    assert mailoutbox[-1].to == [organisation.supervisor.email]
    assert "completed" in mailoutbox[-1].subject

    # The observer signs off; it is on the worker's supervision file.
    sign_off(observation)
    file_url = reverse("supervision-file", args=[organisation.subject.pk])
    for person in (organisation.subject, organisation.supervisor, organisation.team_manager):
        listing = client_for(person).get(file_url)
        assert listing.status_code == 200
        assert "Adult Services Practice Observation Template" in text_of(listing)
    assert client_for(organisation.colleague).get(file_url).status_code == 403


def test_each_party_edits_only_their_own_boxes_in_their_own_stage(organisation, observation):
    observer, worker = client_for(organisation.supervisor), client_for(organisation.subject)
    # The observer cannot write the worker's boxes, nor Part 2 before the observation.
    data = {"lock_version": 1, "answer-background": "By the observer", "answer-capability": "Early"}
    post(observer, observation, data)
    assert answer(observation, "background").value is None
    assert answer(observation, "capability").value is None

    worker_before(worker, observation)
    # The worker cannot change boxes 1 and 2 any more, nor write Part 2.
    data = {"lock_version": 2, "answer-background": "Changed", "answer-capability": "Self-assessed"}
    post(worker, observation, data)
    assert answer(observation, "background").value.startswith("A review")
    assert answer(observation, "capability").value is None

    # A hand-over out of turn is refused.
    refused = post(worker, observation, data, "hand_over")
    assert refused.status_code == 400
    assert "It is not your turn to complete this practice observation" in text_of(refused)
    assert stage_of(observation) == "observation"


def test_feedback_is_recorded_only_with_consent_and_capacity(organisation, observation):
    observer, worker = client_for(organisation.supervisor), client_for(organisation.subject)
    worker_before(worker, observation)
    feedback = "She said the worker listened to her."
    response = observer_part_2(
        observer, observation, **{"answer-person_feedback": feedback, "answer-consent": "on"}
    )
    assert response.status_code == 400
    assert (
        "Confirm that the person gave consent to their feedback being recorded and the person "
        "had the mental capacity to give this feedback before recording this" in text_of(response)
    )
    assert answer(observation, "person_feedback").value is None
    assert stage_of(observation) == "observation"

    response = observer_part_2(
        observer,
        observation,
        **{"answer-person_feedback": feedback, "answer-consent": "on", "answer-capacity": "on"},
    )
    assert response.status_code == 302
    assert answer(observation, "person_feedback").value == feedback


def test_a_signature_is_the_signers_own_name(organisation, observation):
    observer, worker = client_for(organisation.supervisor), client_for(organisation.subject)
    worker_before(worker, observation)
    response = observer_part_2(observer, observation, **{"answer-observer_signature": "S. S."})
    assert response.status_code == 400
    assert "Type your full name, Sue Supervisor, to sign" in text_of(response)
    assert stage_of(observation) == "observation"


def test_the_report_is_hidden_from_others_until_shared(organisation, observation):
    observer, worker = client_for(organisation.supervisor), client_for(organisation.subject)
    manager = client_for(organisation.team_manager)
    worker_before(worker, observation)
    data = form_data(page(observer, observation))
    data["answer-capability"] = CAPABILITY
    post(observer, observation, data)
    assert CAPABILITY in text_of(page(observer, observation))
    assert CAPABILITY not in text_of(page(worker, observation))
    assert CAPABILITY not in text_of(page(manager, observation))


def test_the_worker_is_emailed_when_an_observation_of_them_starts(organisation, framework):
    from django.core import mail

    from tests.audits.conftest import start

    start("practice_observation", organisation.supervisor, organisation.subject)
    (started,) = mail.outbox
    assert started.to == [organisation.subject.email]
    assert "Sue Supervisor has started a practice observation of your work" in started.body


def test_after_box_3_the_worker_is_not_told_they_emailed_themselves(
    organisation, observation, mailoutbox
):
    observer, worker = client_for(organisation.supervisor), client_for(organisation.subject)
    worker_before(worker, observation)
    response = observer_part_2(observer, observation)
    assert "Sid Subject has been emailed" in text_of(observer.get(response["Location"]))
    sent = len(mailoutbox)
    data = form_data(page(worker, observation))
    data["answer-reflections"] = "I could have summarised the plan at the end."
    response = post(worker, observation, data, "hand_over")
    banner = text_of(worker.get(response["Location"]))
    assert "has been emailed" not in banner
    assert "You can now read the observer's report" in banner
    assert len(mailoutbox) == sent, "nobody was emailed"


def test_a_message_names_nobody_as_emailed_when_no_email_went(organisation, observation):
    from practiceqa.org.models import StaffMember

    StaffMember.objects.filter(pk=organisation.supervisor.pk).update(email="")
    worker = client_for(organisation.subject)
    response = worker_before(worker, observation)
    banner = text_of(worker.get(response["Location"]))
    assert "has been emailed" not in banner
    assert "It is now Sue Supervisor's turn" in banner


def test_the_date_of_observation_is_a_date_input_not_in_the_future(organisation, observation):
    observer, worker = client_for(organisation.supervisor), client_for(organisation.subject)
    worker_before(worker, observation)
    page_before = page(observer, observation)
    markup = page_before.content.decode()
    assert 'name="answer-observed_on_day"' in markup and 'name="answer-observed_on_year"' in markup
    assert "Date and setting of observation Not recorded yet" in text_of(page_before)
    assert "Date observation started" not in text_of(page_before)

    future = timezone.localdate() + datetime.timedelta(days=1)
    refused = observer_part_2(observer, observation, **observed_on(future))
    assert refused.status_code == 400
    assert "Date of observation must be today or in the past" in text_of(refused)
    assert stage_of(observation) == "observation"
    assert answer(observation, "observed_on").value is None, "nothing was saved"

    day = timezone.localdate() - datetime.timedelta(days=2)
    assert observer_part_2(observer, observation).status_code == 302
    shown = text_of(page(observer, observation))
    assert f"Date and setting of observation {day:%-d %B %Y}, The person's home" in shown


def test_the_service_refuses_a_date_of_observation_in_the_future(organisation, observation):
    from practiceqa.audits.models import ObservationStage
    from practiceqa.audits.services.answering import answers_save
    from practiceqa.core.services import Refusal

    Audit.objects.filter(pk=observation.pk).update(stage=ObservationStage.OBSERVATION)
    observation.refresh_from_db()
    observed = answer(observation, "observed_on")
    future = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    try:
        answers_save(
            audit=observation,
            user=organisation.supervisor.user,
            staff_id=organisation.supervisor.pk,
            expected_lock_version=observation.lock_version,
            changes={observed.pk: {"value": future}},
        )
    except Refusal as refused:
        assert refused.field == "answer-observed_on"
    else:
        raise AssertionError("a date in the future was accepted")
    assert answer(observation, "observed_on").value is None
    assert Audit.objects.get(pk=observation.pk).lock_version == observation.lock_version


def test_the_print_view_follows_the_appendix_order(organisation, observation):
    observer, worker = client_for(organisation.supervisor), client_for(organisation.subject)
    worker_before(worker, observation)
    observer_part_2(observer, observation)
    data = form_data(page(worker, observation))
    data["answer-reflections"] = "I could have summarised the plan at the end."
    post(worker, observation, data, "hand_over")
    data = form_data(page(worker, observation))
    data["answer-critical_reflection"] = "I will book the recording training."
    data["answer-worker_signature"] = "Sid Subject"
    post(worker, observation, data, "hand_over")
    printed = text_of(observer.get(reverse("audit-print", args=[observation.pk])))
    order = [
        "1. Brief background",
        "2. Planning for intervention",
        "3. Reflections on the observed practice",
        "4. Critical reflection",
        "Worker Signature",
        "Part 2: observer completes",
        "Feedback from people in need of care and support",
        "Observer's Signature",
    ]
    positions = [printed.index(heading) for heading in order]
    assert positions == sorted(positions), order


def test_the_header_reads_the_date_and_setting_from_the_answers_the_page_has(
    organisation, observation
):
    """The page's answers are read once: the header's date and setting come from them."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    observer, worker = client_for(organisation.supervisor), client_for(organisation.subject)
    worker_before(worker, observation)
    assert observer_part_2(observer, observation).status_code == 302
    page(observer, observation)
    with CaptureQueriesContext(connection) as captured:
        shown = text_of(page(observer, observation))
    day = timezone.localdate() - datetime.timedelta(days=2)
    assert f"Date and setting of observation {day:%-d %B %Y}, The person's home" in shown
    read = [q["sql"] for q in captured if 'FROM "audits_answer"' in q["sql"]]
    assert len(read) == 1, read
