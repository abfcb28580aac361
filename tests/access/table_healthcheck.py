"""The health check's rows of the URL table (test_url_table), kept here so that file stays
under 500 lines. Columns follow ROLES."""

OK, FORBIDDEN, NOT_FOUND, NOT_ALLOWED = 200, 403, 404, 405
L, Y, N, G = "sign-in", OK, FORBIDDEN, NOT_FOUND
LEAD_GIVERS = (L, N, N, N, N, N, N, Y, N, Y, N)
PSW_ONLY = (L, N, N, N, N, N, N, Y, N, N, N)

HEALTHCHECK_TABLE = {
    # Focus groups: recorded and read by the PSW and a QA administrator only.
    "focus-group-list": {"-": LEAD_GIVERS},
    "focus-group-record": {"-": LEAD_GIVERS},
    "focus-group-detail": {
        "focus group": LEAD_GIVERS,
        "unknown": (L, N, N, N, N, N, N, G, N, G, N),
    },
    "focus-group-edit": {"focus group": LEAD_GIVERS},
    # Organisational intelligence figures: entered and read by the same two.
    "intelligence": {"-": LEAD_GIVERS},
    "intelligence-change": {
        "intelligence figure": LEAD_GIVERS,
        "unknown": (L, N, N, N, N, N, N, G, N, G, N),
    },
    "intelligence-remove": {"intelligence figure": LEAD_GIVERS},
    # The self-assessment: read by both, rated and endorsed by the PSW only.
    "self-assessment": {"-": LEAD_GIVERS},
    "self-assessment-endorse": {"-": (L,) + (NOT_ALLOWED,) * 10},
    # Every year's self-assessment (earlier years read only) and the year-on-year comparison.
    "self-assessment-years": {"-": LEAD_GIVERS},
    "self-assessment-year": {
        "last year": LEAD_GIVERS,
        "next year": (L, N, N, N, N, N, N, G, N, G, N),
    },
    "self-assessment-area": {"area": PSW_ONLY, "unknown": (L, N, N, N, N, N, N, G, N, N, N)},
    "self-assessment-action": {"area": PSW_ONLY, "unknown": (L, N, N, N, N, N, N, G, N, N, N)},
}

# What a QA administrator gets when posting an empty form.
HEALTHCHECK_POSTS = {
    "focus-group-list": NOT_ALLOWED,
    "focus-group-record": 200,  # no framework is loaded here: the page says so
    "focus-group-detail": NOT_ALLOWED,
    "focus-group-edit": 400,
    "intelligence": 400,  # nothing entered
    "intelligence-change": 400,  # no reason given
    "intelligence-remove": 400,  # no reason given
    "self-assessment": NOT_ALLOWED,
    "self-assessment-endorse": FORBIDDEN,
    "self-assessment-years": NOT_ALLOWED,
    "self-assessment-year": NOT_ALLOWED,
    "self-assessment-area": FORBIDDEN,
    "self-assessment-action": FORBIDDEN,
}


def focus_group_for(organisation):
    """A focus group held last week, recorded the first time."""
    import datetime

    from django.utils import timezone

    from practiceqa.core.services import Actor
    from practiceqa.healthcheck.models import FocusGroup
    from practiceqa.healthcheck.services import focus_group_record
    from tests.audits.conftest import load_framework

    existing = FocusGroup.objects.first()
    if existing is not None:
        return existing
    load_framework()
    return focus_group_record(
        actor=Actor.of(organisation.psw.user),
        held_on=timezone.localdate() - datetime.timedelta(days=7),
        facilitator="Principal social worker",
        attendees={"social_workers": 6},
        notes={"q1": "Fair on the whole."},
    )


def intelligence_figure_for(organisation):
    """A figure of this year, entered by the PSW."""
    import datetime
    from decimal import Decimal

    from django.utils import timezone

    from practiceqa.core.services import Actor
    from practiceqa.healthcheck.models import IntelligenceFigure
    from practiceqa.healthcheck.services import financial_year_of
    from practiceqa.healthcheck.services_intelligence import intelligence_add

    existing = IntelligenceFigure.objects.first()
    if existing is not None:
        return existing
    today = timezone.localdate()
    return intelligence_add(
        actor=Actor.of(organisation.psw.user),
        year=financial_year_of(today),
        area="workload",
        measure="vacancy",
        value=Decimal("12.5"),
        source="HR workforce report",
        as_of=today - datetime.timedelta(days=7),
    )


def healthcheck_url(name: str, target: str, organisation) -> str | None:
    """The URL of one of the targets above, or None when the target is not one of them."""
    from django.urls import reverse
    from django.utils import timezone

    from practiceqa.healthcheck.services import financial_year_of

    this_year = financial_year_of(timezone.localdate())
    if target == "intelligence figure":
        return reverse(name, args=[intelligence_figure_for(organisation).pk])
    if target in ("last year", "next year"):
        return reverse(name, args=[this_year - 1 if target == "last year" else this_year + 1])
    return None
