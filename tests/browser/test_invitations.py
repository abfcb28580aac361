"""A person added by a staff import is invited, chooses a password and signs in."""

import re

import pytest

from practiceqa.org.demo import generate_council, rows_to_csv
from practiceqa.org.models import Profession, Role
from tests.browser.test_staff_import import upload
from tests.factories import StaffMemberFactory, TeamFactory

pytestmark = pytest.mark.browser

NEW_PASSWORD = "a-long-and-new-passphrase-2017"


def test_import_invite_choose_a_password_sign_in(open_browser, mailoutbox):
    council = generate_council(practitioners_per_team=1, teams_per_service=1, services=1)
    qa_admin = StaffMemberFactory(
        team=TeamFactory(name="Quality Assurance"),
        role=Role.QA_ADMINISTRATOR,
        profession=Profession.OTHER,
        full_name="Quinn Admin",
    )
    admin = open_browser()
    admin.sign_in_as(qa_admin)
    admin.visit("/staff/import/")
    upload(admin, "hr-export.csv", rows_to_csv(council.rows))
    admin.submit("Confirm import")
    admin.follow("Invite people who have not signed in yet")
    count = len(council.rows)
    assert f"{count} people in post have never signed in" in admin.text()
    admin.submit(f"Invite {count} people")
    assert f"Invitation emailed to {count} people" in admin.text()
    assert admin.page.locator("#invite-count").inner_text() == (
        "Everyone in post has signed in or been invited."
    )

    newcomer = next(row for row in council.rows if row["role"] == "practitioner")
    (message,) = [m for m in mailoutbox if m.to == [newcomer["email"]]]
    link = re.search(r"https?://\S+", message.body).group(0)

    person = open_browser(javascript=False)
    person.visit(link)
    assert person.page.get_by_role("heading", level=1).inner_text() == "Choose a password"
    person.page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    person.page.get_by_label("Confirm new password").fill(NEW_PASSWORD)
    person.submit("Save password")
    person.follow("Sign in")
    person.page.get_by_label("Email address").fill(newcomer["email"])
    person.page.get_by_label("Password", exact=True).fill(NEW_PASSWORD)
    person.submit("Sign in")
    assert person.page.url.endswith("/my-work/")
    assert f"Signed in as {newcomer['full_name']}" in person.text("header")

    admin.follow_nav("Staff")
    row = admin.page.locator("tbody tr").filter(has_text=newcomer["full_name"])
    assert "Signed in" in row.inner_text()
