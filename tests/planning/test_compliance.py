"""Compliance with the plan: on time, late and overdue, what each person may see, drill-down,
exports, the chart and `plan_summary --json`."""

import base64
import csv
import io
import json
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from practiceqa.access.scope import StaffScope
from practiceqa.planning.compliance import compliance
from practiceqa.planning.models import PlanItemStatus
from practiceqa.planning.services.generation import plan_generate
from practiceqa.planning.services.items import plan_item_complete
from tests.planning.conftest import YEAR, day, finish, item
from tests.text import text_of

EVERYONE = StaffScope(everyone=True)


def content_of(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@pytest.fixture
def progress(council, today):
    """Mid-November 2026: the first half's practice standards audits were due on 30 September
    (Wendy's done on time, Otto's late, Cara's not done); the first thematic review was done
    on its due date, the second not; Wendy's observation is done early."""
    today("2026-11-15")
    plan_generate(year=YEAR)
    finish(item("practice_standards_audit", council.wendy, "2026-04-01"), "2026-09-20")
    finish(item("practice_standards_audit", council.otto, "2026-04-01"), "2026-10-05")
    finish(item("practice_observation", council.wendy), "2026-11-01")
    plan_item_complete(
        item=item("thematic_review", window_start="2026-04-01"), completed_on=day("2026-06-30")
    )
    return council


def figures_by(group_by, scope=EVERYONE, period="year") -> dict:
    result = compliance(scope=scope, year=YEAR, group_by=group_by, today=day("2026-11-15"))
    return {
        row.label: (
            row.periods[period].due,
            row.periods[period].on_time,
            row.periods[period].late,
            row.periods[period].overdue,
        )
        for row in [*result.rows, result.total]
    }


def test_done_on_time_done_late_and_overdue_by_audit_type(progress):
    assert figures_by("audit_type") == {
        "caseload_audit": (0, 0, 0, 0),
        "health_check": (0, 0, 0, 0),
        "practice_observation": (1, 1, 0, 0),
        "practice_standards_audit": (3, 1, 1, 1),
        "professional_standards_audit": (0, 0, 0, 0),
        "supervision_audit": (0, 0, 0, 0),
        "thematic_review": (2, 1, 0, 1),
        "All": (6, 3, 1, 2),
    }


def test_each_quarter_counts_the_work_due_in_it(progress):
    assert figures_by("audit_type", period=1)["All"] == (1, 1, 0, 0)
    assert figures_by("audit_type", period=2)["All"] == (4, 1, 1, 2)
    assert figures_by("audit_type", period=3)["All"] == (0, 0, 0, 0)
    assert figures_by("audit_type", period=4)["All"] == (1, 1, 0, 0)  # done early


def test_by_lead_team_and_service(progress):
    assert figures_by("lead") == {
        "Pat Principal": (2, 1, 0, 1),
        "Sam Supervisor": (1, 0, 0, 1),
        "Sue Supervisor": (3, 2, 1, 0),
        "Toni Teammanager": (0, 0, 0, 0),
        "All": (6, 3, 1, 2),
    }
    assert figures_by("team") == {
        "Central Locality": (4, 2, 1, 1),
        "Organisation-wide": (2, 1, 0, 1),
        "All": (6, 3, 1, 2),
    }
    assert figures_by("service")["Localities"] == (4, 2, 1, 1)


def test_a_leavers_missed_work_stays_in_the_figures_against_whoever_led_it(progress, council):
    council.cara.end_date = day("2026-09-29")  # the day before her audit fell due
    council.cara.save()
    plan_generate(year=YEAR)
    assert figures_by("audit_type")["practice_standards_audit"] == (3, 1, 1, 1)
    assert figures_by("lead")["Sam Supervisor"] == (1, 0, 0, 1)


def test_work_withdrawn_before_its_coverage_counts_nowhere(council, today):
    today("2026-04-10")
    plan_generate(year=YEAR)
    today("2026-05-20")
    council.cara.end_date = day("2026-05-15")
    council.cara.save()
    plan_generate(year=YEAR)
    today("2026-11-15")
    plan_generate(year=YEAR)
    withdrawn = item("practice_standards_audit", council.cara, "2026-04-01")
    assert withdrawn.status == PlanItemStatus.WITHDRAWN
    assert figures_by("audit_type")["practice_standards_audit"] == (2, 0, 0, 2)


def test_a_supervisor_sees_their_supervisees_and_what_they_lead_only(progress, council):
    from practiceqa.access.scope import scope_for

    scope = scope_for(council.sue.user)
    by_type = figures_by("audit_type", scope=scope)
    assert by_type["practice_standards_audit"] == (2, 1, 1, 0)  # not Cara, who is Sam's
    assert "Sam Supervisor" not in figures_by("lead", scope=scope)


def test_the_page_shows_the_figures_and_a_chart_with_a_text_equivalent(client, progress):
    client.force_login(progress.psw.user)
    response = client.get(reverse("plan-compliance"), {"year": YEAR})
    assert response.status_code == 200
    body = text_of(response, screen_reader=True)
    assert "Practice standards audit 3 due, Practice standards audit 1 done on time" in body
    assert "Whole year 6 due, Whole year 3 done on time" in body
    assert "50%" in body
    image = re.search(r'<img src="data:image/svg\+xml;base64,([^"]+)"', response.content.decode())
    svg = base64.b64decode(image.group(1)).decode()
    assert "Done on time" in svg and "Overdue" in svg
    assert "<script" not in svg


def test_compliance_by_supervisor_for_one_quarter(client, progress):
    client.force_login(progress.psw.user)
    response = client.get(
        reverse("plan-compliance"), {"year": YEAR, "group_by": "lead", "period": "2"}
    )
    body = text_of(response, screen_reader=True)
    assert "By who leads: Quarter 2 (July–September)" in body
    assert "Sam Supervisor 1 due, Sam Supervisor 0 0 1 overdue, Sam Supervisor 0%" in body


def test_a_number_opens_the_people_behind_it(client, progress):
    client.force_login(progress.psw.user)
    page = client.get(reverse("plan-compliance"), {"year": YEAR}).content.decode()
    link = re.search(
        r'href="([^"]*measure=overdue)">1<span class="govuk-visually-hidden"> '
        r"overdue, Practice standards audit",
        page,
    )
    response = client.get(link.group(1).replace("&amp;", "&"))
    body = text_of(response)
    assert "Overdue: Practice standards audit" in body
    assert "1 item" in body
    assert "Cara Carer" in body and "Sam Supervisor" in body
    assert "Wendy Worker" not in body


def test_drill_down_is_limited_to_what_the_viewer_may_see(client, progress):
    client.force_login(progress.sue.user)
    response = client.get(
        reverse("plan-compliance-items"),
        {
            "year": YEAR,
            "group_by": "audit_type",
            "key": "practice_standards_audit",
            "measure": "due",
        },
    )
    body = text_of(response)
    assert "Wendy Worker" in body and "Otto Therapist" in body
    assert "Cara Carer" not in body


def test_csv_export_has_every_period(client, progress):
    client.force_login(progress.psw.user)
    response = client.get(reverse("plan-compliance-export"), {"year": YEAR, "format": "csv"})
    assert response["Content-Disposition"] == (
        'attachment; filename="compliance-2026-by-audit-type.csv"'
    )
    rows = list(csv.reader(io.StringIO(content_of(response).decode("utf-8-sig"))))
    assert rows[0] == [
        "Audit type",
        "Period",
        "Scheduled",
        "Due",
        "Done on time",
        "Done late",
        "Overdue",
        "Not yet due",
        "On time %",
    ]
    assert ["Practice standards audit", "Whole year", "6", "3", "1", "1", "1", "3", "33"] in rows
    assert ["All", "Quarter 2 (July–September)", "4", "4", "1", "1", "2", "0", "25"] in rows


def test_xlsx_export_has_the_figures_and_every_item(client, progress):
    client.force_login(progress.psw.user)
    response = client.get(reverse("plan-compliance-export"), {"year": YEAR, "format": "xlsx"})
    workbook = load_workbook(io.BytesIO(content_of(response)))
    assert workbook.sheetnames == ["Compliance", "Items"]
    items = [[cell.value for cell in row] for row in workbook["Items"].iter_rows()]
    cara = [row for row in items if row[1] == "Cara Carer" and row[0] == "Practice standards audit"]
    assert [row[-1] for row in cara] == ["Overdue", "Not yet due"]
    assert len(items) == 2 + 18  # the title row, the header, the items


def test_xlsx_says_what_it_is_and_reads_as_a_spreadsheet(client, progress):
    client.force_login(progress.psw.user)
    response = client.get(
        reverse("plan-compliance-export"), {"year": YEAR, "period": "year", "format": "xlsx"}
    )
    workbook = load_workbook(io.BytesIO(content_of(response)))
    sheet = workbook["Compliance"]
    title = sheet["A1"].value
    assert title.startswith("Compliance by audit type, 2026 to 2027 (April 2026 to March 2027)")
    assert "Whole year" in title
    assert re.search(r"Made \d{1,2} [A-Z][a-z]+ 20\d\d at \d\d:\d\d\.$", title)
    assert sheet["A1"].font.b and sheet["A2"].font.b
    assert sheet.auto_filter.ref == f"A2:I{sheet.max_row}" and sheet.max_row > 3
    assert sheet.freeze_panes == "A3"
    assert sheet.column_dimensions["A"].width >= len("Practice standards audit")
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=3)}
    share = rows["Practice standards audit"][8]
    assert share.value == pytest.approx(1 / 3) and share.number_format == "0%"
    dates = workbook["Items"]
    assert dates["G3"].is_date and dates["G3"].number_format == "dd/mm/yyyy"


def test_exports_follow_the_period_and_grouping_on_screen(client, progress):
    client.force_login(progress.psw.user)
    page = client.get(
        reverse("plan-compliance"), {"year": YEAR, "group_by": "lead", "period": "2"}
    ).content.decode()
    links = re.findall(r'href="([^"]*/compliance/export/[^"]*)"', page)
    assert len(links) == 2
    csv_response = client.get(links[0].replace("&amp;", "&"))
    assert csv_response["Content-Disposition"] == (
        'attachment; filename="compliance-2026-by-lead-quarter-2.csv"'
    )
    rows = list(csv.reader(io.StringIO(content_of(csv_response).decode("utf-8-sig"))))
    assert rows[0][0] == "Who leads (supervisor, line manager or PSW)"
    assert {row[1] for row in rows[1:]} == {"Quarter 2 (July–September)"}
    assert [
        "Sam Supervisor",
        "Quarter 2 (July–September)",
        "1",
        "1",
        "0",
        "0",
        "1",
        "0",
        "0",
    ] in rows
    workbook = load_workbook(io.BytesIO(content_of(client.get(links[1].replace("&amp;", "&")))))
    assert "Quarter 2 (July–September)" in workbook["Compliance"]["A1"].value
    items = [[c.value for c in row] for row in workbook["Items"].iter_rows(min_row=3)]
    assert items and all(row[6].month in (7, 8, 9) for row in items)


def test_exported_names_are_never_run_as_formulas(client, progress):
    progress.sam.full_name = "=HYPERLINK(1)"
    progress.sam.save()
    client.force_login(progress.psw.user)
    query = {"year": YEAR, "group_by": "lead"}
    response = client.get(reverse("plan-compliance-export"), {**query, "format": "csv"})
    rows = list(csv.reader(io.StringIO(content_of(response).decode("utf-8-sig"))))
    assert "'=HYPERLINK(1)" in {row[0] for row in rows}
    assert "=HYPERLINK(1)" not in {row[0] for row in rows}
    response = client.get(reverse("plan-compliance-export"), {**query, "format": "xlsx"})
    workbook = load_workbook(io.BytesIO(content_of(response)))
    leads = {row[4].value for row in workbook["Items"].iter_rows(min_row=3)}
    assert "'=HYPERLINK(1)" in leads and "=HYPERLINK(1)" not in leads
    assert "'=HYPERLINK(1)" in {row[0].value for row in workbook["Compliance"].iter_rows()}


def test_plan_summary_json_for_scripts(progress):
    out = io.StringIO()
    call_command("plan_summary", "--year", str(YEAR), "--json", stdout=out)
    assert json.loads(out.getvalue()) == {
        "year": YEAR,
        "items": {
            "caseload_audit": 1,
            "health_check": 1,
            "practice_observation": 3,
            "practice_standards_audit": 6,
            "professional_standards_audit": 1,
            "supervision_audit": 2,
            "thematic_review": 4,
        },
        "withdrawn": 0,
        "without_lead": 0,
        "compliance": {
            "caseload_audit": {"due": 0, "done": 0, "overdue": 0},
            "health_check": {"due": 0, "done": 0, "overdue": 0},
            "practice_observation": {"due": 1, "done": 1, "overdue": 0},
            "practice_standards_audit": {"due": 3, "done": 2, "overdue": 1},
            "professional_standards_audit": {"due": 0, "done": 0, "overdue": 0},
            "supervision_audit": {"due": 0, "done": 0, "overdue": 0},
            "thematic_review": {"due": 2, "done": 1, "overdue": 1},
        },
    }


def test_plan_summary_counts_withdrawn_items_apart(progress, council):
    # Recorded in November: her first half had already fallen due (missed), and half the
    # year had passed for her observation; only the second half, not yet half over, goes.
    council.cara.end_date = day("2026-05-01")
    council.cara.save()
    plan_generate(year=YEAR)
    out = io.StringIO()
    call_command("plan_summary", "--year", str(YEAR), "--json", stdout=out)
    summary = json.loads(out.getvalue())
    assert summary["withdrawn"] == 1
    assert summary["items"]["practice_standards_audit"] == 5
    assert summary["compliance"]["practice_standards_audit"] == {"due": 3, "done": 2, "overdue": 1}
