"""Completing the year's caseload audit from a chosen snapshot: each service's commentary,
the PSW's analysis and actions (into the action plans), then the plan item is done."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from practiceqa.actions.models import Action
from practiceqa.caseloads.models import Case, CaseStatus, Snapshot
from practiceqa.planning.models import CaseloadAudit, CaseloadCommentary, PlanItem
from tests.access.conftest import caseload_audit_item
from tests.queries import assert_flat, page_queries
from tests.text import text_of

pytestmark = pytest.mark.django_db


def snapshot_with_cases(organisation, n: int = 3, as_of=None) -> Snapshot:
    snapshot = Snapshot.objects.create(as_of=as_of or datetime.date(2026, 9, 30))
    Case.objects.bulk_create(
        Case(
            snapshot=snapshot,
            reference=f"{snapshot.pk}-{i}",
            worker=organisation.subject if i % 3 else None,
            status=CaseStatus.OPEN,
            opened_on=datetime.date(2026, 1, 1),
        )
        for i in range(n)
    )
    return snapshot


def today_parts() -> dict:
    today = timezone.localdate()
    return {
        "completed_on_day": today.day,
        "completed_on_month": today.month,
        "completed_on_year": today.year,
    }


def test_the_psw_completes_the_caseload_audit_after_the_services_commentary(client, organisation):
    org = organisation
    item = caseload_audit_item(org, started=False)
    url = reverse("plan-caseload-audit", args=[item.pk])
    client.force_login(org.psw.user)
    assert "Go to the caseload audit" in text_of(client.get(reverse("plan-item", args=[item.pk])))
    assert "No caseload snapshot has been imported yet" in text_of(client.get(url))

    snapshot_with_cases(org, as_of=datetime.date(2026, 6, 30))
    chosen = snapshot_with_cases(org)
    page = text_of(client.get(url))
    assert "As of 30 September 2026" in page and "As of 30 June 2026" in page
    response = client.post(url, {})
    assert response.status_code == 400
    assert "Select the caseload snapshot the audit is of" in text_of(response)
    client.post(url, {"snapshot": chosen.pk})
    audit = CaseloadAudit.objects.get()
    assert audit.snapshot == chosen and audit.history.get().history_user == org.psw.user
    page = text_of(client.get(url))
    assert "Caseloads by profession as of 30 September 2026" in page
    assert "3 open cases, 1 unallocated" in page
    assert "Add your service's commentary" not in page

    client.force_login(org.head_of_service.user)
    commentary_url = reverse("plan-caseload-commentary", args=[item.pk])
    page = text_of(client.get(url))
    assert "Add your service's commentary" in page and "Write the analysis" not in page
    response = client.post(commentary_url, {"text": " "})
    assert response.status_code == 400
    assert "Enter your service's commentary on the figures" in text_of(response)
    client.post(commentary_url, {"text": "Two vacancies in Central Locality."})
    client.force_login(org.service_manager.user)  # the general manager of the same service
    assert "Two vacancies" in text_of(client.get(commentary_url))
    client.post(commentary_url, {"text": "Two vacancies, one filled in October."})
    commentary = CaseloadCommentary.objects.get()
    assert commentary.service == org.service_a and commentary.written_by == org.service_manager
    assert commentary.history.count() == 2

    client.force_login(org.psw.user)
    done_url = reverse("plan-caseload-done", args=[item.pk])
    response = client.post(done_url, today_parts())
    assert response.status_code == 400
    assert "Add the analysis of the figures, and of parity across teams" in text_of(response)

    analysis_url = reverse("plan-caseload-analysis", args=[item.pk])
    assert "Two vacancies, one filled in October." in text_of(client.get(analysis_url))
    response = client.post(analysis_url, {"analysis": "Means are within the thresholds."})
    assert response.status_code == 400
    assert "Enter what the figures say about parity across teams" in text_of(response)
    client.post(
        analysis_url,
        {"analysis": "Means are within the thresholds.", "parity": "South carries more."},
    )

    action_url = reverse("plan-caseload-action", args=[item.pk])
    due = timezone.localdate() + datetime.timedelta(days=60)
    response = client.post(action_url, {"description": "", "owner": org.team_manager.pk})
    assert response.status_code == 400
    assert "Enter a description of the action" in text_of(response)
    client.post(
        action_url,
        {
            "description": "Rebalance allocations between the locality teams",
            "owner": org.team_manager.pk,
            "due_on_day": due.day,
            "due_on_month": due.month,
            "due_on_year": due.year,
        },
    )
    action = Action.objects.get()
    assert action.owner == org.team_manager and action.caseload_audit_link.audit == audit
    page = text_of(client.get(url))
    assert "Rebalance allocations between the locality teams – Toni Teammanager" in page
    assert "South carries more." in page and "Two vacancies, one filled in October." in page

    done = client.post(done_url, today_parts(), follow=True)
    assert "Caseload audit completed" in text_of(done)
    item = PlanItem.objects.get(pk=item.pk)
    assert item.completed_on == timezone.localdate() and item.completed_by == org.psw.user
    assert "Add an action" not in text_of(done)

    client.force_login(org.team_manager.user)
    assert "Rebalance allocations" in text_of(client.get(reverse("action-list")))
    client.force_login(org.head_of_service.user)
    assert client.post(commentary_url, {"text": "Late."}).status_code == 403


def test_the_caseload_audit_is_not_recorded_done_without_its_pages(client, organisation):
    item = caseload_audit_item(organisation)
    client.force_login(organisation.psw.user)
    response = client.post(reverse("plan-item-done", args=[item.pk]), today_parts())
    assert response.status_code == 403
    assert PlanItem.objects.get(pk=item.pk).completed_on is None


def test_the_caseload_audit_page_asks_the_same_queries_however_much_it_holds(client, organisation):
    org = organisation
    item = caseload_audit_item(org, started=False)
    audit = CaseloadAudit.objects.create(item=item, snapshot=snapshot_with_cases(org, 3))
    client.force_login(org.psw.user)
    url = reverse("plan-caseload-audit", args=[item.pk])
    small = page_queries(client, url)
    for n in range(40):
        Case.objects.create(
            snapshot=audit.snapshot,
            reference=f"more-{n}",
            worker=org.colleague,
            status=CaseStatus.OPEN,
            opened_on=datetime.date(2026, 2, 1),
        )
    CaseloadCommentary.objects.create(
        audit=audit, service=org.service_a, text="A", written_by=org.head_of_service
    )
    CaseloadCommentary.objects.create(
        audit=audit, service=org.service_b, text="B", written_by=org.director
    )
    for n in range(3):
        action = Action.objects.create(
            description=f"Action {n}",
            owner=org.team_manager,
            due_on=datetime.date(2027, 1, 31),
            raised_by=org.psw.user,
        )
        audit.links.create(action=action)
    large = page_queries(client, url)
    assert "Action 2" in large.body and "43 open cases" in large.body
    assert_flat(small, large, budget=40)
