"""The demo of `make run`: a council with a year and a half of work recorded through the
services (last year's plan worked through, this year's to date), the same past from the
same seed, and nothing added twice when it runs again."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count

from practiceqa.actions.models import Action
from practiceqa.audits.models import Answer, Audit, SubjectComment
from practiceqa.caseloads.models import Case, CaseloadMapping, Snapshot
from practiceqa.core.clock import as_of, at
from practiceqa.core.imports.models import Upload
from practiceqa.frameworks.services.loading import framework_load
from practiceqa.healthcheck.models import (
    AreaAssessment,
    FocusGroup,
    IntelligenceFigure,
    SelfAssessmentEndorsement,
)
from practiceqa.org.demo import generate_council, rows_to_csv
from practiceqa.org.models import Relationship, StaffImport, StaffMember, SupervisionSession
from practiceqa.org.services.staff_import import staff_import_run
from practiceqa.planning import demo
from practiceqa.planning.models import PlanGeneration, PlanItem
from practiceqa.planning.models_caseload import (
    CaseloadAudit,
    CaseloadAuditAction,
    CaseloadCommentary,
)
from practiceqa.planning.outcomes import outcome_annotation, with_progress
from practiceqa.surveys.models import Participation, Response, Survey

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2027, 1, 15)  # in the 2026 to 2027 financial year, after Quarter 3


def seed_demo() -> str:
    out = io.StringIO()
    with as_of(at(TODAY, 7)):
        call_command("seed_demo", stdout=out)
    return out.getvalue()


def snapshot() -> dict:
    models = (
        StaffMember,
        Relationship,
        StaffImport,
        PlanItem,
        PlanGeneration,
        SupervisionSession,
        Audit,
        Answer,
        SubjectComment,
        Action,
        Survey,
        Participation,
        FocusGroup,
        IntelligenceFigure,
        AreaAssessment,
        SelfAssessmentEndorsement,
        CaseloadMapping,
        Snapshot,
        CaseloadAudit,
        CaseloadCommentary,
        Upload,
    )
    state = {model.__name__: model.objects.count() for model in models}
    state |= {f"{model.__name__} history": model.history.count() for model in models}
    state["responses"] = Response.objects.count()
    state["cases"] = Case.objects.count()
    state["caseload actions"] = CaseloadAuditAction.objects.count()
    state["users"] = get_user_model().objects.count()
    state["items"] = sorted(
        PlanItem.objects.values_list(
            "audit_type", "subject_id", "window_start", "lead_id", "status", "completed_on"
        )
    )
    return state


def outcomes(year: int, **filters) -> dict[str, int]:
    items = with_progress(PlanItem.objects.filter(year=year, status="planned", **filters))
    rows = (
        items.annotate(outcome=outcome_annotation(TODAY)).values("outcome").annotate(n=Count("pk"))
    )
    return {row["outcome"]: row["n"] for row in rows.order_by()}


def test_the_demo_has_last_years_plan_worked_through_and_this_years_to_date():
    framework_load(name_or_path="coventry-2017")
    out = seed_demo()
    assert "Worked through the 2025 to 2026 audit plan" in out
    # Last year: most work done on time, some late, a few missed.
    last = outcomes(2025, subject__isnull=False)
    total = sum(last.values())
    assert last["on_time"] > 0.7 * total
    assert 0 < last["late"] < 0.2 * total
    assert 0 < last["overdue"] < 0.15 * total
    assert set(outcomes(2025, subject__isnull=True)) & {"on_time", "late"}
    # This year: done, started and still to come.
    this = outcomes(2026)
    assert this["on_time"] > 0 and this["not_yet_due"] > 0
    assert Audit.objects.filter(status="draft").exists()

    # Audits of every kind, on every tool, with a spread of grades.
    audits = Audit.objects.filter(status__in=["submitted", "signed_off"])
    tools = set(audits.values_list("template__code", flat=True))
    assert tools == {
        "practice_standards_social_work",
        "practice_standards_therapy",
        "supervision_audit",
        "practice_observation",
    }
    for audit_type in ("practice_standards_audit", "supervision_audit", "practice_observation"):
        grades = set(audits.filter(audit_type=audit_type).values_list("overall_grade", flat=True))
        assert len(grades - {""}) >= 2, (audit_type, grades)
    assert audits.filter(status="signed_off").count() > audits.count() / 2
    assert SubjectComment.objects.exists()
    assert Answer.objects.filter(question__code="person_feedback").exclude(value=None).exists()
    assert Audit.objects.filter(sampled_records__isnull=False).exists()

    # Actions open, in progress, done (some after their due date), cancelled and overdue.
    statuses = set(Action.objects.values_list("status", flat=True))
    assert statuses == {"open", "in_progress", "done", "cancelled"}
    assert Action.objects.filter(status="open", due_on__lt=TODAY).exists()

    # Supervision sessions in each month of last year.
    months = {
        d.replace(day=1) for d in SupervisionSession.objects.values_list("held_on", flat=True)
    }
    assert {datetime.date(2025 + (m < 4), m, 1) for m in range(1, 13)} <= months

    # Done by the people whose work it is, on the days it happened.
    audit = audits.filter(status="signed_off").order_by("audit_date").first()
    first = audit.history.order_by("history_date").first()
    assert first.history_user == audit.auditor.user
    assert first.history_date.date() < datetime.date(2025, 12, 1)
    assert audit.history.filter(history_user=audit.auditor.user).count() >= 2


def test_running_the_demo_again_adds_nothing():
    framework_load(name_or_path="coventry-2017")
    first = seed_demo()
    before = snapshot()
    again = seed_demo()
    assert snapshot() == before
    assert "the demo council was not added" in again
    assert "the demo's past was not added" in again
    assert first.splitlines()[-9] == again.splitlines()[-9]  # this year's plan, the same


def small_council() -> None:
    council = generate_council(services=1, teams_per_service=1, practitioners_per_team=4)
    with as_of(at(TODAY, 6)):
        staff_import_run(content=rows_to_csv(council.rows), filename="small.csv")


def figures() -> list:
    return [
        sorted(Audit.objects.values_list("audit_type", "subject__staff_id", "overall_grade")),
        sorted(Action.objects.values_list("description", "status", "due_on")),
        SupervisionSession.objects.count(),
        sorted(PlanItem.objects.exclude(audit=None).values_list("audit__audit_date", flat=True)),
        sorted(str(sorted(r.answers.items())) for r in Response.objects.all()),
        sorted(FocusGroup.objects.values_list("held_on", "social_workers", "facilitator")),
        sorted(Case.objects.values_list("snapshot__as_of", "reference", "worker_id", "status")),
    ]


def test_the_same_seed_gives_the_same_past():
    framework_load(name_or_path="coventry-2017")
    small_council()
    runs = []
    for seed in (7, 7, 8):
        with transaction.atomic():
            past = demo.record_past(today=TODAY, seed=seed)
            runs.append((past.counts, figures()))
            transaction.set_rollback(True)
    assert runs[0] == runs[1]
    assert runs[0][0]["audits submitted"] > 0
    assert runs[0] != runs[2]


def test_without_a_framework_the_demo_says_so_and_has_no_plan():
    out = seed_demo()
    assert StaffMember.objects.count() > 40
    assert "No framework is loaded, so the audit plan was not generated" in out
    assert not PlanItem.objects.exists()
    assert not Audit.objects.exists()
