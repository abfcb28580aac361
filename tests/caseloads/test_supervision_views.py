import datetime

import pytest
from django.urls import reverse

from practiceqa.caseloads.models import Snapshot
from tests.audits.conftest import framework, start  # noqa: F401 (the framework fixture)
from tests.caseloads.test_pages import cases
from tests.queries import assert_flat, page_queries
from tests.text import text_of


@pytest.fixture
def snapshot(organisation):
    snapshot = Snapshot.objects.create(as_of=datetime.date(2026, 9, 30))
    cases(snapshot, 26, organisation.subject)  # a social worker: red from 25 per FTE
    cases(snapshot, 10, organisation.colleague)
    return snapshot


def test_a_supervisor_sees_the_supervisees_caseload_beside_their_sessions(
    client, organisation, snapshot
):
    client.force_login(organisation.supervisor.user)
    page = text_of(client.get(reverse("supervision-session-list", args=[organisation.subject.pk])))
    assert "Open cases on 30 September 2026 26, 26.0 per FTE at 1.00 FTE" in page
    assert "Band Red" in page
    assert "Mean for social workers" in page
    file = text_of(client.get(reverse("supervision-file", args=[organisation.subject.pk])))
    assert "Band Red" in file


def test_nothing_is_shown_before_any_snapshot(client, organisation):
    client.force_login(organisation.supervisor.user)
    page = client.get(reverse("supervision-session-list", args=[organisation.subject.pk]))
    assert 'id="caseload"' not in page.content.decode()


@pytest.mark.usefixtures("framework")
def test_the_supervision_audit_shows_the_supervisees_caseloads(client, organisation, snapshot):
    audit = start("supervision_audit", organisation.team_manager, organisation.supervisor)
    client.force_login(organisation.team_manager.user)
    page = text_of(client.get(reverse("audit-detail", args=[audit.pk])))
    assert "Caseloads of Sue Supervisor's supervisees on 30 September 2026" in page
    assert "Sid Subject" in page and "Cal Colleague" in page
    assert "Red" in page and "Green" in page


@pytest.mark.usefixtures("framework")
def test_the_supervisor_views_ask_no_more_of_the_database_with_more_cases(
    client, organisation, snapshot
):
    audit = start("supervision_audit", organisation.team_manager, organisation.supervisor)
    client.force_login(organisation.team_manager.user)
    urls = [
        reverse("supervision-session-list", args=[organisation.subject.pk]),
        reverse("audit-detail", args=[audit.pk]),
    ]
    for url in urls:  # compare like with like: what each page keeps once is kept in both
        page_queries(client, url)
    small = [page_queries(client, url) for url in urls]
    cases(snapshot, 200, organisation.subject)
    cases(snapshot, 200, organisation.colleague)
    for before, url in zip(small, urls, strict=True):
        assert_flat(before, page_queries(client, url), budget=before.count)
