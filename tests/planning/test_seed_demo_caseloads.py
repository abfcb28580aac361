"""The demo's caseloads: a snapshot at the end of each quarter (and for the quarter to
date) imported by the QA administrator with a stored mapping, with caseloads in every band,
unallocated cases, overdue reviews, weights and cases left with the leavers; last year's
caseload audit (and this year's, its window passed) done from the snapshot taken as
Quarter 3 began, with every head of service's commentary, the PSW's analysis and actions."""

import datetime

import pytest
from django.urls import reverse

from practiceqa.actions.models import Action
from practiceqa.caseloads.demo import MAPPING, imported_on, snapshot_dates
from practiceqa.caseloads.figures import snapshot_figures
from practiceqa.caseloads.models import CaseloadMapping, Snapshot
from practiceqa.core.imports.models import Upload
from practiceqa.frameworks.services.loading import framework_load
from practiceqa.org.models import Role, StaffMember
from practiceqa.planning import demo
from practiceqa.planning.models import PlanItem
from practiceqa.planning.models_caseload import CaseloadAudit
from tests.planning.test_seed_demo import TODAY, seed_demo, small_council
from tests.text import text_of

pytestmark = pytest.mark.django_db


def test_the_snapshots_are_each_quarters_end_and_the_quarter_to_date():
    today = datetime.date(2026, 12, 3)
    assert snapshot_dates(last_year=2025, this_year=2026, today=today) == [
        datetime.date(2025, 6, 30),
        datetime.date(2025, 9, 30),
        datetime.date(2025, 12, 31),
        datetime.date(2026, 3, 31),
        datetime.date(2026, 6, 30),
        datetime.date(2026, 9, 30),
        datetime.date(2026, 11, 26),
    ]
    # Imported the next working day: not today, and not the quarter to date as well when
    # the quarter has only just ended.
    on = snapshot_dates(last_year=2025, this_year=2026, today=datetime.date(2026, 10, 2))
    assert on[-2:] == [datetime.date(2026, 6, 30), datetime.date(2026, 9, 30)]
    assert imported_on(datetime.date(2026, 6, 26)) == datetime.date(2026, 6, 29)  # a Friday


def test_the_demo_has_caseload_snapshots_and_caseload_audits_done_from_them(client):
    framework_load(name_or_path="coventry-2017")
    out = seed_demo()
    dates = snapshot_dates(last_year=2025, this_year=2026, today=TODAY)
    assert f"Imported {len(dates)} caseload snapshots" in out
    assert "completed 2 caseload audits from them" in out

    # Imported by the QA administrator on the day after each export, with the mapping
    # they made from the first file's columns.
    admin = StaffMember.objects.get(role=Role.QA_ADMINISTRATOR).user
    mapping = CaseloadMapping.objects.get()
    assert mapping.name == MAPPING and "Closed" in mapping.text
    assert mapping.history.get().history_user == admin
    snapshots = list(Snapshot.objects.order_by("as_of"))
    assert [s.as_of for s in snapshots] == dates
    for snapshot in snapshots:
        created = snapshot.history.get()
        assert created.history_user == admin
        assert created.history_date.date() == imported_on(snapshot.as_of)
        assert snapshot.mapping_name == MAPPING
    assert Upload.objects.filter(kind="caseloads", status="applied").count() == len(dates)

    for snapshot in snapshots:
        figures = snapshot_figures(snapshot)
        bands = {worker.band for worker in figures.workers}
        assert {"green", "amber", "red"} <= bands, (snapshot, bands)
        assert 0 < figures.unallocated < 10 and figures.overdue_reviews > 0
        assert figures.has_weights and figures.open_cases > 20 * len(figures.by_team)
        assert {g.key for g in figures.by_profession} >= {
            "social_worker",
            "occupational_therapist",
            "social_care_professional",
        }
        assert figures.snapshot.cases.filter(status="closed").exists()
        assert [n for _, n in figures.waiting][-1] >= 0
    # The leavers (the second HR export) still hold a case each in the latest exports.
    latest = snapshot_figures(snapshots[-1])
    assert 1 <= latest.left <= 2 and len(latest.leavers) == latest.left
    assert snapshot_figures(snapshots[0]).left == 0

    # Last year's caseload audit, and this year's (its window has passed), on time.
    psw = StaffMember.objects.get(role=Role.PRINCIPAL_SOCIAL_WORKER)
    heads = set(StaffMember.objects.filter(role=Role.HEAD_OF_SERVICE))
    for year in (2025, 2026):
        item = PlanItem.objects.get(year=year, audit_type="caseload_audit")
        audit = CaseloadAudit.objects.get(item=item)
        assert audit.snapshot.as_of == datetime.date(year, 9, 30)
        assert item.window_start < item.completed_on <= item.due_on
        assert item.completed_by == psw.user
        assert audit.started_by == psw.user and audit.analysis and audit.parity
        commentaries = list(audit.commentaries.all())
        assert {c.written_by for c in commentaries} == heads
        assert all(c.history.get().history_user == c.written_by.user for c in commentaries)
        actions = [link.action for link in audit.links.all()]
        assert len(actions) == 2 and {a.owner for a in actions} <= heads
        assert all(a.raised_by == psw.user for a in actions)
        assert all(a.created_at.date() < item.completed_on for a in actions)
    assert Action.objects.filter(caseload_audit_link__isnull=False, status="done").exists()

    # The pages show them: the published averages to anyone, the figures to the PSW.
    practitioner = StaffMember.objects.filter(role=Role.PRACTITIONER).first()
    client.force_login(practitioner.user)
    page = text_of(client.get(reverse("caseload-published")))
    assert f"As of {snapshots[-1].as_of:%-d %B %Y}" in page
    assert "Social workers" in page or "Social worker" in page
    client.force_login(psw.user)
    page = text_of(client.get(reverse("caseload-snapshot", args=[snapshots[-1].pk])))
    assert "Red" in page and "Amber" in page and "Green" in page
    item = PlanItem.objects.get(year=2025, audit_type="caseload_audit")
    page = text_of(client.get(reverse("plan-caseload-audit", args=[item.pk])))
    assert audit_text_shown(page, CaseloadAudit.objects.get(item=item))


def audit_text_shown(page: str, audit: CaseloadAudit) -> bool:
    return audit.analysis[:40] in page and audit.commentaries.first().text[:40] in page


def test_this_years_caseload_audit_is_left_to_do_while_its_window_is_open():
    framework_load(name_or_path="coventry-2017")
    small_council()
    today = datetime.date(2026, 12, 3)
    past = demo.record_past(today=today)
    assert past.counts["caseload snapshots"] == 7
    assert past.counts["caseload audits completed"] == 1  # last year's
    this = PlanItem.objects.get(year=2026, audit_type="caseload_audit")
    assert this.completed_on is None and not CaseloadAudit.objects.filter(item=this).exists()
    assert Snapshot.objects.filter(as_of=datetime.date(2026, 9, 30)).exists()
    last = PlanItem.objects.get(year=2025, audit_type="caseload_audit")
    assert last.completed_on <= last.due_on and last.caseload_audit.links.count() == 1
