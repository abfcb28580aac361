"""Staff import: an email that another account already signs in with, or has as its email
address, is a problem of that row, not a database error halfway through the import."""

import pytest
from django.contrib.auth import get_user_model

from practiceqa.org.models import StaffMember
from tests.factories import StaffMemberFactory, TeamFactory, UserFactory
from tests.org.staff_import_helpers import D, council_rows, edited, refused, run
from tests.org.test_staff_file import person

pytestmark = pytest.mark.django_db

User = get_user_model()


def test_an_email_that_an_account_linked_to_nobody_signs_in_with_is_refused(council):
    UserFactory(username="pat.p@council.example")
    places, [problem] = refused(edited(council, "E4", email="pat.p@council.example"))
    assert places == [(5, "email")]
    assert problem.message == (
        "pat.p@council.example is already used by the account pat.p@council.example, which "
        "is not linked to anyone in the organisation. Change that account's username and "
        "email address first"
    )


def test_the_account_of_someone_not_in_the_file_keeps_its_sign_in(council):
    User.objects.filter(staff_member__staff_id="E5").update(username="quinn@council.example")
    rows = [row for row in council if row["staff_id"] != "E5"]
    places, [problem] = refused(edited(rows, "E4", email="quinn@council.example"))
    assert places == [(5, "email")]
    assert problem.message == (
        "quinn@council.example is already used by the account of Quinn Quick (E5)"
    )


@pytest.mark.parametrize(
    ("username", "email"),
    [("Nia.New@council.example", "Nia.New@council.example"), ("admin", "NIA.NEW@council.example")],
    ids=["username in another case", "email address of another account"],
)
def test_an_email_that_another_account_has_in_any_case_is_refused(council, username, email):
    UserFactory(username=username, email=email)
    rows = [*council, person("E6", "Nia New", start_date="2024-01-01")]
    places, [problem] = refused(rows)
    assert places == [(7, "email")]
    assert problem.message.startswith(
        f"nia.new@council.example is already used by the account {username}, "
    )


def test_an_account_with_exactly_the_new_persons_email_becomes_theirs(council):
    account = UserFactory(username="nia.new@council.example")
    run([*council, person("E6", "Nia New", start_date="2024-01-01")])
    assert StaffMember.objects.get(staff_id="E6").user == account


def test_accounts_of_people_in_the_file_may_swap_emails(council):
    rows = edited(council, "E4", email="quinn.quick@council.example")
    rows = edited(rows, "E5", email="pat.practitioner@council.example")
    run(rows)
    usernames = dict(User.objects.values_list("staff_member__staff_id", "username"))
    assert usernames["E4"] == "quinn.quick@council.example"
    assert usernames["E5"] == "pat.practitioner@council.example"


# Accounts


def test_accounts_follow_their_people_when_emails_move_along_a_chain(council):
    pat, quinn = StaffMember.objects.get(staff_id="E4"), StaffMember.objects.get(staff_id="E5")
    # Quinn gets a new email, Pat takes Quinn's old one and a newcomer takes Pat's old one.
    rows = edited(council, "E5", email="quinn.q@council.example")
    rows = edited(rows, "E4", email="quinn.quick@council.example")
    rows.append(person("E6", "Pat Practitioner", start_date="2024-01-01"))
    run(rows)
    pat.refresh_from_db(), quinn.refresh_from_db()
    newcomer = StaffMember.objects.get(staff_id="E6")
    assert (pat.email, pat.user.username) == ("quinn.quick@council.example",) * 2
    assert (quinn.email, quinn.user.username) == ("quinn.q@council.example",) * 2
    assert newcomer.user.username == "pat.practitioner@council.example"
    assert len({pat.user_id, quinn.user_id, newcomer.user_id}) == 3
    assert [h.email for h in pat.history.order_by("history_id")] == [
        "pat.practitioner@council.example",
        "quinn.quick@council.example",
    ]


def test_people_already_here_without_an_account_are_given_one():
    team = TeamFactory(name="Central Locality", service__name="Localities")
    StaffMemberFactory(staff_id="E4", full_name="Pat Practitioner", team=team, user=None,
                       email="pat.practitioner@council.example",
                       start_date=D(2019, 9, 2))  # fmt: skip
    existing = UserFactory(username="dana.director@council.example")
    run([person("E4", "Pat Practitioner", start_date="2019-09-02"), council_rows()[0]])
    assert StaffMember.objects.get(staff_id="E4").user.username == (
        "pat.practitioner@council.example"
    )
    assert StaffMember.objects.get(staff_id="E1").user == existing
