"""Every page of the service against every role: who may open what.

The table is the access specification. A new URL fails `test_every_url_is_in_the_table`
until someone decides, here, who may open it.
"""

import datetime

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from tests.access.conftest import (
    ACTION_TARGETS,
    AUDIT_TARGETS,
    PLAN_ITEM_TARGETS,
    ROLES,
    action_for,
    audit_for,
    caseload_audit_item,
    plan_item_for,
    recorded_session,
    survey_for,
)
from tests.access.table_caseloads import CASELOAD_POSTS, CASELOAD_TABLE
from tests.access.table_healthcheck import (
    HEALTHCHECK_POSTS,
    HEALTHCHECK_TABLE,
    focus_group_for,
    healthcheck_url,
)
from tests.access.table_sessions import SESSION_POSTS, SESSION_TABLE
from tests.access.table_surveys import SURVEY_POSTS, SURVEY_TABLE
from tests.factories import supervises

OK = 200
FORBIDDEN = 403
NOT_FOUND = 404
NOT_ALLOWED = 405
SIGN_IN = "sign-in"  # 302 to the sign-in page, coming back afterwards
MY_WORK = "my-work"  # 302 to My work
SIGNED_OUT = "signed out"  # 302 to the sign-in page
TWO_FACTOR_SETUP = "two-factor-setup"  # 302 to setting up two-factor sign-in
SIGN_IN_EMAIL_CHANGES = "email-changes"  # 302 back to the list of sign-in email changes
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
LEAD_GIVERS = (L, N, N, N, N, N, N, Y, N, Y, N)
STAFF = (L,) + (Y,) * 9 + (N,)
PSW_ONLY = (L, N, N, N, N, N, N, Y, N, N, N)

# url name -> target -> expected outcome per role.
TABLE: dict[str, dict[str, tuple]] = {
    "home": {"-": (L,) + (MY_WORK,) * 10},
    "health": {"-": EVERYONE},
    "accessibility": {"-": EVERYONE},
    "component-gallery": {"-": SIGNED_IN},  # dev and test settings only
    "sign-in": {"-": (Y,) + (MY_WORK,) * 10},
    "sign-out": {"-": (L,) + (NOT_ALLOWED,) * 10},  # signing out is a POST
    # Single sign-on is off unless the council switches it on (tests/accounts/test_sso.py).
    "sso-start": {"-": (G,) * 11},
    "sso-callback": {"-": (G,) * 11},
    "sso-refused": {"-": (G,) * 11},
    "password-reset": {"-": EVERYONE},
    "password-reset-done": {"-": EVERYONE},
    "password-reset-confirm": {"expired link": EVERYONE},
    "password-reset-complete": {"-": EVERYONE},
    "my-work": {"-": SIGNED_IN},
    "my-sessions": {"-": SIGNED_IN},
    "two-factor": {"-": (L,) + (TWO_FACTOR_SETUP,) * 10},  # nobody here has an app yet
    "two-factor-setup": {"-": SIGNED_IN},
    "two-factor-reset": {
        "subject": IMPORTERS,
        "unknown": (L, N, N, N, N, N, N, N, N, G, N),
    },
    # Unlinking an account from its subject at the identity provider (SSO on or off).
    "sso-unlink": {
        "subject": IMPORTERS,
        "unknown": (L, N, N, N, N, N, N, N, N, G, N),
    },
    "staff-sign-in-email": {
        "subject": IMPORTERS,
        "unknown": (L, N, N, N, N, N, N, N, N, G, N),
    },
    "confirm-sign-in": {"-": SIGNED_IN},
    # Who viewed or exported which audit, staff record or compliance export.
    "access-records": {"-": (L, N, N, N, N, N, N, Y, N, Y, N)},
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
    "staff-invite": {"-": IMPORTERS},
    "email-changes": {"-": IMPORTERS},
    "staff-import-detail": {
        "existing": IMPORTERS,
        "unknown": (L, N, N, N, N, N, N, N, N, G, N),
    },
    "framework-list": {"-": (L, N, N, N, N, N, N, Y, N, Y, N)},
    # The plan and compliance: whoever is responsible for others, each seeing their area;
    # generated by the QA administrator and the Principal Social Worker.
    "plan": {"-": MANAGERS},
    "plan-generate": {"-": (L, N, N, N, N, N, N, Y, N, Y, N)},
    "plan-compliance": {"-": MANAGERS},
    "plan-compliance-items": {"-": MANAGERS},
    "plan-compliance-export": {"-": MANAGERS},
    # A plan item is seen by its lead, its subject, those whose scope has the subject and,
    # for organisational work, whoever may see the plan. Starting its audit and recording
    # it as done are POSTs (who may is tested in tests/planning/test_item_views.py).
    "plan-item": {
        "subject's item": (L, Y, Y, Y, N, Y, Y, Y, Y, Y, N),
        "outsider's item": (L, N, N, N, N, N, N, Y, Y, Y, N),
        "organisation item": MANAGERS,
        "unknown": UNKNOWN,
    },
    "plan-item-start": {"subject's item": (L,) + (NOT_ALLOWED,) * 10},
    "plan-item-done": {"organisation item": (L,) + (NOT_ALLOWED,) * 10},
    # Only the PSW and a QA administrator list the items nobody leads and give an item to a
    # named representative.
    "plan-without-lead": {"-": LEAD_GIVERS},
    "plan-item-lead": {"subject's item": LEAD_GIVERS, "unknown": UNKNOWN},
    # Taking a draft over is a POST by the item's new lead (tests/planning/test_leads.py).
    "plan-item-take-over": {"subject's item": (L,) + (NOT_ALLOWED,) * 10},
    # An audit is seen by its auditor, its subject and those whose scope has the subject.
    "audit-list": {"-": (L, Y, Y, Y, Y, Y, Y, Y, Y, Y, N)},
    "audit-start": {"-": MANAGERS},
    "audit-detail": {
        "subject's draft audit": (L, Y, Y, Y, N, Y, Y, Y, Y, Y, N),
        "outsider's audit": (L, N, N, N, N, N, N, Y, Y, Y, N),
        "unknown": UNKNOWN,
    },
    # Checking the answers and submitting: the auditor of a draft only.
    "audit-check": {
        "subject's draft audit": (L, N, Y, N, N, N, N, N, N, N, N),
        "subject's submitted audit": (L,) + (N,) * 10,
        "unknown": UNKNOWN,
    },
    # The subject's right of reply, from submission until sign-off.
    "audit-comment": {
        "subject's submitted audit": (L, Y, N, N, N, N, N, N, N, N, N),
        "subject's draft audit": (L,) + (N,) * 10,
        "subject's signed-off audit": (L,) + (N,) * 10,
        "unknown": UNKNOWN,
    },
    # Only the auditor signs off (a submitted audit) and amends (a signed-off one).
    "audit-sign-off": {
        "subject's submitted audit": (L, N, Y, N, N, N, N, N, N, N, N),
        "subject's signed-off audit": (L,) + (N,) * 10,
        "unknown": UNKNOWN,
    },
    "audit-amend": {
        "subject's signed-off audit": (L, N, Y, N, N, N, N, N, N, N, N),
        "subject's submitted audit": (L,) + (N,) * 10,
        "unknown": UNKNOWN,
    },
    # Everyone who may open an audit may see its history, drafts included.
    "audit-history": {
        "subject's draft audit": (L, Y, Y, Y, N, Y, Y, Y, Y, Y, N),
        "outsider's audit": (L, N, N, N, N, N, N, Y, Y, Y, N),
        "unknown": UNKNOWN,
    },
    "audit-print": {
        "subject's submitted audit": (L, Y, Y, Y, N, Y, Y, Y, Y, Y, N),
        "subject's draft audit": (L,) + (N,) * 10,
        "outsider's audit": (L, N, N, N, N, N, N, Y, Y, Y, N),
        "unknown": UNKNOWN,
    },
    "audit-docx": {
        "subject's signed-off audit": (L, Y, Y, Y, N, Y, Y, Y, Y, Y, N),
        "subject's draft audit": (L,) + (N,) * 10,
        "outsider's audit": (L, N, N, N, N, N, N, Y, Y, Y, N),
        "unknown": UNKNOWN,
    },
    "supervision-file": {
        "subject": (L, Y, Y, Y, N, Y, Y, Y, Y, Y, N),
        "outsider": (L, N, N, N, N, N, N, Y, Y, Y, N),
        "self": (L, Y, Y, Y, Y, Y, Y, Y, Y, Y, N),
        "unknown": UNKNOWN,
    },
    "action-list": {"-": (L, Y, Y, Y, Y, Y, Y, Y, Y, Y, N)},
    "action-create": {"-": MANAGERS},
    # An action is seen by its owner, whoever raised it, and those whose scope has the owner.
    "action-detail": {
        "subject's action": (L, Y, Y, Y, N, Y, Y, Y, Y, Y, N),
        "outsider's action": (L, N, N, N, N, N, N, Y, Y, Y, N),
        "unknown": UNKNOWN,
    },
    # The caseload audit: read by whoever sees the plan; each service's commentary by its
    # head of service or general manager; the rest by the PSW who leads it.
    "plan-caseload-audit": {"caseload audit": MANAGERS, "unknown": UNKNOWN},
    "plan-caseload-commentary": {
        "caseload audit": (L, N, N, N, N, Y, Y, N, N, N, N),
        "unknown": UNKNOWN,
    },
    "plan-caseload-analysis": {"caseload audit": PSW_ONLY, "unknown": UNKNOWN},
    "plan-caseload-action": {"caseload audit": PSW_ONLY, "unknown": UNKNOWN},
    "plan-caseload-done": {"caseload audit": PSW_ONLY, "unknown": UNKNOWN},
}

# What a QA administrator, who may open everything, gets when posting an empty form.
POST_AS_QA_ADMIN = {
    "home": NOT_ALLOWED,
    "health": NOT_ALLOWED,
    "accessibility": NOT_ALLOWED,
    "component-gallery": NOT_ALLOWED,
    "sign-in": MY_WORK,
    "sign-out": SIGNED_OUT,
    "sso-start": NOT_FOUND,
    "sso-callback": NOT_FOUND,
    "sso-refused": NOT_ALLOWED,
    "password-reset": OK,  # the form again, with its errors
    "password-reset-done": NOT_ALLOWED,
    "password-reset-confirm": OK,
    "password-reset-complete": NOT_ALLOWED,
    "my-work": NOT_ALLOWED,
    "my-sessions": 400,  # no session named
    "two-factor": TWO_FACTOR_SETUP,
    "two-factor-setup": 400,  # no code entered
    "two-factor-reset": 400,  # no reason given
    "sso-unlink": 400,  # no reason given
    "staff-sign-in-email": 400,  # no email entered
    "confirm-sign-in": 400,  # no password entered
    "access-records": NOT_ALLOWED,
    "staff-list": NOT_ALLOWED,
    "team-list": NOT_ALLOWED,
    "staff-detail": NOT_ALLOWED,
    "staff-history": NOT_ALLOWED,
    "team-detail": NOT_ALLOWED,
    "team-history": NOT_ALLOWED,
    "staff-import": 400,  # no file chosen
    "staff-invite": 400,  # nobody selected
    "email-changes": SIGN_IN_EMAIL_CHANGES,  # no change named: back to the list
    "staff-import-detail": OK,
    "framework-list": NOT_ALLOWED,
    "plan": NOT_ALLOWED,
    "plan-generate": 400,  # no year chosen
    "plan-compliance": NOT_ALLOWED,
    "plan-compliance-items": NOT_ALLOWED,
    "plan-compliance-export": NOT_ALLOWED,
    "plan-item": NOT_ALLOWED,
    "plan-item-start": FORBIDDEN,  # only the item's lead starts its audit
    "plan-item-done": 400,  # no date entered
    "plan-without-lead": NOT_ALLOWED,
    "plan-item-lead": 400,  # nobody selected
    "plan-item-take-over": FORBIDDEN,  # only the item's new lead
    "audit-list": NOT_ALLOWED,
    "audit-start": OK,  # no framework loaded here: the page says there is nothing to start
    "audit-detail": FORBIDDEN,  # only the auditor and the subject answer
    "audit-check": FORBIDDEN,  # only the auditor submits
    "audit-comment": FORBIDDEN,
    "audit-sign-off": FORBIDDEN,
    "audit-amend": FORBIDDEN,
    "audit-history": NOT_ALLOWED,
    "audit-print": NOT_ALLOWED,
    "audit-docx": NOT_ALLOWED,
    "supervision-file": NOT_ALLOWED,
    "action-list": NOT_ALLOWED,
    "action-create": 400,  # nothing entered
    "action-detail": 400,  # no change named
    "plan-caseload-audit": FORBIDDEN,  # only its lead starts it
    "plan-caseload-commentary": FORBIDDEN,
    "plan-caseload-analysis": FORBIDDEN,
    "plan-caseload-action": FORBIDDEN,
    "plan-caseload-done": FORBIDDEN,
}
TABLE.update(SURVEY_TABLE)
TABLE.update(CASELOAD_TABLE)
POST_AS_QA_ADMIN.update(CASELOAD_POSTS)
POST_AS_QA_ADMIN.update(SURVEY_POSTS)
TABLE.update(SESSION_TABLE)
POST_AS_QA_ADMIN.update(SESSION_POSTS)
TABLE.update(HEALTHCHECK_TABLE)
POST_AS_QA_ADMIN.update(HEALTHCHECK_POSTS)


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
        return reverse(name, args=["not-a-link-that-was-sent"])
    if target == "existing":
        return reverse(name, args=[record.pk])
    if target == "snapshot":
        return reverse(name, args=[_snapshot().pk])
    if target in teams:
        return reverse(name, args=[teams[target].pk])
    if target in ACTION_TARGETS:
        return reverse(name, args=[action_for(org, target).pk])
    if target == "caseload audit":
        return reverse(name, args=[caseload_audit_item(org).pk])
    if target in PLAN_ITEM_TARGETS:
        return reverse(name, args=[plan_item_for(org, target).pk])
    if target == "recorded session":
        return reverse(name, args=[recorded_session(org).pk])
    if target == "survey":
        return reverse(name, args=[survey_for(org).pk])
    if target == "area":
        return reverse(name, args=["workload"])
    if target == "focus group":
        return reverse(name, args=[focus_group_for(org).pk])
    if (found := healthcheck_url(name, target, org)) is not None:
        return found
    if target in AUDIT_TARGETS:
        return reverse(name, args=[audit_for(org, target).pk])
    if target == "self" and viewer is None:
        return reverse(name, args=[org.subject.pk])
    return reverse(name, args=[staff[target].pk])


def _snapshot():
    from practiceqa.caseloads.models import Snapshot

    return Snapshot.objects.first() or Snapshot.objects.create(as_of=timezone.localdate())


def _body(response) -> str:
    """The response as text, whether streamed (CSV) or not; a DOCX download is not text."""
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return raw.decode(errors="replace")


def _check(response, expected, url: str) -> None:
    where = f"{response.request['REQUEST_METHOD']} {url}"
    if expected == SIGN_IN:
        assert response.status_code == 302, where
        assert response["Location"].startswith(f"{reverse('sign-in')}?next="), where
    elif expected == SIGNED_OUT:
        assert response.status_code == 302, where
        assert response["Location"] == reverse("sign-in"), where
    elif expected in (TWO_FACTOR_SETUP, SIGN_IN_EMAIL_CHANGES):
        assert response.status_code == 302, where
        assert response["Location"] == reverse(expected), where
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
    body = _body(response)
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
