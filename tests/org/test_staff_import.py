"""Importing the organisation: people, effective-dated relationships, accounts and history."""

import datetime
import threading
import time

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from practiceqa.org.demo import generate_council, rows_to_csv
from practiceqa.org.models import (
    ImportStatus,
    Relationship,
    RelationshipKind,
    Service,
    StaffImport,
    StaffMember,
    Team,
)
from practiceqa.org.services import staff_import as staff_import_service
from practiceqa.org.services.staff_file import ImportRefused
from practiceqa.org.services.staff_import import (
    StalePreview,
    staff_import_discard,
    staff_import_plan,
    staff_import_run,
)
from tests.factories import StaffMemberFactory, TeamFactory, UserFactory
from tests.org.test_staff_file import person

pytestmark = pytest.mark.django_db

User = get_user_model()
DAY = datetime.timedelta(days=1)
SUPERVISION, LINE_MANAGEMENT = RelationshipKind.SUPERVISION, RelationshipKind.LINE_MANAGEMENT
D = datetime.date


def council_rows() -> list[dict]:
    """Dana directs; Mo manages the team; Sue supervises Pat and Quinn; Mo line-manages all."""
    return [
        person("E1", "Dana Director", profession="manager", role="director", team="SMT",
               service="Directorate", start_date="2010-01-04"),
        person("E2", "Mo Manager", profession="manager", role="team manager",
               supervisor_staff_id="E1", line_manager_staff_id="E1", start_date="2015-06-01"),
        person("E3", "Sue Senior", job_title="Senior Social Worker", supervisor_staff_id="E2",
               line_manager_staff_id="E2", start_date="2016-03-01"),
        person("E4", "Pat Practitioner", supervisor_staff_id="E3", line_manager_staff_id="E2",
               start_date="2019-09-02"),
        person("E5", "Quinn Quick", profession="occupational therapist",
               supervisor_staff_id="E3", line_manager_staff_id="E2", start_date="21/01/2021"),
    ]  # fmt: skip


def run(rows, *, user=None, extra=()):
    content = rows_to_csv(rows, extra)
    return staff_import_run(content=content, filename="hr-export.csv", applied_by=user)


def edited(rows, staff_id, **fields) -> list[dict]:
    return [row | fields if row["staff_id"] == staff_id else dict(row) for row in rows]


def timeline(staff_id, kind) -> list[tuple]:
    """Who was this person's supervisor (or line manager), from when, until when."""
    return [
        (r.senior.staff_id, r.starts_on, r.ends_on)
        for r in Relationship.objects.filter(kind=kind, junior__staff_id=staff_id)
        .select_related("senior")
        .order_by("starts_on")
    ]


def senior_on(staff_id, kind, day) -> str | None:
    current = Relationship.objects.current(day).filter(kind=kind, junior__staff_id=staff_id)
    return current.get().senior.staff_id if current.exists() else None


def snapshot() -> dict:
    """Everything an import could write."""
    models = (StaffMember, Relationship, Service, Team, StaffImport)
    state = {model.__name__: model.objects.count() for model in (*models, User)}
    state |= {f"{model.__name__} history": model.history.count() for model in models}
    state["staff"] = sorted(StaffMember.objects.values_list(
        "staff_id", "full_name", "email", "job_title", "team__name", "end_date", "user_id"
    ))  # fmt: skip
    state["relationships"] = sorted(
        Relationship.objects.values_list("kind", "junior_id", "senior_id", "starts_on", "ends_on")
    )
    state["users"] = sorted(User.objects.values_list("username", "is_active"))
    return state


def refused(rows, extra=()) -> tuple[list[tuple], list]:
    """Expect a refusal and nothing written; the (row, column) of each problem, and each."""
    before = snapshot()
    with pytest.raises(ImportRefused) as caught:
        run(rows, extra=extra)
    assert snapshot() == before
    return [(p.row, p.column) for p in caught.value.problems], caught.value.problems


@pytest.fixture
def importer(db):
    return UserFactory(username="hr.admin@council.example")


@pytest.fixture
def council(importer):
    run(council_rows(), user=importer)
    return council_rows()


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
        "E4", [("Job title", "Social Worker", "Advanced Practitioner"), ("FTE", "1.00", "0.80")],
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


# Refused imports write nothing and list every problem


def test_three_bad_rows_of_different_kinds_give_three_problems(council):
    rows = edited(council, "E1", job_title="Chief Executive")  # a good change, not written
    rows = edited(rows, "E2", start_date="2015-02-30")
    rows = edited(rows, "E4", supervisor_staff_id="E99")
    rows.append(person("E5", "Quinn Again"))
    places, problems = refused(rows)
    assert places == [(3, "start_date"), (5, "supervisor_staff_id"), (7, "staff_id")]
    assert str(problems[1]) == (
        "Row 5, column supervisor_staff_id: "
        "There is no staff ID E99 in this file or in the organisation"
    )
    assert problems[2].message == "Staff ID E5 also appears in row 6"


@pytest.mark.parametrize(
    ("change", "places", "message"),
    [
        ({"E1": {"line_manager_staff_id": "E3"}}, [(2, "line_manager_staff_id")],
         "The line manager links go round in a circle: E1 → E3 → E2 → E1."),
        ({"E2": {"supervisor_staff_id": "E4"}}, [(3, "supervisor_staff_id")],
         "The supervisor links go round in a circle: E2 → E4 → E3 → E2."),
        ({"E5": {"email": "pat.practitioner@council.example"}}, [(6, "email")],
         "pat.practitioner@council.example is already used by row 5"),
        ({"E4": {"fte": "1.5.0"}, "E5": {"role": "chief"}}, [(5, "fte"), (6, "role")],
         "FTE must be a number"),
        ({"E4": {"supervisor_staff_id": "E3", "effective_date": "2019-01-01"}},
         [(5, "effective_date")], "effective_date must be on or after start_date"),
    ],
    ids=["line management cycle", "supervision cycle", "duplicate email", "bad values",
         "effective before start"],
)  # fmt: skip
def test_a_refused_reimport_lists_each_problem_and_changes_nothing(
    council, change, places, message
):
    rows = edited(council, "E1", job_title="Chief Executive")
    for staff_id, fields in change.items():
        rows = edited(rows, staff_id, **fields)
    found, problems = refused(rows, extra=("effective_date",))
    assert found == places
    assert message in problems[0].message


def test_the_email_of_someone_not_in_the_file_cannot_be_reused(council):
    rows = [row for row in council if row["staff_id"] != "E5"]
    rows = edited(rows, "E4", email="quinn.quick@council.example")
    places, [problem] = refused(rows)
    assert places == [(5, "email")]
    assert problem.message == "quinn.quick@council.example is already used by staff ID E5"


def test_a_cycle_through_someone_not_in_the_file_is_found(council):
    rows = [row for row in council if row["staff_id"] in ("E1", "E3")]
    places, problems = refused(edited(rows, "E1", line_manager_staff_id="E3"))
    assert places == [(2, "line_manager_staff_id")]
    assert "E1 → E3 → E2 → E1" in problems[0].message


def test_someone_who_has_left_cannot_become_a_supervisor(council):
    rows = edited(council, "E3", end_date="2022-12-31")
    run(rows)
    assert not run(rows).has_changes  # Pat and Quinn still name Sue: nothing more to do
    rows.append(person("E6", "Nia New", supervisor_staff_id="E3", start_date="2024-01-01"))
    places, problems = refused(rows)
    assert places == [(7, "supervisor_staff_id")]
    assert problems[0].message == (
        "Sue Senior (E3) leaves on 31 December 2022, before they would become supervisor on "
        "1 January 2024"
    )


def test_a_backdated_change_cannot_overlap_the_current_or_a_finished_relationship(council):
    extra = ("effective_date",)
    run(edited(council, "E4", supervisor_staff_id="", line_manager_staff_id="E1",
               effective_date="2024-01-01"), extra=extra)  # fmt: skip
    assert timeline("E4", SUPERVISION) == [("E3", D(2019, 9, 2), D(2023, 12, 31))]
    rows = edited(council, "E4", supervisor_staff_id="E2", line_manager_staff_id="E3",
                  effective_date="2023-06-01")  # fmt: skip
    places, problems = refused(rows, extra=extra)
    assert places == [(5, "effective_date"), (5, "effective_date")]
    assert {problem.message for problem in problems} == {
        "The change of line manager would take effect on 1 June 2023, but the current line "
        "manager has applied only since 1 January 2024. Give an effective_date after that.",
        "The new supervisor would take effect on 1 June 2023, but the previous supervisor "
        "applied until 31 December 2023. Give an effective_date after that.",
    }


# Accounts


def test_accounts_follow_their_people_when_emails_move_along_a_chain(council):
    pat, quinn = StaffMember.objects.get(staff_id="E4"), StaffMember.objects.get(staff_id="E5")
    # Quinn gets a new email, Pat takes Quinn's old one and a newcomer takes Pat's old one.
    rows = edited(council, "E5", email="quinn.q@council.example")
    rows = edited(rows, "E4", email="quinn.quick@council.example")
    rows.append(person("E6", "Pat Practitioner", start_date="2024-01-01"))
    run(rows)
    pat.refresh_from_db(), quinn.refresh_from_db()
    newcomer = StaffMember.objects.get(staff_id="E6")
    assert (pat.email, pat.user.username) == ("quinn.quick@council.example",) * 2
    assert (quinn.email, quinn.user.username) == ("quinn.q@council.example",) * 2
    assert newcomer.user.username == "pat.practitioner@council.example"
    assert len({pat.user_id, quinn.user_id, newcomer.user_id}) == 3
    assert [h.email for h in pat.history.order_by("history_id")] == [
        "pat.practitioner@council.example",
        "quinn.quick@council.example",
    ]


def test_people_already_here_without_an_account_are_given_one():
    team = TeamFactory(name="Central Locality", service__name="Localities")
    StaffMemberFactory(staff_id="E4", full_name="Pat Practitioner", team=team, user=None,
                       email="pat.practitioner@council.example",
                       start_date=D(2019, 9, 2))  # fmt: skip
    existing = UserFactory(username="dana.director@council.example")
    run([person("E4", "Pat Practitioner", start_date="2019-09-02"), council_rows()[0]])
    assert StaffMember.objects.get(staff_id="E4").user.username == (
        "pat.practitioner@council.example"
    )
    assert StaffMember.objects.get(staff_id="E1").user == existing


# Preview and apply


def preview(content: bytes, user, filename="hr.csv") -> StaffImport:
    return staff_import_service.staff_import_preview(
        content=content, filename=filename, uploaded_by=user
    )


def apply(record: StaffImport, user, fingerprint: str):
    return staff_import_service.staff_import_apply(
        staff_import=record, applied_by=user, expected_fingerprint=fingerprint
    )


def later_file(council) -> bytes:
    rows = edited(council, "E4", job_title="Advanced Practitioner", supervisor_staff_id="E2")
    rows = edited(rows, "E5", end_date=(timezone.localdate() - 3 * DAY).isoformat())
    rows.append(person("E6", "Nia New", supervisor_staff_id="E3", start_date="2024-05-01"))
    return rows_to_csv(rows)


def test_preview_shows_what_would_change_and_writes_no_staff(council, importer):
    before = snapshot()
    record = preview(later_file(council), importer, "may.csv")
    plan = staff_import_plan(content=bytes(record.content), filename=record.filename)
    assert record.status == ImportStatus.PREVIEWED and record.uploaded_by == importer
    assert record.plan_fingerprint == plan.fingerprint()
    assert {k: record.summary[k] for k in ("added", "updated", "unchanged", "leavers")} == {
        "added": 1, "updated": 2, "unchanged": 3, "leavers": 1,
    }  # fmt: skip
    changes = {c.staff_id: c for c in plan.changes}
    assert changes["E4"].fields == [("Job title", "Social Worker", "Advanced Practitioner")]
    assert changes["E5"].leaving_on == timezone.localdate() - 3 * DAY
    assert changes["E6"].status == "new"
    assert changes["E5"].relationships == [
        f"Supervisor Sue Senior ends {changes['E5'].leaving_on:%-d %B %Y}",
        f"Line manager Mo Manager ends {changes['E5'].leaving_on:%-d %B %Y}",
    ]
    after = snapshot()
    assert after.pop("StaffImport") == before.pop("StaffImport") + 1
    after.pop("StaffImport history"), before.pop("StaffImport history")
    assert after == before


def test_applying_the_preview_writes_it_with_history(council, importer):
    record = preview(later_file(council), importer, "may.csv")
    applier = UserFactory(username="qa.admin@council.example")
    plan = apply(record, applier, record.plan_fingerprint)
    assert plan.counts["added"] == 1
    record.refresh_from_db()
    assert (record.status, record.applied_by) == (ImportStatus.APPLIED, applier)
    assert StaffMember.objects.get(staff_id="E4").job_title == "Advanced Practitioner"
    assert senior_on("E4", SUPERVISION, timezone.localdate()) == "E2"
    reason = f"Staff import {record.pk}"
    for history in (StaffMember.history.filter(staff_id__in=["E4", "E5", "E6"]),
                    Relationship.history.filter(history_change_reason=reason)):  # fmt: skip
        latest = history.order_by("-history_id")[:3]
        assert latest and all(h.history_user == applier for h in latest)
        assert all(h.history_change_reason == reason for h in latest)
    with pytest.raises(StalePreview, match="already been applied"):
        apply(record, applier, record.plan_fingerprint)


def test_a_preview_made_stale_by_another_import_is_refused_and_changes_nothing(council, importer):
    record = preview(later_file(council), importer, "may.csv")
    run(edited(council, "E4", supervisor_staff_id="E1"))  # applied in between
    before = snapshot()
    with pytest.raises(StalePreview, match="organisation has changed since this preview"):
        apply(record, importer, record.plan_fingerprint)
    assert snapshot() == before
    record.refresh_from_db()
    assert record.status == ImportStatus.PREVIEWED


def test_a_discarded_preview_cannot_be_applied_nor_an_applied_one_discarded(council, importer):
    record = preview(later_file(council), importer, "may.csv")
    stale_copy = StaffImport.objects.get(pk=record.pk)
    staff_import_discard(staff_import=record, discarded_by=importer)
    with pytest.raises(StalePreview, match="already been discarded"):
        apply(stale_copy, importer, record.plan_fingerprint)
    assert StaffMember.objects.filter(staff_id="E6").count() == 0
    other = preview(later_file(council), importer, "june.csv")
    stale_copy = StaffImport.objects.get(pk=other.pk)
    apply(other, importer, other.plan_fingerprint)
    with pytest.raises(StalePreview, match="has not been applied"):
        staff_import_discard(staff_import=stale_copy, discarded_by=importer)
    assert StaffImport.objects.get(pk=other.pk).status == ImportStatus.APPLIED


@pytest.mark.django_db(transaction=True)
def test_of_two_previews_applied_at_the_same_moment_the_second_is_found_stale(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite write transactions queue by themselves (BEGIN IMMEDIATE)")
    importer = UserFactory()
    first, second = (
        preview(rows_to_csv(rows), importer)
        for rows in (council_rows(), edited(council_rows(), "E4", job_title="Lead"))
    )
    writing, write = threading.Event(), staff_import_service._write

    def slow_write(plan, **kwargs):
        writing.set()
        time.sleep(0.5)  # the second apply starts while the first is still writing
        write(plan, **kwargs)

    monkeypatch.setattr(staff_import_service, "_write", slow_write)
    outcome = {}

    def apply_now(record):
        try:
            apply(record, importer, record.plan_fingerprint)
            outcome[record.pk] = "applied"
        except StalePreview as error:
            outcome[record.pk] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=apply_now, args=(first,))
    thread.start()
    assert writing.wait(10)
    apply_now(second)
    thread.join()
    assert outcome[first.pk] == "applied"
    assert "organisation has changed" in str(outcome[second.pk])
    assert StaffMember.objects.get(staff_id="E4").job_title == "Social Worker"


def test_history_records_who_imported_and_which_import(importer):
    run(council_rows(), user=importer)
    record = StaffImport.objects.get()
    reason = f"Staff import {record.pk}"
    for model in (StaffMember, Relationship, Team, Service):
        history = model.history.all()
        assert history.count() == model.objects.count() > 0
        pairs = set(history.values_list("history_user", "history_change_reason"))
        assert pairs == {(importer.pk, reason)}


# The number of queries does not grow with the number of rows


def generated(prefix: str, size: int) -> list[dict]:
    """`size` people of a generated council, with IDs, emails and teams all their own."""
    rows = generate_council(teams_per_service=4, practitioners_per_team=15,
                            domain=f"{prefix.lower()}.example").rows[:size]  # fmt: skip
    ids = ("staff_id", "supervisor_staff_id", "line_manager_staff_id")
    return [row | {c: f"{prefix}{row[c]}" for c in ids if row[c]}
            | {"team": f"{prefix} {row['team']}", "service": f"{prefix} {row['service']}"}
            for row in rows]  # fmt: skip


def changed(rows: list[dict]) -> list[dict]:
    """A later export: new titles, supervisors, a team move, a leaver and a newcomer."""
    rows = [row | {"job_title": f"{row['job_title']} (Band 6)"} for row in rows]
    for row in rows[7::3]:
        row["supervisor_staff_id"] = row["line_manager_staff_id"]
    rows[10]["team"] = "Moved Team"
    rows[-1]["end_date"] = (timezone.localdate() - 5 * DAY).isoformat()
    prefix = rows[0]["staff_id"][0]
    return [*rows, rows[-2] | {"staff_id": f"{prefix}NEW", "email": f"new@{prefix}.example",
                               "service": "New Service"}]  # fmt: skip


def queries(rows) -> int:
    with CaptureQueriesContext(connection) as captured:
        run(rows)
    return len(captured)


def test_importing_200_people_takes_no_more_queries_than_20(django_assert_max_num_queries):
    small, large = generated("A", 20), generated("B", 200)
    first_small = queries(small)
    with django_assert_max_num_queries(first_small + 2):
        run(large)
    assert StaffMember.objects.filter(staff_id__startswith="B").count() == 200
    again_small = queries(changed(small))
    with django_assert_max_num_queries(again_small + 2):
        plan = run(changed(large))
    assert plan.counts["added"] == 1 and plan.counts["leavers"] == 1
    assert plan.counts["relationships_started"] > 40
    with CaptureQueriesContext(connection) as small_plan:
        staff_import_plan(content=rows_to_csv(small), filename="a.csv")
    with django_assert_max_num_queries(len(small_plan)):
        staff_import_plan(content=rows_to_csv(large), filename="b.csv")
