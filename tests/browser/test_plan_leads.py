"""Every plan item has a lead, in the browser (axe-checked): the Principal Social Worker
gives an item nobody leads to a named representative, with the reason."""

import pytest
from django.utils import timezone

from practiceqa.planning.models import LeadSource, PlanItem
from practiceqa.planning.schedule import financial_year_of
from practiceqa.planning.services.generation import plan_generate
from tests.audits.conftest import load_framework
from tests.conftest import make_organisation

pytestmark = pytest.mark.browser


def test_the_psw_gives_an_item_without_a_lead_to_a_representative(browser):
    org = make_organisation()
    load_framework()
    year = financial_year_of(timezone.localdate())
    plan_generate(year=year)
    # A supervision audit whose line manager was never recorded, in a plan made before the
    # line was followed up: nobody leads it.
    target = PlanItem.objects.filter(audit_type="supervision_audit").order_by("pk").first()
    PlanItem.objects.filter(pk=target.pk).update(lead=None)

    browser.sign_in_as(org.psw)
    page = browser.page
    browser.visit(f"/plan/?year={year}")
    browser.follow(page.get_by_role("link", name="give them a lead"))
    assert "Plan items without a lead" in browser.text("h1")
    browser.screenshot("plan-items-without-lead")
    browser.follow(page.get_by_role("link", name="Give a lead").first)
    assert "Give this item to a representative" in browser.text("h1")

    browser.submit("Give the item", status=400)
    assert "There is a problem" in browser.text()
    assert "Select who will lead this item" in browser.text()
    page.get_by_label("Who will lead it").select_option(value=str(org.team_manager.pk))
    page.get_by_label("Why they will lead it").fill("Acting line manager while the post is vacant")
    browser.submit("Give the item")
    assert f"{org.team_manager.full_name} now leads this item" in browser.text()
    target.refresh_from_db()
    assert (target.lead, target.lead_source) == (org.team_manager, LeadSource.GIVEN)
    assert "representative: Acting line manager while the post is vacant" in browser.text()
