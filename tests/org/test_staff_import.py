"""Importing the organisation: the first import, and re-imports that update people and
their effective-dated relationships."""

import pytest
from django.utils import timezone

from practiceqa.org.models import (
    Relationship,
    Service,
    StaffImport,
    StaffMember,
    Team,
)
from tests.org.staff_import_helpers import (
    DAY,
    LINE_MANAGEMENT,
    SUPERVISION,
    D,
    User,
    council_rows,
    edited,
    run,
    senior_on,
    snapshot,
    timeline,
)
from tests.org.test_staff_file import person

pytestmark = pytest.mark.django_db


# First import


def test_first_import_adds_everyone_to_their_team_and_service():
    plan = run(council_rows())
    assert plan.counts == {
        "added": 5, "updated": 0, "unchanged": 0, "leavers": 0, "relationships_started": 8,
        "relationships_ended": 0, "new_services": 2, "new_teams": 2, "not_in_file": 0,
    }  # fmt: skip
    pat = StaffMember.objects.select_related("team__service").get(staff_id="E4")
    assert (pat.full_name, pat.email, pat.role, pat.profession) == (
        "Pat Practitioner", "pat.practitioner@council.example", "practitioner", "social_worker",
    )  # fmt: skip
    assert (pat.team.name, pat.team.service.name) == ("Central Locality", "Localities")
    assert sorted(Team.objects.values_list("service__name", "name")) == [
        ("Directorate", "SMT"),
        ("Localities", "Central Locality"),
    ]
    # Each relationship starts on the person's start date (Quinn's written as DD/MM/YYYY).
    assert timeline("E4", SUPERVISION) == [("E3", D(2019, 9, 2), None)]
    assert timeline("E4", LINE_MANAGEMENT) == [("E2", D(2019, 9, 2), None)]
    assert timeline("E5", SUPERVISION) == [("E3", D(2021, 1, 21), None)]
    assert timeline("E1", SUPERVISION) == []
    assert senior_on("E4", SUPERVISION, D(2019, 9, 1)) is None


def test_everyone_imported_gets_an_account_without_a_usable_password():
    rows = edited(council_rows(), "E4", email="Pat.Practitioner@Council.Example")
    run(rows)
    pat = StaffMember.objects.select_related("user").get(staff_id="E4")
    assert pat.user.username == pat.user.email == "pat.practitioner@council.example"
    assert (pat.user.first_name, pat.user.last_name) == ("Pat", "Practitioner")
    assert pat.user.is_active and not pat.user.has_usable_password()
    assert User.objects.count() == 5


def test_a_leaver_in_the_first_import_is_closed_and_their_links_end_on_their_last_day():
    today = timezone.localdate()
    rows = [*council_rows(), person("E6", "Lee Left", supervisor_staff_id="E3",
                                    start_date="2018-01-01", end_date="2023-06-30"),
            person("E7", "Fay Future", supervisor_staff_id="E3",
                   end_date=(today + 30 * DAY).isoformat())]  # fmt: skip
    plan = run(rows)
    assert plan.counts["leavers"] == 2
    assert timeline("E6", SUPERVISION) == [("E3", D(2018, 1, 1), D(2023, 6, 30))]
    assert timeline("E7", SUPERVISION) == [("E3", D(2020, 4, 1), today + 30 * DAY)]
    assert not User.objects.get(username="lee.left@council.example").is_active
    assert User.objects.get(username="fay.future@council.example").is_active


# Re-imports


def test_reimporting_the_same_file_changes_nothing(council):
    before = snapshot()
    plan = run(council)
    assert not plan.has_changes
    assert plan.counts["unchanged"] == 5 and plan.counts["updated"] == 0
    after = snapshot()
    assert after.pop("StaffImport") == before.pop("StaffImport") + 1
    assert after.pop("StaffImport history") == before.pop("StaffImport history") + 1
    assert after == before


def test_a_reimport_updates_people_by_staff_id_and_history_keeps_the_old_value(council, importer):
    pat = StaffMember.objects.get(staff_id="E4")
    plan = run(edited(council, "E4", job_title="Advanced Practitioner", fte="0.8"),
               user=importer)  # fmt: skip
    [change] = [c for c in plan.changes if c.status == "updated"]
    assert (change.staff_id, change.fields) == (
        "E4", [("Job title", "Social Worker", "Advanced Practitioner"),
               ("FTE", "1.00", f"0.80 from {timezone.localdate():%-d %B %Y}")],
    )  # fmt: skip
    assert StaffMember.objects.count() == 5
    pat.refresh_from_db()
    assert (pat.job_title, str(pat.fte)) == ("Advanced Practitioner", "0.80")
    latest, first = pat.history.order_by("-history_id")[:2]
    assert (first.job_title, latest.job_title) == ("Social Worker", "Advanced Practitioner")
    assert latest.history_type == "~" and latest.history_user == importer
    last_import = StaffImport.objects.order_by("-pk").first()
    assert latest.history_change_reason == f"Staff import {last_import.pk}"


def test_a_new_supervisor_without_effective_date_starts_on_the_import_date(council):
    today = timezone.localdate()
    plan = run(edited(council, "E4", supervisor_staff_id="E2"))
    assert timeline("E4", SUPERVISION) == [("E3", D(2019, 9, 2), today - DAY), ("E2", today, None)]
    assert senior_on("E4", SUPERVISION, today - DAY) == "E3"
    assert senior_on("E4", SUPERVISION, today) == "E2"
    assert timeline("E4", LINE_MANAGEMENT) == [("E2", D(2019, 9, 2), None)]
    [change] = [c for c in plan.changes if c.staff_id == "E4"]
    assert change.relationships == [
        f"Supervisor Sue Senior (E3) until {(today - DAY):%-d %B %Y}",
        f"Supervisor Mo Manager (E2) from {today:%-d %B %Y}",
    ]


def test_an_effective_date_says_from_when_the_change_applies(council):
    rows = edited(council, "E4", line_manager_staff_id="E1", effective_date="15/01/2024")
    run(rows, extra=("effective_date",))
    assert timeline("E4", LINE_MANAGEMENT) == [
        ("E2", D(2019, 9, 2), D(2024, 1, 14)),
        ("E1", D(2024, 1, 15), None),
    ]
    assert timeline("E4", SUPERVISION) == [("E3", D(2019, 9, 2), None)]
    # The same file again changes nothing.
    assert not run(rows, extra=("effective_date",)).has_changes


def test_a_change_on_the_day_it_was_made_corrects_it_rather_than_stacking(council):
    today = timezone.localdate()
    run(edited(council, "E4", supervisor_staff_id="E2"))
    run(edited(council, "E4", supervisor_staff_id="E1"))
    assert timeline("E4", SUPERVISION) == [("E3", D(2019, 9, 2), today - DAY), ("E1", today, None)]


def test_a_leaver_gets_an_end_date_and_every_link_they_are_in_ends_on_it(council):
    last_day = timezone.localdate() - 20 * DAY
    count = Relationship.objects.count()
    plan = run(edited(council, "E3", end_date=last_day.isoformat()))
    assert plan.counts["leavers"] == 1
    [change] = [c for c in plan.changes if c.staff_id == "E3"]
    assert f"Stops being supervisor of Pat Practitioner (E4) on {last_day:%-d %B %Y}" in (
        change.relationships
    )
    assert StaffMember.objects.get(staff_id="E3").end_date == last_day
    assert timeline("E3", SUPERVISION) == [("E2", D(2016, 3, 1), last_day)]
    assert timeline("E3", LINE_MANAGEMENT) == [("E2", D(2016, 3, 1), last_day)]
    assert timeline("E4", SUPERVISION) == [("E3", D(2019, 9, 2), last_day)]
    assert timeline("E5", SUPERVISION) == [("E3", D(2021, 1, 21), last_day)]
    assert Relationship.objects.count() == count  # ended, never deleted
    assert not User.objects.get(username="sue.senior@council.example").is_active
    assert User.objects.get(username="pat.practitioner@council.example").is_active


def test_a_leaving_supervisor_and_their_supervisee_moving_on_in_the_same_file(council):
    today, last_day = timezone.localdate(), timezone.localdate() - 20 * DAY
    rows = edited(council, "E3", end_date=last_day.isoformat())
    run(edited(rows, "E4", supervisor_staff_id="E2"))
    # Sue supervised Pat until she left, not until yesterday.
    assert timeline("E4", SUPERVISION) == [("E3", D(2019, 9, 2), last_day), ("E2", today, None)]


def test_a_future_leaver_stays_until_they_go_and_taking_the_end_date_back_undoes_it(council):
    last_day = timezone.localdate() + 10 * DAY
    run(edited(council, "E4", end_date=last_day.isoformat()))
    assert timeline("E4", SUPERVISION) == [("E3", D(2019, 9, 2), last_day)]
    assert User.objects.get(username="pat.practitioner@council.example").is_active
    plan = run(council)
    assert StaffMember.objects.get(staff_id="E4").end_date is None
    assert timeline("E4", SUPERVISION) == [("E3", D(2019, 9, 2), None)]
    assert "Supervisor Sue Senior (E3) continues with no end date" in [
        text for change in plan.changes for text in change.relationships
    ]


def test_a_change_for_someone_yet_to_start_applies_from_their_first_day(council):
    first_day = timezone.localdate() + 14 * DAY
    rows = [*council, person("E6", "Nia New", supervisor_staff_id="E3",
                             start_date=first_day.isoformat())]  # fmt: skip
    run(rows)
    run(edited(rows, "E6", supervisor_staff_id="E2"))
    assert timeline("E6", SUPERVISION) == [("E2", first_day, None)]


def test_moving_team_creates_the_team_and_keeps_the_old_one(council):
    plan = run(edited(council, "E5", team="Reablement", service="Therapy"))
    assert (plan.new_services, plan.new_teams) == (["Therapy"], [("Therapy", "Reablement")])
    assert StaffMember.objects.get(staff_id="E5").team.service.name == "Therapy"
    assert Team.objects.filter(name="Central Locality").exists()
    [old] = StaffMember.objects.get(staff_id="E5").history.filter(history_type="+")
    assert old.team.name == "Central Locality"


def test_a_team_spelt_with_other_capitals_or_spaces_is_the_same_team(council):
    rows = edited(council, "E4", team="central  LOCALITY", service="localities")
    rows.append(person("E6", "Nia New", team="Hospital Team", service="Specialist"))
    rows.append(person("E7", "Ola Other", team="hospital team", service="SPECIALIST"))
    plan = run(rows)
    assert (plan.new_services, plan.new_teams) == (
        ["Specialist"],
        [("Specialist", "Hospital Team")],
    )
    assert StaffMember.objects.get(staff_id="E4").team.name == "Central Locality"
    assert StaffMember.objects.get(staff_id="E4").history.count() == 1  # nothing changed
    assert StaffMember.objects.get(staff_id="E7").team.name == "Hospital Team"
    assert Team.objects.count() == 3 and Service.objects.count() == 3


def test_a_supervisor_no_longer_leaving_carries_on_supervising_someone_unchanged(council):
    # Pat's own row is the same throughout: only Sue's end date comes and goes.
    last_day = timezone.localdate() + 10 * DAY
    run(edited(council, "E3", end_date=last_day.isoformat()))
    assert timeline("E4", SUPERVISION) == [("E3", D(2019, 9, 2), last_day)]
    plan = run(council)
    assert timeline("E4", SUPERVISION) == [("E3", D(2019, 9, 2), None)]
    pat = next(change for change in plan.changes if change.staff_id == "E4")
    assert pat.status == "updated"
    assert "Supervisor Sue Senior (E3) continues with no end date" in pat.relationships
