"""The demo's annual health checks: last year's worked through to its endorsement (survey,
results with some groups too small to show, focus groups, intelligence, every area rated),
which completed last year's health check plan item; this year's survey open with some
answers in."""

import pytest

from practiceqa.frameworks.services.loading import framework_load
from practiceqa.healthcheck.models import (
    AreaAssessment,
    FocusGroup,
    IntelligenceFigure,
    SelfAssessmentAction,
    SelfAssessmentEndorsement,
)
from practiceqa.planning.models import PlanItem
from practiceqa.surveys.models import Survey
from practiceqa.surveys.selectors import survey_results
from tests.planning.test_seed_demo import TODAY, seed_demo

pytestmark = pytest.mark.django_db


def test_the_demo_has_last_years_health_check_endorsed_and_this_years_survey_open():
    framework_load(name_or_path="coventry-2017")
    seed_demo()

    last = Survey.objects.get(year=2025)
    results = survey_results(survey=last, today=TODAY)
    assert results.published and results.total.responses >= 30
    assert results.total.responses <= last.participations.filter(answered=True).count()
    for breakdown in results.breakdowns:
        shown = [g for g in breakdown.groups if not g.suppressed and g.value]
        hidden = [g for g in breakdown.groups if g.suppressed and g.value]
        assert shown and hidden, (breakdown.code, breakdown.groups)

    groups = FocusGroup.objects.filter(year=2025)
    assert groups.count() == 3
    assert all(g.attendees > 0 and len(g.notes) > 6 for g in groups)
    assert {"area_practice", "area_psw_role"} <= set(groups.first().notes)
    assert IntelligenceFigure.objects.filter(year=2025).values("area").distinct().count() >= 2
    assert AreaAssessment.objects.filter(year=2025).count() == 5
    assert SelfAssessmentAction.objects.filter(year=2025).count() == 2
    endorsement = SelfAssessmentEndorsement.objects.get(year=2025)
    item = PlanItem.objects.get(year=2025, audit_type="health_check")
    assert item.completed_on == endorsement.endorsed_on <= item.due_on
    assert endorsement.endorsed_by.staff_member.role == "principal_social_worker"

    this = Survey.objects.get(year=2026)
    assert this.is_open_on(TODAY)
    answered = this.participations.filter(answered=True).count()
    assert 0 < answered < this.participations.count()
    assert this.responses.count() == answered
    assert not PlanItem.objects.get(year=2026, audit_type="health_check").completed_on
