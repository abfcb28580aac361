"""The supervision audit (Appendix 1): a reproducible sample of supervision records with at
least one record of each supervisee, and the sessions shown beside the frequency question."""

import datetime

from django.urls import reverse
from django.utils import timezone

from practiceqa.audits.models import SampledRecord
from practiceqa.audits.services.sampling import (
    current_supervisees,
    propose_sample,
    sessions_in_window,
)
from tests.audits.conftest import form_data, session, start
from tests.factories import StaffMemberFactory, supervises
from tests.text import text_of


def test_the_same_seed_always_draws_the_same_sample(organisation, framework):
    supervisor = organisation.supervisor
    for days in range(5, 300, 25):
        session(supervisor, organisation.subject, days)
        session(supervisor, organisation.colleague, days + 3)
    today = timezone.localdate()
    supervisees = current_supervisees(supervisor_id=supervisor.pk, on=today)
    sessions = sessions_in_window(supervisor_id=supervisor.pk, on=today)
    first = propose_sample(seed=42, supervisees=supervisees, sessions=sessions)
    again = propose_sample(seed=42, supervisees=supervisees, sessions=list(reversed(sessions)))
    assert [s.pk for s in first] == [s.pk for s in again]
    assert {s.supervisee for s in first} == {organisation.subject, organisation.colleague}
    draws = {
        tuple(s.pk for s in propose_sample(seed=seed, supervisees=supervisees, sessions=sessions))
        for seed in range(20)
    }
    assert len(draws) > 1, "different seeds draw different samples"


def test_a_record_added_for_one_supervisee_does_not_change_the_others_draw(organisation, framework):
    supervisor = organisation.supervisor
    for days in (10, 50, 90):
        session(supervisor, organisation.colleague, days)
    today = timezone.localdate()
    supervisees = current_supervisees(supervisor_id=supervisor.pk, on=today)
    before = propose_sample(
        seed=7,
        supervisees=supervisees,
        sessions=sessions_in_window(supervisor_id=supervisor.pk, on=today),
    )
    session(supervisor, organisation.subject, 20)
    after = propose_sample(
        seed=7,
        supervisees=supervisees,
        sessions=sessions_in_window(supervisor_id=supervisor.pk, on=today),
    )
    colleague = [s.pk for s in after if s.supervisee == organisation.colleague]
    assert colleague == [s.pk for s in before]
    assert len(after) == 2


def test_only_the_last_twelve_months_are_sampled(organisation, framework):
    session(organisation.supervisor, organisation.subject, 400)
    old_only = start("supervision_audit", organisation.team_manager, organisation.supervisor)
    assert not SampledRecord.objects.filter(audit=old_only).exists()


def test_the_audit_page_shows_the_sample_and_flags_a_supervisee_without_supervision(
    organisation, framework, sign_in
):
    supervisor = organisation.supervisor
    held = [session(supervisor, organisation.subject, days) for days in (14, 45, 75)]
    audit = start("supervision_audit", organisation.team_manager, supervisor)
    client = sign_in(organisation.team_manager)
    response = client.get(reverse("audit-detail", args=[audit.pk]))
    page = text_of(response)
    assert f"sample number {audit.sample_seed}" in page
    assert "No supervision recorded in the last 12 months for Cal Colleague" in page
    # The frequency question shows the sessions held for each supervisee, with dates.
    body = response.content.decode()
    frequency = body.index('id="question-frequency"')
    table = body.index('id="sessions-held"', frequency)
    assert table < body.index('id="question-stored_securely"')
    sessions_text = text_of(body[table : body.index("</table>", table)])
    assert "Sid Subject 3 " in sessions_text
    for record in held:
        assert f"{record.held_on:%-d %b %Y}" in sessions_text
    assert "Cal Colleague 0 – No supervision recorded" in sessions_text

    # The proposal is ticked; the auditor records what they actually looked at.
    form = response.context["form"]
    (proposed,) = form["sampled"].value()
    assert proposed in {s.pk for s in held}
    data = form_data(response)
    data["sampled"] = [s.pk for s in held]
    assert client.post(reverse("audit-detail", args=[audit.pk]), data).status_code == 302
    sampled = SampledRecord.objects.filter(audit=audit)
    assert {r.session_id for r in sampled} == {s.pk for s in held}
    assert {r.session_id for r in sampled if r.proposed} == {proposed}
    again = client.get(reverse("audit-detail", args=[audit.pk]))
    assert f"sample number {audit.sample_seed}" in text_of(again), "the same draw is shown"
    assert set(again.context["form"]["sampled"].value()) == {s.pk for s in held}


def test_a_record_of_another_supervisor_cannot_be_sampled(organisation, framework, sign_in):
    session(organisation.supervisor, organisation.subject, 14)
    elsewhere = session(organisation.outsider_supervisor, organisation.outsider, 14)
    audit = start("supervision_audit", organisation.team_manager, organisation.supervisor)
    client = sign_in(organisation.team_manager)
    data = form_data(client.get(reverse("audit-detail", args=[audit.pk])))
    data["sampled"] = [elsewhere.pk]
    response = client.post(reverse("audit-detail", args=[audit.pk]), data)
    assert response.status_code == 400
    assert "Select only the supervision records listed" in text_of(response)
    assert SampledRecord.objects.filter(audit=audit).count() == 1


def test_a_supervisee_who_has_left_is_not_in_the_sample(organisation, framework):
    gone = StaffMemberFactory(
        team=organisation.team_a1,
        end_date=timezone.localdate() - datetime.timedelta(days=30),
    )
    supervises(organisation.supervisor, gone)
    session(organisation.supervisor, gone, 60)
    session(organisation.supervisor, organisation.subject, 60)
    audit = start("supervision_audit", organisation.team_manager, organisation.supervisor)
    sampled = SampledRecord.objects.filter(audit=audit).select_related("session")
    assert [r.session.supervisee for r in sampled] == [organisation.subject]


def test_the_audit_shows_where_each_record_is_kept_and_the_policy_frequency(
    organisation, framework, sign_in, settings
):
    settings.SUPERVISION_FREQUENCY_WEEKS = 6
    supervisor = organisation.supervisor
    kept = session(supervisor, organisation.subject, 14)
    kept.record_location = "HR system, folder 12"
    kept.save()
    session(supervisor, organisation.subject, 100)  # 86 days (12 weeks) before the next one
    removed = session(supervisor, organisation.colleague, 20)
    removed.removed_at = timezone.now()
    removed.save()
    audit = start("supervision_audit", organisation.team_manager, supervisor)
    body = sign_in(organisation.team_manager).get(reverse("audit-detail", args=[audit.pk]))
    body = body.content.decode()
    table = body.index('id="sessions-held"')
    sessions_text = text_of(body[table : body.index("</table>", table)])
    assert "The supervision policy asks for a session at least every 6 weeks." in text_of(body)
    assert f"{kept.held_on:%-d %b %Y}: HR system, folder 12" in sessions_text
    assert "Sid Subject 2 12 weeks Longer than policy" in sessions_text
    assert "Cal Colleague 0 – No supervision recorded" in sessions_text, "removed: not held"
