"""The results page's chart of each area's favourable figure, with the table beside it."""

import base64
import re

import pytest

from practiceqa.core.services import Actor
from practiceqa.surveys.services.opening import survey_close
from tests.surveys.conftest import answer, practitioners

pytestmark = pytest.mark.django_db


def _svgs(body: str) -> list[str]:
    found = re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', body)
    return [base64.b64decode(data).decode() for data in found]


def test_the_results_page_charts_each_areas_figure_once_published(client, survey, organisation):
    for person in practitioners(10):
        answer(survey, person, agree="disagree")
    client.force_login(organisation.psw.user)
    url = f"/surveys/{survey.pk}/results/"
    assert not _svgs(client.get(url).content.decode())  # open: nothing published
    survey_close(actor=Actor.of(organisation.psw.user), survey=survey)
    body = client.get(url).content.decode()
    (svg,) = _svgs(body)
    assert "favourable answers by area</title>" in svg and "<desc" in svg
    assert "Effective workload management" in svg
    assert "Approach to practice: 100 percent favourable" in svg  # yes to every yes/no
    assert "The table below gives the same figures." in body


def test_no_chart_when_too_few_answered(client, survey, organisation):
    for person in practitioners(4):
        answer(survey, person)
    survey_close(actor=Actor.of(organisation.psw.user), survey=survey)
    client.force_login(organisation.psw.user)
    assert not _svgs(client.get(f"/surveys/{survey.pk}/results/").content.decode())
