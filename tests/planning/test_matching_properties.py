"""Property: however audits arrive (any order, any dates, the same case again and again),
an audit fulfils at most one plan item, an item at most one audit, an audit fills only the
item whose window holds its date or one already overdue on it, and a case audited again in
a window fills no other window."""

import datetime

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from practiceqa.planning.models import PlanItem
from practiceqa.planning.services.generation import plan_generate
from practiceqa.planning.services.items import plan_item_match_audit
from tests.planning.conftest import YEAR, day
from tests.planning.test_matching import PRACTICE_STANDARDS, submitted

FIRST = day("2025-04-01")  # last plan year's first day
TODAY = "2026-12-20"

audits = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=(day(TODAY) - FIRST).days),  # the audit's date
        st.sampled_from(["A1", "B2", "C3"]),  # its case
        st.booleans(),  # matched twice (a retried signal)
    ),
    min_size=1,
    max_size=8,
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(spec=audits)
def test_an_audit_fulfils_at_most_one_item_and_a_case_one_window(council, today, spec):
    today(TODAY)
    with transaction.atomic():
        plan_generate(year=YEAR - 1)
        plan_generate(year=YEAR)
        made = []
        for offset, case, twice in spec:
            on = FIRST + datetime.timedelta(days=offset)
            audit = submitted(council.wendy, council.sue, on.isoformat(), case=case)
            matched = plan_item_match_audit(audit=audit)
            if twice:
                assert plan_item_match_audit(audit=audit) is None, "matched once only"
            made.append((audit, on, case, matched))
        items = list(PlanItem.objects.filter(audit_type=PRACTICE_STANDARDS, subject=council.wendy))
        for audit, on, _case, matched in made:
            linked = [i for i in items if i.audit_id == audit.pk]
            assert len(linked) <= 1
            assert linked == ([matched] if matched else [])
            if matched:
                assert matched.window_start <= on <= matched.window_end or matched.due_on < on
        for window in items:
            for case in {case for _, _, case, _ in made}:
                filling = [
                    audit
                    for audit, on, c, matched in made
                    if matched and c == case and window.window_start <= on <= window.window_end
                ]
                assert len(filling) <= 1, "a case audited again in a window fills no other"
        transaction.set_rollback(True)
