"""The health check's self-assessment: each area's survey figure beside last year's, the
intelligence and focus groups, the PSW's rating of each area, and the endorsement that
completes the year's health check in the audit plan."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from practiceqa.core.kept_figures import forget
from practiceqa.core.services import Actor, Refusal
from practiceqa.healthcheck.models import AreaAssessment, SelfAssessmentEndorsement
from practiceqa.healthcheck.models_intelligence import Area
from practiceqa.healthcheck.services import financial_year_of
from practiceqa.healthcheck.services_intelligence import intelligence_add
from practiceqa.healthcheck.services_selfassessment import (
    area_assess,
    self_assessment_endorse,
    self_assessment_raise_action,
)
from practiceqa.planning.models import PlanItem
from practiceqa.surveys.services.opening import survey_close
from tests.healthcheck.conftest import TODAY, record_group
from tests.queries import assert_flat, page_queries
from tests.surveys.conftest import answer, open_survey, practitioners
from tests.text import text_of

pytestmark = pytest.mark.django_db
YEAR = financial_year_of(TODAY)
URL = "/health-check/self-assessment/"


def health_check_item(organisation, framework) -> PlanItem:
    return PlanItem.objects.create(
        year=YEAR,
        framework_version=framework,
        audit_type="health_check",
        level="organisational",
        window_start=datetime.date(YEAR + 1, 1, 1),
        window_end=datetime.date(YEAR + 1, 3, 31),
        due_on=datetime.date(YEAR + 1, 3, 31),
        quarter=4,
        lead=organisation.psw,
    )


def rate(psw, area="workload", **overrides):
    arguments = {
        "rating": "good",
        "strengths": "Fair allocation.",
        "improvements": "Fewer cases each.",
        **overrides,
    }
    return area_assess(actor=Actor.of(psw.user), year=YEAR, area=area, **arguments)


def rate_all(psw):
    for code in Area.values:
        rate(psw, area=code)


def test_a_rating_is_kept_with_who_made_it_and_a_change_is_history(organisation):
    rate(organisation.psw)
    assessment = rate(organisation.psw, rating="requires_improvement", expected_version=1)
    assert assessment.get_rating_display() == "Requires improvement"
    reasons = [h.history_change_reason for h in assessment.history.order_by("history_id")]
    assert reasons == ["Rated the area", "Changed the area's rating"]
    assert assessment.history.first().history_user == organisation.psw.user


def test_a_change_from_a_stale_form_is_refused_and_changes_nothing(client, organisation):
    rate(organisation.psw)
    client.force_login(organisation.psw.user)
    url = reverse("self-assessment-area", args=["workload"])
    assert 'name="version" value="1"' in client.get(url).content.decode()
    rate(organisation.psw, rating="inadequate", expected_version=1)  # someone else saves
    response = client.post(
        url, {"rating": "good", "strengths": "S", "improvements": "I", "version": "1"}
    )
    assert response.status_code == 400
    assert "Someone else changed this area's rating" in text_of(response)
    assert AreaAssessment.objects.get().rating == "inadequate"


def test_a_rating_needs_a_rating_strengths_and_improvements(organisation):
    with pytest.raises(Refusal) as refused:
        rate(organisation.psw, rating="", strengths=" ", improvements="")
    assert refused.value.by_field == {
        "rating": "Select the rating of the area",
        "strengths": "Enter the area's strengths",
        "improvements": "Enter the area's areas for improvement",
    }
    assert not AreaAssessment.objects.exists()


def test_endorsing_is_refused_while_an_area_is_unrated(organisation, framework):
    item = health_check_item(organisation, framework)
    rate(organisation.psw)
    with pytest.raises(Refusal) as refused:
        self_assessment_endorse(actor=Actor.of(organisation.psw.user), year=YEAR)
    assert "Rate every area before endorsing" in refused.value.message
    assert "A healthy workplace" in refused.value.message
    item.refresh_from_db()
    assert item.completed_on is None


def test_endorsing_completes_the_health_check_once_and_freezes_the_ratings(organisation, framework):
    item = health_check_item(organisation, framework)
    rate_all(organisation.psw)
    endorsement = self_assessment_endorse(actor=Actor.of(organisation.psw.user), year=YEAR)
    item.refresh_from_db()
    assert (item.completed_on, item.completed_by) == (TODAY, organisation.psw.user)
    assert endorsement.history.get().history_user == organisation.psw.user
    with pytest.raises(Refusal) as refused:
        self_assessment_endorse(actor=Actor.of(organisation.psw.user), year=YEAR)
    assert "already endorsed" in refused.value.message
    with pytest.raises(Refusal):
        rate(organisation.psw, rating="inadequate")
    assert SelfAssessmentEndorsement.objects.count() == 1


def test_the_psw_rates_the_areas_and_endorses_on_the_pages(client, organisation, framework):
    item = health_check_item(organisation, framework)
    client.force_login(organisation.psw.user)
    area_url = reverse("self-assessment-area", args=["workload"])
    response = client.post(area_url, {"rating": "", "strengths": "", "improvements": ""})
    assert response.status_code == 400
    page = text_of(response)
    assert "There is a problem" in page and "Select the rating of the area" in page

    response = client.post(reverse("self-assessment-endorse"))
    assert response.status_code == 400
    assert "Rate every area before endorsing" in text_of(response)

    for code in Area.values:
        response = client.post(
            reverse("self-assessment-area", args=[code]),
            {"rating": "requires_improvement", "strengths": "Team spirit", "improvements": "IT"},
        )
        assert response.status_code == 302
    page = text_of(client.get(URL))
    assert page.count("Requires improvement") == 5 and "Not rated yet" not in page
    response = client.post(reverse("self-assessment-endorse"), follow=True)
    assert "Self-assessment endorsed" in text_of(response)
    assert (
        "Endorse the self-assessment"
        not in text_of(response)
        .replace("Self-assessment endorsed", "")
        .split("Focus groups this year")[-1]
    )
    item.refresh_from_db()
    assert item.completed_on == TODAY


def test_the_page_shows_the_survey_beside_last_year_the_figures_and_focus_groups(
    client, organisation, framework
):
    psw = organisation.psw
    survey = open_survey(psw)
    for person in practitioners(10):
        answer(survey, person)
    client.force_login(psw.user)
    assert "No figures until the survey closes" in text_of(client.get(URL))
    survey_close(actor=Actor.of(psw.user), survey=survey)
    intelligence_add(
        actor=Actor.of(psw.user),
        year=YEAR,
        area="workload",
        measure="vacancy",
        value=Decimal("12.5"),
        source="HR workforce report",
        as_of=TODAY - datetime.timedelta(days=5),
    )
    record_group(psw)
    client.force_login(psw.user)
    page = text_of(client.get(URL))
    assert "100% favourable" in page  # everyone agreed
    assert "No survey" in page  # last year had none
    assert "Vacancy rate (%) 12.50 (HR workforce report" in page
    assert "attending" in page and "Not rated yet" in page


def test_a_survey_with_too_few_answers_is_not_shown(client, organisation, framework):
    survey = open_survey(organisation.psw)
    for person in practitioners(3):
        answer(survey, person)
    survey_close(actor=Actor.of(organisation.psw.user), survey=survey)
    client.force_login(organisation.psw.user)
    page = text_of(client.get(URL))
    assert "Not shown" in page and "% favourable" not in page


def test_a_qa_administrator_reads_it_but_does_not_rate(client, organisation):
    client.force_login(organisation.qa_admin.user)
    page = text_of(client.get(URL))
    assert "Rate effective workload management" not in page
    assert "Endorse the self-assessment" not in page


def test_the_page_asks_the_same_queries_however_much_it_holds(client, organisation, framework):
    client.force_login(organisation.psw.user)

    def grow():
        rate_all(organisation.psw)
        record_group(organisation.psw)
        intelligence_add(
            actor=Actor.of(organisation.psw.user),
            year=YEAR,
            area="tools",
            measure="agency",
            value=Decimal("4"),
            source="HR",
            as_of=TODAY,
        )
        for n in range(3):
            self_assessment_raise_action(
                actor=Actor.of(organisation.psw.user),
                year=YEAR,
                area=Area.values[n],
                owner=organisation.subject,
                description=f"Improvement {n}",
                due_on=TODAY + datetime.timedelta(days=30),
            )

    # Figures kept between reads (core.kept_figures) are made again in both: what is counted
    # is the work of making them (that they are never stale: test_self_assessment_areas).
    forget()
    small = page_queries(client, URL)
    grow()
    forget()
    assert_flat(small, page_queries(client, URL), budget=25)


def test_the_psw_raises_an_improvement_action_into_the_owners_action_plan(client, organisation):
    from practiceqa.actions.models import Action

    client.force_login(organisation.psw.user)
    url = reverse("self-assessment-action", args=["tools"])
    response = client.post(url, {"description": ""})
    assert response.status_code == 400
    assert "Enter a description of the action" in text_of(response)
    due = TODAY + datetime.timedelta(days=60)
    response = client.post(
        url,
        {
            "description": "Replace the oldest laptops",
            "owner": organisation.subject.pk,
            "due_on_day": due.day,
            "due_on_month": due.month,
            "due_on_year": due.year,
        },
    )
    assert response.status_code == 302
    action = Action.objects.get()
    assert (action.owner, action.raised_by) == (organisation.subject, organisation.psw.user)
    page = text_of(client.get(URL))
    assert f"Replace the oldest laptops : {organisation.subject.full_name}, due" in page
