"""A refused staff import writes nothing and lists every problem with its row."""

import pytest

from tests.org.staff_import_helpers import (
    SUPERVISION,
    D,
    edited,
    refused,
    run,
    timeline,
)
from tests.org.test_staff_file import person

pytestmark = pytest.mark.django_db


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
