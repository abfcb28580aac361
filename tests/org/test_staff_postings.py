"""The organisation dated: team, role, profession and FTE from the day a change applies, kept
as history, and a file imported again changing nothing, whatever it holds."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from practiceqa.org.models import Posting, StaffMember
from practiceqa.org.postings import timelines_of
from tests.org.staff_import_helpers import (
    LINE_MANAGEMENT,
    SUPERVISION,
    D,
    council_rows,
    edited,
    refused,
    run,
    snapshot,
    timeline,
)

EFFECTIVE = ("effective_date",)


@pytest.fixture
def on(monkeypatch):
    """Run the imports that follow as if on a day (an ISO date)."""
    real = timezone.localdate

    def _set(text: str) -> datetime.date:
        pinned = datetime.date.fromisoformat(text)
        monkeypatch.setattr(
            timezone,
            "localdate",
            lambda value=None, timezone=None: pinned if value is None else real(value, timezone),
        )
        return pinned

    return _set


def postings(staff_id) -> list[tuple]:
    return list(
        Posting.objects.filter(person__staff_id=staff_id)
        .order_by("starts_on")
        .values_list("starts_on", "team__name", "role", "profession", "fte")
    )


def everything() -> dict:
    state = snapshot()
    state["postings"] = sorted(
        Posting.objects.values_list("person_id", "starts_on", "team_id", "role", "fte")
    )
    state["Posting history"] = Posting.history.count()
    state.pop("StaffImport")
    state.pop("StaffImport history")
    # Accounts close by the calendar (the day after someone leaves), not by the file.
    state.pop("users")
    return state


def test_everyone_imported_holds_their_first_posting_from_their_first_day(db):
    run(council_rows())
    assert postings("E4") == [(D(2019, 9, 2), "Central Locality", "practitioner",
                               "social_worker", 1)]  # fmt: skip


def test_an_effective_date_applies_to_every_change_in_the_row(db, on):
    on("2026-05-10")
    rows = council_rows()
    run(rows)
    moved = edited(rows, "E4", team="North Locality", fte="0.6", supervisor_staff_id="E2",
                   effective_date="2026-04-20")  # fmt: skip
    plan = run(moved, extra=EFFECTIVE)
    assert postings("E4") == [
        (D(2019, 9, 2), "Central Locality", "practitioner", "social_worker", 1),
        (D(2026, 4, 20), "North Locality", "practitioner", "social_worker", Decimal("0.60")),
    ]
    assert timeline("E4", SUPERVISION) == [("E3", D(2019, 9, 2), D(2026, 4, 19)),
                                           ("E2", D(2026, 4, 20), None)]  # fmt: skip
    pat = StaffMember.objects.select_related("team").get(staff_id="E4")
    assert (pat.team.name, str(pat.fte)) == ("North Locality", "0.60")  # the latest posting
    [change] = [c for c in plan.changes if c.staff_id == "E4"]
    assert ("FTE", "1.00", "0.60 from 20 April 2026") in change.fields
    # What the figures read: the team held on each day.
    [held_before, held_after] = timelines_of(StaffMember.objects.filter(staff_id="E4"))[pat.pk]
    assert held_before.ends_on == D(2026, 4, 19) and held_after.team_id == pat.team_id


def test_without_an_effective_date_a_change_applies_from_the_import_date(db, on):
    on("2026-05-10")
    rows = council_rows()
    run(rows)
    run(edited(rows, "E5", role="team manager"))
    assert [(start, role) for start, _, role, _, _ in postings("E5")] == [
        (D(2021, 1, 21), "practitioner"),
        (D(2026, 5, 10), "team_manager"),
    ]


def test_a_change_dated_before_the_current_posting_is_refused(db, on):
    on("2026-05-10")
    rows = council_rows()
    run(rows)
    run(edited(rows, "E4", team="North Locality", effective_date="2026-04-20"), extra=EFFECTIVE)
    cells, problems = refused(
        edited(rows, "E4", team="South Locality", effective_date="2026-03-01"), extra=EFFECTIVE
    )
    assert cells == [(5, "effective_date")]
    assert "have applied only since 20 April 2026" in problems[0].message


def test_reimporting_last_months_file_with_a_leaver_is_accepted_and_writes_nothing(db, on):
    """The file holds a leaver whose last change had an effective date: once she has left,
    her links are no longer in force today, and that must not make the file look new."""
    on("2026-06-01")
    rows = council_rows()
    run(rows)
    rows = edited(rows, "E4", end_date="2026-06-30", supervisor_staff_id="E2",
                  team="North Locality", effective_date="2026-05-01")  # fmt: skip
    run(rows, extra=EFFECTIVE)
    before = everything()
    for day in ("2026-06-01", "2026-07-15", "2027-01-04"):
        on(day)
        plan = run(rows, extra=EFFECTIVE)
        assert not plan.has_changes, day
        assert everything() == before, day
    assert timeline("E4", SUPERVISION) == [("E3", D(2019, 9, 2), D(2026, 4, 30)),
                                           ("E2", D(2026, 5, 1), D(2026, 6, 30))]  # fmt: skip
    assert timeline("E4", LINE_MANAGEMENT) == [("E2", D(2019, 9, 2), D(2026, 6, 30))]


def test_the_staff_page_shows_the_postings_over_time(client, db, on, qa_admin_user):
    on("2026-05-10")
    rows = council_rows()
    run(rows)
    run(edited(rows, "E4", team="North Locality", effective_date="2026-04-20"), extra=EFFECTIVE)
    pat = StaffMember.objects.get(staff_id="E4")
    client.force_login(qa_admin_user)
    body = " ".join(client.get(reverse("staff-detail", args=[pat.pk])).content.decode().split())
    table = body[body.index("Team, role, profession and FTE over time") :]
    text = " ".join(re.sub(r"<[^>]+>", " ", table).split())
    assert "From 20 April 2026 North Locality, Localities Practitioner Social worker 1.00" in text
    assert table.index("From 20 April 2026") < table.index("From 2 September 2019")


# Any file just imported, imported again, writes nothing.

TEAMS = ["Central Locality", "North Locality"]
ROLES = ["practitioner", "team manager"]
DAYS = st.integers(min_value=0, max_value=500).map(
    lambda n: (D(2025, 10, 1) + datetime.timedelta(days=n)).isoformat()
)


@st.composite
def edits(draw):
    """Changes to the council's file: moves, promotions, FTE, new supervisors, leavers, each
    perhaps from an effective date, imported on some day."""
    rows = council_rows()
    for staff_id in ("E3", "E4", "E5"):
        fields = {}
        if draw(st.booleans()):
            fields["team"] = draw(st.sampled_from(TEAMS))
        if draw(st.booleans()):
            fields["role"] = draw(st.sampled_from(ROLES))
        if draw(st.booleans()):
            fields["fte"] = draw(st.sampled_from(["0.5", "0.8", "1"]))
        if staff_id != "E3" and draw(st.booleans()):
            fields["supervisor_staff_id"] = draw(st.sampled_from(["E2", "E3"]))
        if draw(st.booleans()):
            fields["end_date"] = draw(DAYS)
        if draw(st.booleans()):
            fields["effective_date"] = draw(DAYS)
        rows = edited(rows, staff_id, **fields)
    return rows, draw(DAYS), draw(DAYS)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=edits())
def test_any_file_just_imported_imported_again_writes_nothing(db, on, case):
    from django.db import transaction

    from practiceqa.core.imports import ImportRefused

    rows, first_day, second_day = case
    with transaction.atomic():
        on("2025-09-01")
        run(council_rows())
        on(min(first_day, second_day))
        try:
            run(rows, extra=EFFECTIVE)
        except ImportRefused:
            transaction.set_rollback(True)
            return  # a file the organisation refuses is not imported, so not imported again
        before = everything()
        on(max(first_day, second_day))
        plan = run(rows, extra=EFFECTIVE)
        assert not plan.has_changes
        assert everything() == before
        transaction.set_rollback(True)
