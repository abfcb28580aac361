"""Every page of the service against every role: who may open what.

The table is the access specification. A new URL fails `test_every_url_is_in_the_table`
until someone decides, here, who may open it.
"""

import datetime

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from tests.access.conftest import ROLES
from tests.factories import supervises

OK = 200
FORBIDDEN = 403
NOT_FOUND = 404
NOT_ALLOWED = 405
SIGN_IN = "sign-in"  # 302 to the sign-in page, coming back afterwards
MY_WORK = "my-work"  # 302 to My work
SIGNED_OUT = "signed out"  # 302 to the sign-in page
UNKNOWN_ID = 987654

# Columns follow ROLES:
#   anonymous, practitioner, supervisor, line manager of supervisors, team manager,
#   service manager, head of service, PSW, director, QA administrator, leaver.
L, Y, N, G = SIGN_IN, OK, FORBIDDEN, NOT_FOUND
EVERYONE = (Y,) * 11
SIGNED_IN = (L,) + (Y,) * 10
UNKNOWN = (L,) + (G,) * 10
MANAGERS = (L, N, Y, Y, Y, Y, Y, Y, Y, Y, N)
IMPORTERS = (L, N, N, N, N, N, N, N, N, Y, N)

# url name -> target -> expected outcome per role.
TABLE: dict[str, dict[str, tuple]] = {
    "home": {"-": (L,) + (MY_WORK,) * 10},
    "health": {"-": EVERYONE},
    "accessibility": {"-": EVERYONE},
    "sign-in": {"-": (Y,) + (MY_WORK,) * 10},
    "sign-out": {"-": (L,) + (NOT_ALLOWED,) * 10},  # signing out is a POST
    "password-reset": {"-": EVERYONE},
    "password-reset-done": {"-": EVERYONE},
    "password-reset-confirm": {"expired link": EVERYONE},
    "password-reset-complete": {"-": EVERYONE},
    "my-work": {"-": SIGNED_IN},
    "staff-list": {"-": MANAGERS},
    "team-list": {"-": MANAGERS},
    "staff-detail": {
        "subject": (L, Y, Y, Y, N, Y, Y, Y, Y, Y, N),
        "outsider": (L, N, N, N, N, N, N, Y, Y, Y, N),
        "self": (L, Y, Y, Y, Y, Y, Y, Y, Y, Y, N),
        "unknown": UNKNOWN,
    },
    "staff-history": {
        "subject": (L, Y, Y, Y, N, Y, Y, Y, Y, Y, N),
        "outsider": (L, N, N, N, N, N, N, Y, Y, Y, N),
        "self": (L, Y, Y, Y, Y, Y, Y, Y, Y, Y, N),
        "unknown": UNKNOWN,
    },
    # Team A1 is the subject's; A2 is another team in the same service; B1 is elsewhere.
    "team-detail": {
        "team A1": (L, Y, Y, Y, N, Y, Y, Y, Y, Y, N),
        "team A2": (L, N, N, N, Y, Y, Y, Y, Y, Y, N),
        "team B1": (L, N, N, N, N, N, N, Y, Y, Y, N),
        "unknown": UNKNOWN,
    },
    # A team's own history is for those responsible for the whole team.
    "team-history": {
        "team A1": (L, N, N, Y, N, Y, Y, Y, Y, Y, N),
        "team A2": (L, N, N, N, Y, Y, Y, Y, Y, Y, N),
        "team B1": (L, N, N, N, N, N, N, Y, Y, Y, N),
        "unknown": UNKNOWN,
    },
    "staff-import": {"-": IMPORTERS},
    "staff-import-detail": {
        "existing": IMPORTERS,
        "unknown": (L, N, N, N, N, N, N, N, N, G, N),
    },
    "framework-list": {"-": (L, N, N, N, N, N, N, Y, N, Y, N)},
}

# What a QA administrator, who may open everything, gets when posting an empty form.
POST_AS_QA_ADMIN = {
    "home": NOT_ALLOWED,
    "health": NOT_ALLOWED,
    "accessibility": NOT_ALLOWED,
    "sign-in": MY_WORK,
    "sign-out": SIGNED_OUT,
    "password-reset": OK,  # the form again, with its errors
    "password-reset-done": NOT_ALLOWED,
    "password-reset-confirm": OK,
    "password-reset-complete": NOT_ALLOWED,
    "my-work": NOT_ALLOWED,
    "staff-list": NOT_ALLOWED,
    "team-list": NOT_ALLOWED,
    "staff-detail": NOT_ALLOWED,
    "staff-history": NOT_ALLOWED,
    "team-detail": NOT_ALLOWED,
    "team-history": NOT_ALLOWED,
    "staff-import": 400,  # no file chosen
    "staff-import-detail": OK,
    "framework-list": NOT_ALLOWED,
}


def _url_names(patterns, prefix="") -> list[tuple[str, str | None]]:
    found = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            found.extend(_url_names(pattern.url_patterns, prefix + str(pattern.pattern)))
        elif isinstance(pattern, URLPattern):
            found.append((prefix + str(pattern.pattern), pattern.name))
    return found


def test_every_url_is_in_the_table():
    patterns = _url_names(get_resolver().url_patterns)
    unnamed = [route for route, name in patterns if name is None]
    assert not unnamed, f"Name these URL patterns so access can be specified: {unnamed}"
    names = {name for _, name in patterns}
    assert names - set(TABLE) == set(), "Add these pages to the access table"
    assert set(TABLE) - names == set(), "The table lists pages that no longer exist"
    assert set(POST_AS_QA_ADMIN) == names


def _url(name: str, target: str, viewer, organisation, record) -> str:
    org = organisation
    staff = {"subject": org.subject, "outsider": org.outsider, "self": viewer}
    teams = {"team A1": org.team_a1, "team A2": org.team_a2, "team B1": org.team_b1}
    if target == "-":
        return reverse(name)
    if target == "unknown":
        return reverse(name, args=[UNKNOWN_ID])
    if target == "expired link":
        return reverse(name, args=["MQ", "set-password-x"])
    if target == "existing":
        return reverse(name, args=[record.pk])
    if target in teams:
        return reverse(name, args=[teams[target].pk])
    if target == "self" and viewer is None:
        return reverse(name, args=[org.subject.pk])
    return reverse(name, args=[staff[target].pk])


def _check(response, expected, url: str) -> None:
    where = f"{response.request['REQUEST_METHOD']} {url}"
    if expected == SIGN_IN:
        assert response.status_code == 302, where
        assert response["Location"].startswith(f"{reverse('sign-in')}?next="), where
    elif expected == SIGNED_OUT:
        assert response.status_code == 302, where
        assert response["Location"] == reverse("sign-in"), where
    elif expected == MY_WORK:
        assert response.status_code == 302, where
        assert response["Location"] == reverse("my-work"), where
    else:
        assert response.status_code == expected, where
        if expected == FORBIDDEN:
            assert "You cannot open this page" in response.content.decode(), where
        if expected == NOT_FOUND:
            assert "Page not found" in response.content.decode(), where


CASES = [
    pytest.param(name, target, role, outcomes[index], id=f"{name}[{target}]-{role}")
    for name, targets in TABLE.items()
    for target, outcomes in targets.items()
    for index, role in enumerate(ROLES)
]


@pytest.mark.parametrize(("name", "target", "role", "expected"), CASES)
def test_get(client, organisation, people, staff_import_record, name, target, role, expected):
    viewer = people[role]
    if viewer is not None:
        client.force_login(viewer.user)
    url = _url(name, target, viewer, organisation, staff_import_record)
    response = client.get(url)
    _check(response, expected, url)
    body = response.content.decode()
    if name in {"staff-detail", "staff-history"} and target in {"subject", "outsider"}:
        person = getattr(organisation, target)
        if expected == OK:
            assert person.full_name in body
        elif expected == FORBIDDEN:
            assert person.full_name not in body, "a refused page must not show whose it is"


def test_every_role_has_a_column():
    assert all(len(row) == len(ROLES) for targets in TABLE.values() for row in targets.values())


@pytest.mark.parametrize(("name", "expected"), POST_AS_QA_ADMIN.items())
def test_post_as_qa_administrator(client, organisation, staff_import_record, name, expected):
    client.force_login(organisation.qa_admin.user)
    target = next(iter(TABLE[name]))
    url = _url(name, target, organisation.qa_admin, organisation, staff_import_record)
    _check(client.post(url, {}), expected, url)


def test_navigation_offers_only_pages_the_person_may_open(client, people):
    expected = {
        "practitioner": ["My work"],
        "supervisor": ["My work", "Staff", "Teams"],
        "psw": ["My work", "Staff", "Teams", "Frameworks"],
        "director": ["My work", "Staff", "Teams"],
        "qa_admin": ["My work", "Staff", "Teams", "Import staff", "Frameworks"],
        "leaver": ["My work"],
    }
    for role, labels in expected.items():
        client.force_login(people[role].user)
        response = client.get(reverse("my-work"))
        assert [item["label"] for item in response.context["navigation"]] == labels, role


# Supervisor capacity comes from holding a supervision relationship, not from a role.


def test_a_practitioner_who_takes_on_a_supervisee_can_see_them_until_it_ends(client, organisation):
    practitioner, supervisee = organisation.colleague, organisation.other_team_member
    client.force_login(practitioner.user)
    record = reverse("staff-detail", args=[supervisee.pk])
    assert client.get(record).status_code == FORBIDDEN
    assert client.get(reverse("staff-list")).status_code == FORBIDDEN

    today = timezone.localdate()
    relationship = supervises(practitioner, supervisee, since=today)
    response = client.get(record)
    assert response.status_code == OK
    assert supervisee.full_name in response.content.decode()
    staff_list = client.get(reverse("staff-list")).content.decode()
    assert supervisee.full_name in staff_list
    assert "Staff" in [item["label"] for item in client.get(record).context["navigation"]]
    # Their supervisee's team (South Locality) is listed and can be opened.
    assert organisation.team_a2.name in client.get(reverse("team-list")).content.decode()
    assert client.get(reverse("team-detail", args=[organisation.team_a2.pk])).status_code == OK

    relationship.ends_on = today  # the last day of supervision still counts
    relationship.save()
    assert client.get(record).status_code == OK

    relationship.ends_on = today - datetime.timedelta(days=1)
    relationship.starts_on = today - datetime.timedelta(days=30)
    relationship.save()
    response = client.get(record)
    assert response.status_code == FORBIDDEN
    assert supervisee.full_name not in response.content.decode()
    assert client.get(reverse("staff-list")).status_code == FORBIDDEN
    assert client.get(reverse("team-detail", args=[organisation.team_a2.pk])).status_code == 403


def test_a_supervision_that_has_not_started_gives_no_access_yet(client, organisation):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    supervises(organisation.colleague, organisation.outsider, since=tomorrow)
    client.force_login(organisation.colleague.user)
    response = client.get(reverse("staff-detail", args=[organisation.outsider.pk]))
    assert response.status_code == FORBIDDEN
