"""The shared factories make records as the app's own writes leave them."""

import datetime

import pytest

from practiceqa.planning.outcomes import Outcome, item_outcome
from tests.factories import ActionFactory, AuditFactory, FrameworkVersionFactory, PlanItemFactory

pytestmark = pytest.mark.django_db


def test_a_framework_version_comes_from_the_small_file_once():
    version = FrameworkVersionFactory()
    assert version.framework.slug == "small"
    assert FrameworkVersionFactory() == version, "the same file is the same version"


def test_an_audit_has_an_empty_answer_for_each_question_of_its_tool():
    audit = AuditFactory()
    assert audit.template.code == "check" and audit.is_draft
    assert [a.question.code for a in audit.answers.order_by("question__position")] == [
        "recorded",
        "reviewed",
    ]
    assert audit.subject != audit.auditor


def test_an_action_is_open_and_not_yet_due():
    action = ActionFactory()
    assert action.is_open and not action.is_overdue_on(datetime.date.today())


def test_a_plan_item_is_planned_for_its_year():
    item = PlanItemFactory(year=2026)
    assert item.due_on == datetime.date(2027, 3, 31) and item.quarter == 4
    assert item_outcome(item, datetime.date(2026, 11, 15)) == Outcome.NOT_YET_DUE
