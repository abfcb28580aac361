"""A submitted audit counts for the plan item it fulfils, however it was started: the item
whose window holds the audit's date, else the earliest overdue one; one item at most."""

import datetime

from practiceqa.audits.models import Audit
from practiceqa.frameworks.models import AuditTemplate
from practiceqa.planning.models import PlanItem
from practiceqa.planning.services.generation import plan_generate
from practiceqa.planning.services.items import plan_item_match_audit
from tests.planning.conftest import LONDON, YEAR, day, item

PRACTICE_STANDARDS = "practice_standards_audit"


def submitted(subject, auditor, on: str, *, case="") -> Audit:
    """An audit started from the audits page (not from an item), done and submitted on a day."""
    return Audit.objects.create(
        template=AuditTemplate.objects.get(code="practice_standards_social_work"),
        audit_type=PRACTICE_STANDARDS,
        subject=subject,
        auditor=auditor,
        status="submitted",
        audit_date=day(on),
        case_identifier=case,
        submitted_at=datetime.datetime.combine(day(on), datetime.time(12), tzinfo=LONDON),
    )


def test_an_audit_started_before_the_plan_existed_counts_once_submitted(council, today):
    today("2026-06-10")
    audit = submitted(council.wendy, council.sue, "2026-05-20")
    plan_generate(year=YEAR)
    matched = plan_item_match_audit(audit=audit)
    assert matched == item(PRACTICE_STANDARDS, council.wendy, "2026-04-01")
    assert matched.audit == audit


def test_a_catch_up_audit_in_april_fills_this_years_window_not_last_years(council, today):
    today("2026-04-20")
    plan_generate(year=YEAR - 1)
    plan_generate(year=YEAR)
    audit = submitted(council.wendy, council.sue, "2026-04-15")
    assert plan_item_match_audit(audit=audit) == item(
        PRACTICE_STANDARDS, council.wendy, "2026-04-01"
    )
    # Last year's missed second half stays missed.
    assert item(PRACTICE_STANDARDS, council.wendy, "2025-10-01").audit is None


def test_with_this_window_done_an_audit_fills_the_earliest_overdue_item(council, today):
    today("2026-04-20")
    plan_generate(year=YEAR - 1)
    plan_generate(year=YEAR)
    plan_item_match_audit(audit=submitted(council.wendy, council.sue, "2026-04-15", case="A1"))
    catch_up = submitted(council.wendy, council.sue, "2026-04-18", case="B2")
    assert plan_item_match_audit(audit=catch_up) == item(
        PRACTICE_STANDARDS, council.wendy, "2025-04-01"
    )


def test_a_second_audit_of_the_same_case_in_a_window_fills_no_other(council, today):
    today("2026-04-20")
    plan_generate(year=YEAR - 1)
    plan_generate(year=YEAR)
    plan_item_match_audit(audit=submitted(council.wendy, council.sue, "2026-04-15", case="A1"))
    again = submitted(council.wendy, council.sue, "2026-04-18", case="A1")
    assert plan_item_match_audit(audit=again) is None
    assert PlanItem.objects.filter(audit__isnull=False).count() == 1


def test_an_audit_fulfils_one_item_at_most(council, today):
    today("2026-04-20")
    plan_generate(year=YEAR - 1)
    plan_generate(year=YEAR)
    audit = submitted(council.wendy, council.sue, "2026-04-15")
    plan_item_match_audit(audit=audit)
    assert plan_item_match_audit(audit=audit) is None
    assert PlanItem.objects.filter(audit=audit).count() == 1


def test_the_same_case_again_fills_no_other_window_whichever_item_it_first_filled(council, today):
    today("2026-04-20")
    plan_generate(year=YEAR - 1)
    plan_generate(year=YEAR)
    plan_item_match_audit(audit=submitted(council.wendy, council.sue, "2026-04-15", case="B2"))
    # Case A1, audited in this window, fills last year's missed first half...
    first = submitted(council.wendy, council.sue, "2026-04-16", case="A1")
    assert plan_item_match_audit(audit=first) == item(
        PRACTICE_STANDARDS, council.wendy, "2025-04-01"
    )
    # ...so a second audit of it in this window fills nothing more.
    again = submitted(council.wendy, council.sue, "2026-04-18", case="A1")
    assert plan_item_match_audit(audit=again) is None
    assert item(PRACTICE_STANDARDS, council.wendy, "2025-10-01").audit is None
