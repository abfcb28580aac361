"""Supervision sessions: recorded by the supervisor, imported all or nothing, read by the
supervision audit, and listed for those who may see the supervisee."""

import datetime
import html
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from practiceqa.core.services import Refusal
from practiceqa.org.models import SupervisionSession
from practiceqa.org.services.staff_file import ImportRefused
from practiceqa.org.services.supervision_sessions import (
    supervision_session_record,
    supervision_sessions_import,
)
from tests.factories import StaffMemberFactory, supervises
from tests.text import text_of

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
D = datetime.date
HEADER = "supervisor_staff_id,supervisee_staff_id,held_on,record_location"


def error_summary(response) -> list[str]:
    summary = re.search(r'govuk-error-summary__list">(.*?)</ul>', response.content.decode(), re.S)
    if summary is None:
        return []
    items = re.findall(r"<li>(.*?)</li>", summary.group(1), re.S)
    return [html.unescape(" ".join(re.sub(r"<[^>]+>", "", item).split())) for item in items]


def csv_of(*rows: str, header: str = HEADER) -> bytes:
    return "\n".join([header, *rows]).encode()


def record(org, **overrides):
    arguments = {
        "recorded_by": org.supervisor.user,
        "supervisor": org.supervisor,
        "supervisee": org.subject,
        "held_on": D(2024, 5, 1),
        "record_location": "Supervision file, team drive",
    } | overrides
    return supervision_session_record(**arguments)


def refusal(error: Refusal) -> dict:
    return {field or "": [message] for field, message in error.problems}


# Recording one session -----------------------------------------------------------------


def test_a_supervisor_records_a_session_with_history(organisation):
    session = record(organisation)
    stored = SupervisionSession.objects.get()
    assert (stored.supervisor, stored.supervisee, stored.held_on) == (
        organisation.supervisor,
        organisation.subject,
        D(2024, 5, 1),
    )
    assert stored.record_location == "Supervision file, team drive"
    assert stored.recorded_by == organisation.supervisor.user
    assert session.history.get().history_user == organisation.supervisor.user


def test_a_session_today_is_fine_but_not_tomorrow(organisation):
    today = timezone.localdate()
    assert record(organisation, held_on=today).held_on == today
    with pytest.raises(Refusal) as refused:
        record(organisation, held_on=today + DAY)
    assert refusal(refused.value) == {
        "held_on": ["The date of the session must be today or in the past"]
    }


def test_the_supervisor_must_have_supervised_the_person_on_the_day(organisation):
    org = organisation
    with pytest.raises(Refusal) as refused:
        record(org, held_on=D(2020, 12, 31))  # the supervision began on 1 January 2021
    assert refusal(refused.value) == {
        "held_on": ["Sue Supervisor was not Sid Subject's supervisor on 31 December 2020"]
    }
    with pytest.raises(Refusal):
        record(org, supervisee=org.outsider)
    with pytest.raises(Refusal):
        record(org, supervisor=org.team_manager)  # line-manages, does not supervise
    assert not SupervisionSession.objects.exists()


def test_a_session_after_the_supervisee_left_is_refused(organisation):
    with pytest.raises(Refusal) as refused:
        record(organisation, supervisee=organisation.leaver, held_on=D(2022, 4, 1))
    assert "was not Lee Leaver's supervisor on 1 April 2022" in refused.value.message
    assert record(organisation, supervisee=organisation.leaver, held_on=D(2022, 3, 31))


def test_the_same_session_cannot_be_recorded_twice(organisation):
    record(organisation)
    with pytest.raises(Refusal) as refused:
        record(organisation, record_location="Elsewhere")
    assert refusal(refused.value) == {
        "held_on": ["A session with Sid Subject on 1 May 2024 has already been recorded"]
    }
    assert SupervisionSession.objects.count() == 1


def test_where_the_record_is_kept_is_needed(organisation):
    with pytest.raises(Refusal) as refused:
        record(organisation, record_location="   ")
    assert refusal(refused.value) == {
        "record_location": ["Enter where the record of the session is kept"]
    }


# Importing --------------------------------------------------------------------------------


def ids(org):
    return org.supervisor.staff_id, org.subject.staff_id, org.colleague.staff_id


def test_a_good_file_is_imported_with_history(organisation):
    org = organisation
    sup, subject, colleague = ids(org)
    content = csv_of(
        f"{sup},{subject},2024-04-03,Team drive/Supervision/Subject",
        f"{sup},{colleague},03/05/2024,HR system",
        f"{sup},{subject},2024-05-08,Team drive/Supervision/Subject",
    )
    result = supervision_sessions_import(
        content=content, filename="sessions.csv", imported_by=org.qa_admin.user
    )
    assert (result.rows, result.created, result.dry_run) == (3, 3, False)
    sessions = SupervisionSession.objects.order_by("held_on")
    assert [(s.supervisee, s.held_on) for s in sessions] == [
        (org.subject, D(2024, 4, 3)),
        (org.colleague, D(2024, 5, 3)),
        (org.subject, D(2024, 5, 8)),
    ]
    assert {s.recorded_by for s in sessions} == {org.qa_admin.user}
    history = SupervisionSession.history.all()
    assert history.count() == 3
    assert {(h.history_user, h.history_change_reason) for h in history} == {
        (org.qa_admin.user, "Supervision sessions import: sessions.csv")
    }


def test_an_xlsx_file_with_real_dates_is_imported(organisation):
    org = organisation
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(","))
    sheet.append([org.supervisor.staff_id, org.subject.staff_id, datetime.datetime(2024, 6, 2),
                  "Team drive"])  # fmt: skip
    buffer = io.BytesIO()
    workbook.save(buffer)
    supervision_sessions_import(
        content=buffer.getvalue(), filename="sessions.xlsx", imported_by=org.qa_admin.user
    )
    assert SupervisionSession.objects.get().held_on == D(2024, 6, 2)


def test_every_problem_is_listed_with_row_and_column_and_nothing_is_written(organisation):
    org = organisation
    sup, subject, colleague = ids(org)
    record(org, held_on=D(2024, 5, 1))
    tomorrow = timezone.localdate() + DAY
    content = csv_of(
        f"{sup},{subject},2024-04-03,Team drive",  # row 2: fine on its own
        f"NOPE,{subject},2024-04-04,Team drive",  # row 3
        f"{sup},{colleague},31/02/2024,Team drive",  # row 4
        f"{sup},{colleague},{tomorrow.isoformat()},Team drive",  # row 5
        f"{org.outsider_supervisor.staff_id},{subject},2024-04-05,Team drive",  # row 6
        f"{sup},{subject},2024-04-03,Team drive",  # row 7: same as row 2
        f"{sup},{subject},2024-05-01,Team drive",  # row 8: already recorded
        f"{sup},{colleague},2024-04-09,",  # row 9
        f"{sup},{sup},2024-04-10,Team drive",  # row 10
        f"{sup},{subject},2020-12-01,Team drive",  # row 11: before the supervision began
    )
    with pytest.raises(ImportRefused) as refused:
        supervision_sessions_import(content=content, filename="s.csv", imported_by=None)
    problems = [(p.row, p.column, p.message) for p in refused.value.problems]
    assert problems == [
        (3, "supervisor_staff_id", "There is no staff ID NOPE in the organisation"),
        (4, "held_on", "'31/02/2024' is not a date: use YYYY-MM-DD or DD/MM/YYYY"),
        (5, "held_on", f"{tomorrow.strftime('%-d %B %Y')} is in the future"),
        (
            6,
            "supervisor_staff_id",
            f"Oona Outsidersupervisor ({org.outsider_supervisor.staff_id}) was not the "
            f"supervisor of Sid Subject ({subject}) on 5 April 2024",
        ),
        (7, "held_on", "The same session is also in row 2"),
        (
            8,
            "held_on",
            "The session of Sid Subject with Sue Supervisor on 1 May 2024 has already been "
            "recorded",
        ),
        (9, "record_location", "Enter where the record of the session is kept"),
        (10, "supervisee_staff_id", "A person cannot supervise themselves"),
        (
            11,
            "supervisor_staff_id",
            f"Sue Supervisor ({sup}) was not the supervisor of Sid Subject ({subject}) on "
            "1 December 2020",
        ),
    ]
    assert SupervisionSession.objects.count() == 1
    assert SupervisionSession.history.count() == 1


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", [(None, None, "The file is empty")]),
        (
            b"supervisor_staff_id,supervisee_staff_id,held_on\nE1,E2,2024-01-01",
            [(1, "record_location", "Column record_location is missing from the header row")],
        ),
        (HEADER.encode(), [(None, None, "The file has a header row but no sessions in it")]),
    ],
)
def test_a_file_that_is_not_a_sessions_file_is_refused(organisation, content, expected):
    with pytest.raises(ImportRefused) as refused:
        supervision_sessions_import(content=content, filename="s.csv", imported_by=None)
    assert [(p.row, p.column, p.message) for p in refused.value.problems] == expected


def test_a_dry_run_checks_but_writes_nothing(organisation):
    sup, subject, _ = ids(organisation)
    result = supervision_sessions_import(
        content=csv_of(f"{sup},{subject},2024-04-03,Team drive"),
        filename="s.csv",
        imported_by=None,
        dry_run=True,
    )
    assert (result.created, result.dry_run) == (1, True)
    assert not SupervisionSession.objects.exists()


def big_file(org, count: int) -> bytes:
    rows = []
    for n in range(count):
        supervisee = StaffMemberFactory(team=org.team_a1)
        supervises(org.supervisor, supervisee)
        rows.append(f"{org.supervisor.staff_id},{supervisee.staff_id},2024-04-{n % 28 + 1:02d},T")
    return csv_of(*rows)


def test_the_import_query_count_does_not_grow_with_the_file(organisation):
    small_file, large_file = big_file(organisation, 3), big_file(organisation, 40)
    counts = []
    for content in (small_file, large_file):
        with CaptureQueriesContext(connection) as captured:
            supervision_sessions_import(content=content, filename="s.csv", imported_by=None)
        counts.append(len(captured))
    assert SupervisionSession.objects.count() == 43
    assert counts[0] == counts[1]


def test_the_command_imports_and_reports_problems(organisation, tmp_path):
    sup, subject, _ = ids(organisation)
    good = tmp_path / "sessions.csv"
    good.write_bytes(csv_of(f"{sup},{subject},2024-04-03,Team drive"))
    out = io.StringIO()
    call_command("import_supervision_sessions", str(good), "--dry-run", stdout=out)
    assert "Would import 1 supervision sessions. Dry run: nothing has been changed." in (
        out.getvalue()
    )
    assert not SupervisionSession.objects.exists()
    out = io.StringIO()
    call_command("import_supervision_sessions", str(good), stdout=out)
    assert out.getvalue().strip() == "Imported 1 supervision sessions."
    err = io.StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("import_supervision_sessions", str(good), stdout=io.StringIO(), stderr=err)
    assert "sessions.csv was not imported: 1 problem(s). Nothing has been changed." in str(
        failed.value
    )
    assert err.getvalue().startswith("Row 2, column held_on: The session of Sid Subject")
    assert SupervisionSession.objects.count() == 1


# Pages ----------------------------------------------------------------------------------


def date_fields(day: datetime.date) -> dict:
    return {"held_on_day": day.day, "held_on_month": day.month, "held_on_year": day.year}


def test_a_supervisor_records_a_session_from_the_page(organisation, sign_in):
    org = organisation
    client = sign_in(org.supervisor)
    form = client.get(reverse("supervision-session-record"), {"supervisee": org.subject.pk})
    page = text_of(form)
    assert "Sid Subject" in page and "Cal Colleague" in page
    assert "Lee Leaver" not in page and "Otto Outsider" not in page
    assert re.search(rf'value="{org.subject.pk}" checked', form.content.decode())
    response = client.post(
        reverse("supervision-session-record"),
        {
            "supervisee": org.subject.pk,
            "record_location": "Team drive",
            **date_fields(D(2024, 5, 2)),
        },
    )
    assert response["Location"] == reverse("supervision-session-list", args=[org.subject.pk])
    listing = text_of(client.get(response["Location"]))
    assert "Supervision session with Sid Subject on 2 May 2024 recorded" in listing
    assert "2 May 2024 Sue Supervisor Team drive Sue Supervisor" in listing


def test_the_record_form_explains_bad_input_and_changes_nothing(organisation, sign_in):
    org = organisation
    client = sign_in(org.supervisor)
    response = client.post(reverse("supervision-session-record"), {})
    assert response.status_code == 400
    assert error_summary(response) == [
        "Select who was supervised",
        "Enter a date of the session",
        "Enter where the record of the session is kept",
    ]
    response = client.post(
        reverse("supervision-session-record"),
        {"supervisee": org.outsider.pk, "record_location": "X", "held_on_day": "30",
         "held_on_month": "2", "held_on_year": "2024"},
    )  # fmt: skip
    assert error_summary(response) == [
        "Select someone you supervise",
        "Date of the session must be a real date",
    ]
    response = client.post(
        reverse("supervision-session-record"),
        {"supervisee": org.subject.pk, "record_location": "X", **date_fields(D(2020, 6, 1))},
    )
    assert error_summary(response) == [
        "Sue Supervisor was not Sid Subject's supervisor on 1 June 2020"
    ]
    assert not SupervisionSession.objects.exists()


def test_someone_who_supervises_nobody_is_told_so(organisation, sign_in):
    client = sign_in(organisation.team_manager)
    page = text_of(client.get(reverse("supervision-session-record")))
    assert "You do not supervise anyone at the moment" in page
    response = client.post(reverse("supervision-session-record"), {})
    assert response.status_code == 400
    assert error_summary(response) == ["You do not supervise anyone at the moment"]


def test_the_list_offers_recording_only_to_the_current_supervisor(organisation, sign_in):
    org = organisation
    record(org, held_on=D(2024, 5, 1))
    url = reverse("supervision-session-list", args=[org.subject.pk])
    for viewer, offered in [("supervisor", True), ("team_manager", False), ("subject", False)]:
        page = text_of(sign_in(getattr(org, viewer)).get(url))
        assert "1 May 2024" in page
        assert ("Record a supervision session" in page) is offered, viewer


def test_the_staff_record_links_to_the_sessions(organisation, sign_in):
    page = sign_in(organisation.supervisor).get(
        reverse("staff-detail", args=[organisation.subject.pk])
    )
    assert reverse("supervision-session-list", args=[organisation.subject.pk]) in (
        page.content.decode()
    )


def test_the_session_list_does_not_grow_in_queries(organisation, sign_in):
    org = organisation
    client = sign_in(org.team_manager)
    url = reverse("supervision-session-list", args=[org.subject.pk])
    record(org, held_on=D(2024, 1, 2))
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for n in range(20):
        record(org, held_on=D(2023, 1, 1) + n * DAY, recorded_by=org.team_manager.user)
    with CaptureQueriesContext(connection) as large:
        body = text_of(client.get(url))
    assert "21 sessions recorded" in body
    assert len(large) == len(small)


def upload(content: bytes, name: str = "sessions.csv"):
    return SimpleUploadedFile(name, content, content_type="text/csv")


def test_the_import_page_shows_every_problem_and_imports_nothing(organisation, sign_in):
    org = organisation
    sup, subject, _ = ids(org)
    client = sign_in(org.qa_admin)
    content = csv_of(f"{sup},{subject},2024-04-03,Drive", f"{sup},NOPE,2024-04-04,Drive")
    response = client.post(reverse("supervision-session-import"), {"file": upload(content)})
    assert response.status_code == 400
    page = text_of(response)
    assert "The file cannot be imported" in page
    assert "Row Column Problem 3 supervisee_staff_id There is no staff ID NOPE" in page
    assert not SupervisionSession.objects.exists()


def test_the_import_page_imports_a_good_file(organisation, sign_in):
    sup, subject, colleague = ids(organisation)
    client = sign_in(organisation.qa_admin)
    content = csv_of(f"{sup},{subject},2024-04-03,Drive", f"{sup},{colleague},2024-04-03,Drive")
    response = client.post(
        reverse("supervision-session-import"), {"file": upload(content)}, follow=True
    )
    assert "2 supervision sessions imported from sessions.csv" in text_of(response)
    assert SupervisionSession.objects.count() == 2


def test_the_import_page_asks_for_a_file(organisation, sign_in):
    response = sign_in(organisation.qa_admin).post(reverse("supervision-session-import"), {})
    assert response.status_code == 400
    assert error_summary(response) == ["Select a CSV or XLSX file"]


def test_a_qa_administrator_finds_the_import_from_a_session_list(organisation, sign_in):
    url = reverse("supervision-session-list", args=[organisation.subject.pk])
    import_url = reverse("supervision-session-import")
    assert import_url in sign_in(organisation.qa_admin).get(url).content.decode()
    assert import_url not in sign_in(organisation.supervisor).get(url).content.decode()
