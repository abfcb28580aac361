"""What the plan page writes in Python writes what its template did, to the byte: the year
at a glance's rows (planning/item_rows.py) and who last generated the plan."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import timezone

from practiceqa.core.services import display_name
from practiceqa.planning.item_rows import schedule_rows
from practiceqa.planning.models import PlanGeneration
from practiceqa.planning.selectors import ScheduleRow, last_generation
from tests.factories import UserFactory

# The loop of planning/plan.html that `schedule_rows` writes, as it was.
LOOP = """    {% for row in schedule %}
    <tr class="govuk-table__row">
      <td class="govuk-table__cell">{{ row.timing }}</td>
      <td class="govuk-table__cell">{{ row.who }}</td>
      <th scope="row" class="govuk-table__header"><a class="govuk-link" href="?year={{ year }}&amp;audit_type={{ row.code }}">{{ row.activity }}</a></th>
      {% for count in row.per_quarter %}<td class="govuk-table__cell govuk-table__cell--numeric">{{ count }}</td>{% endfor %}
      <td class="govuk-table__cell govuk-table__cell--numeric">{{ row.planned }}</td>
      <td class="govuk-table__cell govuk-table__cell--numeric">{{ row.withdrawn }}</td>
    </tr>
    {% endfor %}
"""  # noqa: E501


@pytest.mark.parametrize("count", [0, 1, 3])
def test_the_year_at_a_glance_is_written_as_its_loop_wrote_it(count):
    rows = [
        ScheduleRow(
            code=f"type_{n}&<x>",
            activity=f'Audit "{n}" & <more>',
            timing="Quarterly",
            who="Line managers' <own>",
            per_quarter=[n, 10 * n, 0, 1234],
            withdrawn=n % 2,
        )
        for n in range(count)
    ]
    expected = Template(LOOP).render(Context({"schedule": rows, "year": 2026}))
    assert f"    {schedule_rows(rows, 2026)}\n" == expected


def test_who_last_generated_the_plan_is_named_as_display_name_names_them(framework, qa_admin_user):
    assert last_generation(year=2026) is None
    by_account = UserFactory(first_name="Ada", last_name="Lovelace")
    by_email = UserFactory(username="someone@council.example")
    on = timezone.now()
    for n, user in enumerate((None, qa_admin_user, by_account, by_email)):
        PlanGeneration.objects.create(
            year=2026,
            framework_version=framework,
            generated_by=user,
            added=n,
            withdrawn=2,
            reinstated=3,
            reassigned=4,
        )
        PlanGeneration.objects.filter(year=2026, added=n).update(
            created_at=on + datetime.timedelta(minutes=n)
        )
        shown = last_generation(year=2026)
        assert shown.by == (display_name(user) if user else "")
        assert (shown.added, shown.withdrawn, shown.reinstated, shown.reassigned) == (n, 2, 3, 4)
        assert shown.created_at == on + datetime.timedelta(minutes=n)
    assert [shown.by for shown in [last_generation(year=2026)]] == ["someone@council.example"]
    assert last_generation(year=2025) is None
