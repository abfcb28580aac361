"""Bulk writes with history (core.bulk): the rows written are those the ORM would write, and
each gets one history row naming who, when and why."""

import datetime
import gc
from decimal import Decimal

import pytest

from practiceqa.core.bulk import bulk_update_with_history, collector_paused, update_rows
from practiceqa.org.models import StaffMember
from practiceqa.planning.models import PlanItem, PlanItemStatus
from tests.factories import PlanItemFactory, StaffMemberFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 5, 4, 12, 30, tzinfo=datetime.UTC)


def test_an_update_writes_every_kind_of_value_as_the_orm_would_and_records_it():
    items = [PlanItemFactory(), PlanItemFactory(), PlanItemFactory()]
    team, user = TeamFactory(), UserFactory()
    new_lead = StaffMemberFactory()
    for n, item in enumerate(items):
        item.lead_id = new_lead.pk if n else None  # a link set, and one cleared
        item.team = team  # set as an object
        item.window_end = item.due_on = datetime.date(2027, 3, 30 - n)
        item.coverage_reached = bool(n)
        item.status = PlanItemStatus.WITHDRAWN
        item.withdrawn_reason = f"Left, {n}"
        item.sample_supervisee_ids = [n, 2] if n else []
        item.updated_at = NOW
    fields = ["lead", "team", "window_end", "due_on", "coverage_reached", "status",
              "withdrawn_reason", "sample_supervisee_ids", "updated_at"]  # fmt: skip
    updated = bulk_update_with_history(
        items, PlanItem, fields, default_user=user, default_change_reason="Plan regenerated",
        default_date=NOW,
    )  # fmt: skip
    assert updated == 3
    for n, item in enumerate(items):
        stored = PlanItem.objects.get(pk=item.pk)
        assert (stored.lead_id, stored.team_id) == (new_lead.pk if n else None, team.pk)
        assert (stored.window_end, stored.coverage_reached) == (item.window_end, bool(n))
        assert (stored.status, stored.withdrawn_reason) == ("withdrawn", f"Left, {n}")
        assert stored.sample_supervisee_ids == ([n, 2] if n else [])
        assert stored.updated_at == NOW
        latest = stored.history.order_by("-history_id").first()
        assert (latest.history_type, latest.history_user, latest.history_date) == ("~", user, NOW)
        assert latest.history_change_reason == "Plan regenerated"
        assert (latest.lead_id, latest.sample_supervisee_ids) == (
            stored.lead_id,
            stored.sample_supervisee_ids,
        )
        assert stored.history.count() == 2  # created, then this change


def test_an_update_of_decimals_and_dates_keeps_them_exact():
    people = [StaffMemberFactory(), StaffMemberFactory()]
    people[0].fte, people[1].fte = Decimal("0.8"), Decimal("0.65")
    people[0].end_date, people[1].end_date = datetime.date(2030, 1, 31), None
    assert update_rows(StaffMember, people, ["fte", "end_date"]) == 2
    first, second = (StaffMember.objects.get(pk=p.pk) for p in people)
    assert (first.fte, second.fte) == (Decimal("0.80"), Decimal("0.65"))
    assert (first.end_date, second.end_date) == (datetime.date(2030, 1, 31), None)
    assert update_rows(StaffMember, [], ["fte"]) == 0


def test_the_collector_is_paused_inside_and_back_on_after_even_on_a_failure():
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
        raise RuntimeError
    assert gc.isenabled()


def test_bulk_writes_run_as_one_write_that_changes_the_token_and_is_undone_whole():
    """Several bulk writes inside bulk_writes: each with its rows and history, the figures'
    token changed by the end (never left paused), and an error undoing all of them."""
    from practiceqa.core.bulk import bulk_writes, create_with_history, update_values_with_history
    from practiceqa.core.kept_figures import current_token
    from practiceqa.core.models import FiguresVersion

    team, user = TeamFactory(), UserFactory()
    person = StaffMemberFactory(team=team, job_title="Social Worker")
    before = current_token()
    with bulk_writes():
        update_values_with_history(
            StaffMember, {person.pk: {"job_title": "Senior Social Worker"}}, ["job_title"],
            default_user=user, default_change_reason="Import 1",
        )  # fmt: skip
        [new] = create_with_history(
            StaffMember,
            [{"staff_id": "N1", "full_name": "New Person", "email": "new@example.org",
              "job_title": "Social Worker", "profession": "social_worker", "role": "practitioner",
              "team_id": team.pk, "fte": Decimal("1.00"),
              "start_date": datetime.date(2026, 1, 5), "end_date": None, "user_id": None}],
            default_user=user, default_change_reason="Import 1",
        )  # fmt: skip
    assert current_token() != before
    assert not FiguresVersion.objects.exclude(pk=1).exists()  # no pause left behind
    person.refresh_from_db()
    assert person.job_title == "Senior Social Worker"
    latest = person.history.order_by("-history_id").first()
    assert (latest.history_type, latest.history_user, latest.job_title) == (
        "~", user, "Senior Social Worker"
    )  # fmt: skip
    assert StaffMember.objects.get(pk=new).history.get().history_change_reason == "Import 1"

    after = current_token()
    with pytest.raises(ZeroDivisionError), bulk_writes():
        update_values_with_history(StaffMember, {person.pk: {"job_title": "Lead"}}, ["job_title"])
        1 / 0  # noqa: B018
    person.refresh_from_db()
    assert person.job_title == "Senior Social Worker"
    assert person.history.count() == 2
    assert current_token() == after
    StaffMemberFactory(team=team)  # and the triggers still work
    assert current_token() != after
