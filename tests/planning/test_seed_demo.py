"""The demo of `make run`: a council, this year's audit plan with some work already done,
and nothing added twice when it runs again."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from practiceqa.frameworks.services.loading import framework_load
from practiceqa.org.models import Relationship, StaffImport, StaffMember
from practiceqa.planning.models import PlanGeneration, PlanItem

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2027, 1, 15)  # in the 2026 to 2027 financial year, after Quarter 3


@pytest.fixture(autouse=True)
def today(monkeypatch):
    real = timezone.localdate
    monkeypatch.setattr(
        timezone,
        "localdate",
        lambda value=None, timezone=None: TODAY if value is None else real(value, timezone),
    )


def seed_demo() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def snapshot() -> dict:
    models = (StaffMember, Relationship, StaffImport, PlanItem, PlanGeneration)
    state = {model.__name__: model.objects.count() for model in models}
    state |= {f"{model.__name__} history": model.history.count() for model in models}
    state["users"] = get_user_model().objects.count()
    state["items"] = sorted(
        PlanItem.objects.values_list(
            "audit_type", "subject_id", "window_start", "lead_id", "status", "completed_on"
        )
    )
    return state


def test_the_demo_has_this_years_plan_with_past_organisational_work_done():
    framework_load(name_or_path="coventry-2017")
    out = seed_demo()
    items = PlanItem.objects.filter(year=2026)
    count = items.filter(status="planned").count()
    assert count > 100
    assert f"Generated the 2026 to 2027 audit plan: {count} items, 5 done." in out
    organisational = items.filter(subject__isnull=True)
    done = organisational.filter(completed_on__isnull=False).order_by("due_on", "audit_type")
    assert [(item.audit_type, item.due_on, item.completed_on) for item in done] == [
        ("thematic_review", datetime.date(2026, 6, 30), datetime.date(2026, 6, 27)),
        ("thematic_review", datetime.date(2026, 9, 30), datetime.date(2026, 9, 27)),
        ("caseload_audit", datetime.date(2026, 12, 31), datetime.date(2026, 12, 28)),
        ("professional_standards_audit", datetime.date(2026, 12, 31), datetime.date(2026, 12, 28)),
        ("thematic_review", datetime.date(2026, 12, 31), datetime.date(2026, 12, 28)),
    ]
    psw = StaffMember.objects.get(role="principal_social_worker")
    assert {item.completed_by for item in done} == {psw.user}
    # Work still to come (the health check, the last review) and every audit stay open.
    assert organisational.filter(completed_on__isnull=True, due_on__gt=TODAY).count() == 2
    assert not items.filter(subject__isnull=False, completed_on__isnull=False).exists()


def test_running_the_demo_again_changes_nothing():
    framework_load(name_or_path="coventry-2017")
    first = seed_demo()
    before = snapshot()
    again = seed_demo()
    assert snapshot() == before
    assert "the demo council was not added" in again
    assert first.splitlines()[1] == again.splitlines()[1]  # the same plan, the same figures


def test_without_a_framework_the_demo_says_so_and_has_no_plan():
    out = seed_demo()
    assert StaffMember.objects.count() > 100
    assert "No framework is loaded, so the audit plan was not generated" in out
    assert not PlanItem.objects.exists()
