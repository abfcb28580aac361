import datetime
import io
import itertools
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from practiceqa.caseloads.models import Case, CaseStatus, Snapshot
from tests.factories import StaffMemberFactory
from tests.queries import assert_flat, page_queries

AS_OF = datetime.date(2026, 9, 30)
_references = itertools.count()


def cases(snapshot, n, worker=None, *, opened_on=datetime.date(2026, 9, 1), **kwargs):
    Case.objects.bulk_create(
        Case(
            snapshot=snapshot,
            reference=f"p{next(_references):063d}",
            worker=worker,
            status=CaseStatus.OPEN,
            opened_on=opened_on,
            **kwargs,
        )
        for _ in range(n)
    )


@pytest.fixture
def snapshot(organisation):
    org = organisation
    snapshot = Snapshot.objects.create(as_of=AS_OF, mapping_name="care-director")
    cases(snapshot, 26, org.subject)  # red
    cases(snapshot, 21, org.colleague)  # an occupational therapist: green under 25
    cases(snapshot, 12, org.other_team_member)
    cases(snapshot, 30, org.outsider)
    cases(snapshot, 2, team="Central Locality")
    return snapshot


def test_the_psw_sees_every_team_and_each_worker_with_their_band(client, organisation, snapshot):
    client.force_login(organisation.psw.user)
    listing = client.get(reverse("caseload-snapshots")).content.decode()
    assert "30 September 2026" in listing
    assert reverse("caseload-snapshot", args=[snapshot.pk]) in listing
    body = client.get(reverse("caseload-snapshot", args=[snapshot.pk])).content.decode()
    for team in ("Central Locality", "South Locality", "Hospital Team"):
        assert team in body
    assert "Sid Subject" in body and "Otto Outsider" in body
    assert "govuk-tag--red" in body and "govuk-tag--green" in body
    assert "Unallocated open cases" in body


def test_a_team_manager_sees_only_their_team(client, organisation, snapshot):
    client.force_login(organisation.team_manager.user)  # Central Locality
    body = client.get(reverse("caseload-snapshot", args=[snapshot.pk])).content.decode()
    assert "Sid Subject" in body and "Cal Colleague" in body
    assert "Otto Outsider" not in body and "Olly Otherteam" not in body
    assert "Hospital Team" not in body


def test_a_practitioner_reads_the_published_averages(client, organisation, snapshot):
    client.force_login(organisation.subject.user)
    assert client.get(reverse("caseload-snapshots")).status_code == 403
    body = client.get(reverse("caseload-published")).content.decode()
    assert "As of 30 September 2026" in body
    assert "Social worker" in body and "Occupational therapist" in body
    assert "Otto Outsider" not in body  # averages only, never a person's caseload


def test_the_published_averages_download_as_csv_and_xlsx(client, organisation, snapshot):
    client.force_login(organisation.subject.user)
    url = reverse("caseload-published-export")
    csv_text = page_queries(client, url, {"format": "csv"}).body.lstrip("\ufeff")
    lines = csv_text.splitlines()
    assert lines[0].startswith("As of,Profession,Practitioners in post,FTE,Open cases")
    assert any(line.startswith("2026-09-30,Social worker,") for line in lines)
    xlsx = page_queries(client, url, {"format": "xlsx"}).content
    sheet = load_workbook(io.BytesIO(xlsx)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[1][:2] == ["As of", "Profession"]
    assert rows[2][1] == "Social worker"


def test_a_team_manager_downloads_the_workers_they_see(client, organisation, snapshot):
    organisation.subject.full_name = "=HYPERLINK(1)"
    organisation.subject.save()
    client.force_login(organisation.team_manager.user)  # Central Locality
    url = reverse("caseload-snapshot-workers", args=[snapshot.pk])
    assert url in client.get(reverse("caseload-snapshot", args=[snapshot.pk])).content.decode()
    lines = page_queries(client, url).body.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("Worker,Staff ID,Profession,Role,Team,Service,FTE,Open cases")
    assert any(line.startswith("'=HYPERLINK(1),") and ",26," in line for line in lines)
    assert any(line.startswith("Cal Colleague,") for line in lines)
    assert not any("Otto Outsider" in line or "Olly Otherteam" in line for line in lines)


def test_the_workers_download_as_xlsx_too_with_formulas_made_plain(client, organisation, snapshot):
    organisation.subject.full_name = "=HYPERLINK(1)"
    organisation.subject.save()
    client.force_login(organisation.team_manager.user)
    url = reverse("caseload-snapshot-workers-xlsx", args=[snapshot.pk])
    assert url in client.get(reverse("caseload-snapshot", args=[snapshot.pk])).content.decode()
    disposition = client.get(url)["Content-Disposition"]
    assert disposition.endswith('caseloads-2026-09-30-workers.xlsx"')
    sheet = load_workbook(io.BytesIO(page_queries(client, url).content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][0].startswith("Caseloads by worker, 30 September 2026")
    assert rows[1][:3] == ["Worker", "Staff ID", "Profession"]
    names = {row[0]: row for row in rows[2:]}
    assert names["'=HYPERLINK(1)"][7] == 26  # open cases, a number
    assert "Cal Colleague" in names
    assert not {"Otto Outsider", "Olly Otherteam"} & set(names)


def _more(snapshot, organisation, n):
    worker = StaffMemberFactory(team=organisation.team_b1, fte=Decimal("0.5"))
    cases(snapshot, n, worker)
    cases(snapshot, n)
    Snapshot.objects.create(as_of=AS_OF - datetime.timedelta(days=90))


@pytest.mark.parametrize(
    ("role", "name", "budget"),
    [
        ("psw", "caseload-snapshots", 12),
        ("psw", "caseload-snapshot", 10),
        ("team_manager", "caseload-snapshot", 13),
        ("subject", "caseload-published", 12),
        ("team_manager", "caseload-snapshot-workers", 13),
        ("team_manager", "caseload-snapshot-workers-xlsx", 13),
    ],
)
def test_pages_ask_no_more_of_the_database_with_more_cases(
    client, organisation, snapshot, role, name, budget
):
    client.force_login(getattr(organisation, role).user)
    one = name.startswith("caseload-snapshot-") or name == "caseload-snapshot"
    url = reverse(name, args=[snapshot.pk] if one else [])
    small = page_queries(client, url)
    _more(snapshot, organisation, 300)
    # compare like with like: the second snapshot's first visit
    small = page_queries(client, url)
    cases(snapshot, 300)
    assert_flat(small, page_queries(client, url), budget=budget)


@pytest.mark.parametrize(
    ("role", "name", "budget"),
    [("psw", "caseload-snapshots", 12), ("subject", "caseload-published", 12)],
)
def test_the_trend_asks_no_more_of_the_database_with_more_snapshots(
    client, organisation, snapshot, role, name, budget
):
    months = itertools.count(1)

    def snapshots(n):
        for month in itertools.islice(months, n):
            earlier = Snapshot.objects.create(as_of=AS_OF - datetime.timedelta(days=30 * month))
            cases(earlier, 3, organisation.subject)

    client.force_login(getattr(organisation, role).user)
    snapshots(1)
    small = page_queries(client, reverse(name))
    snapshots(13)  # more than the page's trend shows
    large = page_queries(client, reverse(name))
    assert_flat(small, large, budget=budget)


def test_the_published_averages_export_has_every_snapshot(client, organisation, snapshot):
    for days in range(1, 15):
        Snapshot.objects.create(as_of=AS_OF - datetime.timedelta(days=30 * days))
    client.force_login(organisation.subject.user)
    url = reverse("caseload-published-export")
    small = page_queries(client, url, {"format": "csv"})
    lines = small.body.lstrip("\ufeff").splitlines()[1:]
    assert len({line.split(",")[0] for line in lines}) == 15
