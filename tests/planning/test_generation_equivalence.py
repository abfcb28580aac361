"""Regeneration compares each stored item with what the rules call for as a tuple of
values and builds only the items that differ. Over random organisations, with completed,
started and given work, and a regeneration on a later day too, that gives the same items,
the same history and the same counts as applying the rules to every stored item one by one
(as generation did before)."""

import datetime
from unittest import mock

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from practiceqa.planning.models import LeadSource, PlanItem, PlanItemStatus
from practiceqa.planning.services import generation
from practiceqa.planning.services.generation import plan_generate
from tests.planning.conftest import YEAR, finish, start
from tests.planning.test_properties import TODAY, build, change, organisations

UNCOMPARED = {"id", "created_at", "updated_at"}
ITEM_FIELDS = [f.attname for f in PlanItem._meta.concrete_fields if f.name not in UNCOMPARED]
HISTORY_FIELDS = [
    *ITEM_FIELDS,
    "history_type",
    "history_change_reason",
    "history_user_id",
]
# Regenerating on the day of the first generation, before a due date, and after the year.
LATER = [TODAY, TODAY + datetime.timedelta(days=40), datetime.date(2027, 5, 1)]


def _state() -> tuple[dict, list]:
    """Every item by its key, and every history row (with its item's key), without ids and
    moments."""
    keys, items = {}, {}
    for row in PlanItem.objects.values("id", *ITEM_FIELDS):
        key = (row["audit_type"], row["subject_key"], row["window_start"])
        keys[row.pop("id")] = key
        items[key] = row
    history = sorted(
        (
            (keys[row.pop("id")], sorted(row.items()))
            for row in PlanItem.history.values("id", *HISTORY_FIELDS)
        ),
        key=repr,
    )
    return items, history


def _every_item_applied(desired, version_pk, form):
    """No stored row equals this: every item goes through `_apply`, as before."""
    return None


def _work_on(spec) -> None:
    """Some items submitted, some started, some given to a representative (by the spec's
    booleans, in a fixed order), so that the rules for done and open work both apply."""
    candidates = list(
        PlanItem.objects.filter(status=PlanItemStatus.PLANNED, subject__isnull=False)
        .exclude(lead__isnull=True)
        .select_related("framework_version", "subject", "lead")
        .order_by("due_on", "pk")
    )
    for n, (plan_item, chosen) in enumerate(zip(candidates, spec["finish"], strict=False)):
        if not chosen:
            continue
        if n % 3 == 0:
            finish(plan_item, "2026-06-01")
        elif n % 3 == 1:
            start(plan_item)
        else:  # set up as plan_item_give_lead leaves it (its checks are not the subject here)
            PlanItem.objects.filter(pk=plan_item.pk).update(
                lead_source=LeadSource.GIVEN, lead_reason="Covering a long absence"
            )


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(spec=organisations(), later=st.sampled_from(LATER))
def test_comparing_values_first_gives_the_items_and_history_of_applying_the_rules_to_each(
    framework, spec, later
):
    with transaction.atomic():
        supervisors, workers = build(spec)
        plan_generate(year=YEAR, today=TODAY)
        _work_on(spec)
        change(spec, supervisors, workers)
        before = transaction.savepoint()
        compared = plan_generate(year=YEAR, today=later)
        compared_state = _state()
        transaction.savepoint_rollback(before)
        with mock.patch.object(generation, "_wanted_values", _every_item_applied):
            applied = plan_generate(year=YEAR, today=later)
        assert compared == applied, "the same counts of added, withdrawn and moved items"
        assert compared_state == _state(), "the same items and history"
        transaction.set_rollback(True)


def test_an_unchanged_plan_is_compared_without_reading_any_item_again(council):
    """Every stored item is compared in the database's own form (dates, flags, sample
    lists, organisational items): regenerating a plan nothing has changed, with done,
    started and given work in it, reads no item again as values."""
    plan_generate(year=YEAR, today=TODAY)
    assert PlanItem.objects.exclude(sample_supervisee_ids=[]).exists()
    assert PlanItem.objects.filter(subject__isnull=True).exists()
    first, second, third = PlanItem.objects.filter(subject__isnull=False).order_by("pk")[:3]
    finish(first, "2026-06-01")
    start(second)
    PlanItem.objects.filter(pk=third.pk).update(
        lead_source=LeadSource.GIVEN, lead_reason="Covering a long absence"
    )
    plan_generate(year=YEAR, today=TODAY)  # the work done recorded, if anything changes
    with mock.patch.object(generation, "_read", wraps=generation._read) as read:
        result = plan_generate(year=YEAR, today=TODAY)
    assert not result.changed
    assert read.call_args.args == ([third.pk],), "only the item given to another lead"
