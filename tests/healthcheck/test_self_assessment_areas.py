"""Each area of the self-assessment: the survey chart with its table (published figures
only), the intelligence drawn from the app, the focus group notes under the area they
belong to; earlier years read only, and every area compared across the years."""

import base64
import datetime
import re

import pytest
from django.urls import reverse

from practiceqa.caseloads.models import Snapshot
from practiceqa.core.kept_figures import forget
from practiceqa.core.services import Actor
from practiceqa.healthcheck.models import AreaAssessment
from practiceqa.org.models import Profession
from practiceqa.planning.models import PlanItem
from practiceqa.surveys.services.opening import survey_close
from tests.caseloads.test_figures import cases
from tests.healthcheck.conftest import TODAY, record_group
from tests.healthcheck.test_self_assessment import URL, YEAR, rate
from tests.queries import assert_flat, page_queries
from tests.surveys.conftest import answer, open_survey, practitioners
from tests.text import text_of

pytestmark = pytest.mark.django_db
YEARS_URL = "/health-check/self-assessment/years/"


def _svgs(body: str) -> list[str]:
    found = re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', body)
    return [base64.b64decode(data).decode() for data in found]


def test_each_area_has_a_chart_and_table_of_published_figures_only(client, organisation, framework):
    psw = organisation.psw
    survey = open_survey(psw)
    for person in practitioners(12):
        answer(survey, person, about_you={"profession": "social_worker"})
    for person in practitioners(3, profession=Profession.OCCUPATIONAL_THERAPIST):
        answer(survey, person, about_you={"profession": "occupational_therapist"})
    survey_close(actor=Actor.of(psw.user), survey=survey)
    client.force_login(psw.user)
    response = client.get(URL)
    body = response.content.decode()
    svgs = _svgs(body)
    assert len(svgs) == 5  # one chart an area
    workload = svgs[0]
    assert '<title id="chart-title">Staff survey: Effective workload management</title>' in (
        workload
    )
    assert "<desc" in workload and "All responses" in workload
    assert "Occupational therapist" not in workload  # a group of 3 is never drawn
    table = text_of(body).split("Favourable answers on effective workload management, by group")
    assert "All responses 100%" in table[1]
    assert "Profession: Occupational therapist Not shown" in table[1]


def test_no_chart_while_the_survey_is_open(client, organisation, framework):
    survey = open_survey(organisation.psw)
    for person in practitioners(10):
        answer(survey, person)
    client.force_login(organisation.psw.user)
    body = client.get(URL).content.decode()
    assert not _svgs(body) and "by group" not in body


def _supervision_item(organisation, framework, *, due_on):
    return PlanItem.objects.create(
        year=YEAR,
        framework_version=framework,
        audit_type="supervision_audit",
        level="practitioner",
        window_start=due_on - datetime.timedelta(days=30),
        window_end=due_on,
        due_on=due_on,
        quarter=1,
        lead=organisation.supervisor,
        subject=organisation.subject,
        subject_key=organisation.subject.pk,
    )


def test_intelligence_from_the_app_is_shown_under_its_area(client, organisation, framework):
    _supervision_item(organisation, framework, due_on=TODAY - datetime.timedelta(days=1))
    snapshot = Snapshot.objects.create(as_of=TODAY)
    cases(snapshot, 6, organisation.subject)
    client.force_login(organisation.psw.user)
    page = text_of(client.get(URL))
    workload = page.split("Effective workload management")[1].split("Proactive workflow")[0]
    assert "Mean open cases per FTE, social workers" in workload
    assert f"Caseload snapshot, published averages (Practice QA), {TODAY:%-d %b %Y}" in workload
    workflow = page.split("Proactive workflow management")[1].split("Having the right")[0]
    assert "Plan compliance 0% done on time (0 of 1 due) (Audit plan compliance" in workflow
    healthy = page.split("A healthy workplace")[1].split("Effective service delivery")[0]
    assert "Supervision compliance 0% done on time (0 of 1 due)" in healthy


def test_the_plan_figures_kept_between_reads_are_fresh_after_any_write(
    client, organisation, framework
):
    """The plan's figures are kept while nothing they count changes (core.kept_figures): an
    item added or removed, however, shows on the next read."""
    forget()
    first = _supervision_item(organisation, framework, due_on=TODAY - datetime.timedelta(days=1))
    client.force_login(organisation.psw.user)

    def healthy() -> str:
        page = text_of(client.get(URL))
        return page.split("A healthy workplace")[1].split("Effective service delivery")[0]

    assert "Supervision compliance 0% done on time (0 of 1 due)" in healthy()
    assert "Supervision compliance 0% done on time (0 of 1 due)" in healthy()  # kept
    _supervision_item(organisation, framework, due_on=TODAY - datetime.timedelta(days=2))
    assert "Supervision compliance 0% done on time (0 of 2 due)" in healthy()
    PlanItem.objects.filter(pk=first.pk).delete()
    assert "Supervision compliance 0% done on time (0 of 1 due)" in healthy()


def test_focus_group_notes_are_read_under_the_area_they_belong_to(client, organisation, framework):
    record_group(
        organisation.psw,
        notes={
            "q1": "Allocation is fair.",
            "q13": "Supervision is regular.",
            "area_psw_role": "The PSW is visible.",
        },
    )
    client.force_login(organisation.psw.user)
    page = text_of(client.get(URL))
    sections = {
        title: page.split(f"Focus group notes on {title}")[1].split("Focus group notes on")[0]
        for title in ("effective workload management", "a healthy workplace")
    }
    assert (
        "1. How fairly is work allocated in your team? Allocation is fair."
        in (sections["effective workload management"])
    )
    assert "Supervision is regular." not in sections["effective workload management"]
    assert (
        "13. Tell me about your experiences of supervision. Supervision is regular."
        in (sections["a healthy workplace"])
    )
    delivery = page.split("Focus group notes on effective service delivery")[1]
    assert "Role and impact of the Principal Social Worker The PSW is visible." in delivery


def test_an_earlier_years_self_assessment_is_read_only(client, organisation, framework):
    AreaAssessment.objects.create(
        year=YEAR - 1, area="tools", rating="inadequate", strengths="Old", improvements="New"
    )
    client.force_login(organisation.psw.user)
    url = reverse("self-assessment-year", args=[YEAR - 1])
    page = text_of(client.get(url))
    assert f"Health check self-assessment {YEAR - 1} to {YEAR}" in page
    assert "to read only" in page and "Inadequate" in page
    assert "Rate " not in page and "Change the rating" not in page
    assert "Raise an improvement action" not in page and "Endorse" not in page
    assert client.get(reverse("self-assessment-year", args=[YEAR + 1])).status_code == 404


def test_every_area_is_compared_across_every_year(client, organisation, framework):
    psw = organisation.psw
    for year, rating in ((YEAR - 2, "inadequate"), (YEAR - 1, "requires_improvement")):
        AreaAssessment.objects.create(
            year=year, area="workload", rating=rating, strengths="S", improvements="I"
        )
    rate(psw, area="workload")
    survey = open_survey(psw)
    for person in practitioners(10):
        answer(survey, person)
    survey_close(actor=Actor.of(psw.user), survey=survey)
    client.force_login(psw.user)
    response = client.get(YEARS_URL)
    page = text_of(response)
    workload = page.split("Effective workload management by year")[1].split("by year")[0]
    assert f"{YEAR - 2} to {YEAR - 1} No survey Inadequate" in workload
    assert f"{YEAR - 1} to {YEAR} No survey Requires improvement" in workload
    assert f"{YEAR} to {YEAR + 1} 100% favourable Good" in workload
    body = response.content.decode()
    assert reverse("self-assessment-year", args=[YEAR - 2]) in body


def test_the_pages_ask_the_same_queries_however_many_years_and_snapshots(
    client, organisation, framework
):
    client.force_login(organisation.psw.user)
    rate(organisation.psw)
    survey = open_survey(organisation.psw)
    for person in practitioners(10):
        answer(survey, person)
    survey_close(actor=Actor.of(organisation.psw.user), survey=survey)
    cases(Snapshot.objects.create(as_of=TODAY), 3, organisation.subject)
    forget()  # kept figures are made again in both: what is counted is making them
    small = [page_queries(client, url) for url in (URL, YEARS_URL)]
    for back in (1, 2, 3):
        AreaAssessment.objects.create(
            year=YEAR - back, area="tools", rating="good", strengths="S", improvements="I"
        )
    _supervision_item(organisation, framework, due_on=TODAY - datetime.timedelta(days=1))
    for days in (1, 2):
        snapshot = Snapshot.objects.create(as_of=TODAY - datetime.timedelta(days=days))
        cases(snapshot, 3, organisation.subject)
    record_group(organisation.psw, notes={"q1": "Fair", "q13": "Good"})
    forget()
    large = [page_queries(client, url) for url in (URL, YEARS_URL)]
    for before, after in zip(small, large, strict=True):
        assert_flat(before, after, budget=25)
