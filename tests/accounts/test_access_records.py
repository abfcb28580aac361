"""Who viewed or exported which audit, staff record and compliance export: every view and
export leaves a record, which the PSW and QA administrators can search."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from practiceqa.core.models import AccessRecord
from tests.audits.conftest import sign_off
from tests.text import text_of


def records(**filters) -> list[tuple]:
    return list(
        AccessRecord.objects.filter(**filters)
        .order_by("pk")
        .values_list("user__username", "action", "kind", "object_id")
    )


@pytest.mark.parametrize("name", ["audit-detail", "audit-history", "audit-print", "audit-docx"])
def test_every_audit_view_and_export_leaves_a_record(client, organisation, submitted_audit, name):
    audit = sign_off(submitted_audit)
    viewer = organisation.head_of_service
    client.force_login(viewer.user)
    assert client.get(reverse(name, args=[audit.pk])).status_code == 200
    action = "viewed" if name in {"audit-detail", "audit-history"} else "exported"
    assert records() == [(viewer.email, action, "audit", audit.pk)]


@pytest.mark.parametrize("name", ["staff-detail", "staff-history"])
def test_every_staff_record_view_leaves_a_record(client, organisation, name):
    client.force_login(organisation.director.user)
    client.get(reverse(name, args=[organisation.subject.pk]))
    assert records() == [(organisation.director.email, "viewed", "staff", organisation.subject.pk)]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_every_compliance_export_leaves_a_record(client, organisation, kind):
    client.force_login(organisation.team_manager.user)
    response = client.get(reverse("plan-compliance-export"), {"format": kind})
    assert response.status_code == 200
    assert records() == [(organisation.team_manager.email, "exported", "compliance", None)]
    assert AccessRecord.objects.get().label.endswith(f".{kind}")


def test_a_refused_page_leaves_no_view_record(client, organisation):
    client.force_login(organisation.subject.user)
    client.get(reverse("staff-detail", args=[organisation.outsider.pk]))
    assert records() == []


def test_the_psw_finds_who_looked_at_a_record(client, organisation):
    for person in (organisation.director, organisation.head_of_service):
        client.force_login(person.user)
        client.get(reverse("staff-detail", args=[organisation.subject.pk]))
        client.get(reverse("staff-detail", args=[organisation.colleague.pk]))
    client.force_login(organisation.psw.user)
    page = text_of(
        client.get(
            reverse("access-records"),
            {"person": "Dana", "what": organisation.subject.full_name},
        )
    )
    assert "1 record" in page
    assert "Dana Director" in page and organisation.subject.full_name in page
    everything = text_of(client.get(reverse("access-records"), {"kind": "staff"}))
    assert "4 records" in everything


def test_the_records_page_runs_the_same_queries_however_many_records(client, organisation):
    client.force_login(organisation.psw.user)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("access-records")).status_code == 200
        return len(queries)

    client.get(reverse("staff-detail", args=[organisation.subject.pk]))
    few = count()
    for person in organisation.people().values():
        client.force_login(person.user)
        client.get(reverse("staff-detail", args=[person.pk]))
    client.force_login(organisation.psw.user)
    assert count() == few
