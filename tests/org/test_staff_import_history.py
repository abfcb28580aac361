"""Every change a re-import makes is in history, exactly once, as the row now is, with who
and why; importing the same file again writes nothing, history included."""

import pytest
from django.forms.models import model_to_dict
from django.utils import timezone

from practiceqa.org.models import Posting, Relationship, StaffImport, StaffMember
from tests.org.staff_import_helpers import DAY, council_rows, edited, run, snapshot
from tests.org.test_staff_file import person

pytestmark = pytest.mark.django_db

HISTORIED = (StaffMember, Relationship, Posting)


def _rows(model) -> dict[int, dict]:
    return {obj.pk: model_to_dict(obj) for obj in model.objects.all()}


def _latest_history_id(model) -> int:
    return model.history.order_by("-history_id").values_list("history_id", flat=True).first() or 0


def _a_month_later() -> list[dict]:
    today = timezone.localdate()
    rows = edited(council_rows(), "E5", end_date=(today - 10 * DAY).isoformat())  # leaves
    rows = edited(  # moves team, with a new supervisor, is promoted and changes email
        rows, "E4", team="North Locality", supervisor_staff_id="E2", fte="0.8",
        job_title="Senior Social Worker", email="pat.p@council.example",
        effective_date=(today - 5 * DAY).isoformat(),
    )  # fmt: skip
    return [*rows, person("E6", "Jo Joiner", supervisor_staff_id="E3", line_manager_staff_id="E2",
                          start_date=(today - 3 * DAY).isoformat())]  # fmt: skip


def test_every_change_of_a_reimport_is_in_history_once_with_who_and_why(council, importer):
    before = {model: _rows(model) for model in HISTORIED}
    marks = {model: _latest_history_id(model) for model in HISTORIED}
    started = timezone.now()
    run(_a_month_later(), user=importer, extra=("effective_date",))
    reason = f"Staff import {StaffImport.objects.order_by('-pk').first().pk}"
    for model in HISTORIED:
        now = _rows(model)
        changed = {pk for pk, values in now.items() if before[model].get(pk) != values}
        assert changed, model
        recorded = list(model.history.filter(history_id__gt=marks[model]))
        assert sorted(row.id for row in recorded) == sorted(changed), model
        for row in recorded:
            values = model_to_dict(row.instance)
            assert values == now[row.id], (model, row.id)
            assert row.history_type == ("~" if row.id in before[model] else "+")
            assert (row.history_user, row.history_change_reason) == (importer, reason)
            assert started <= row.history_date <= timezone.now()


def test_reimporting_a_file_with_changes_again_writes_nothing(council, importer):
    rows = _a_month_later()
    run(rows, user=importer, extra=("effective_date",))
    before = snapshot() | {model.__name__: _rows(model) for model in HISTORIED}
    marks = {model: _latest_history_id(model) for model in HISTORIED}
    plan = run(rows, user=importer, extra=("effective_date",))
    assert not plan.has_changes
    assert all(_latest_history_id(model) == marks[model] for model in HISTORIED)
    after = snapshot() | {model.__name__: _rows(model) for model in HISTORIED}
    assert after.pop("StaffImport") == before.pop("StaffImport") + 1
    assert after.pop("StaffImport history") == before.pop("StaffImport history") + 1
    assert after == before
