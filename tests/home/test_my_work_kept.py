"""What My work keeps between reads (home/views.py: everything but the viewer's account and
what the access rules decide, under the version token of core.kept_figures, for each
person, scope and day) is never stale: after any write to who supervises whom, the
subjects' comments or who is invited to a survey, through a service or straight to the
tables, the next My work is the page made afresh; and the page is, byte for byte, the one
its selectors make when nothing is kept."""

import datetime

import pytest
from django.db import connection
from django.template.loader import render_to_string

from practiceqa.access.scope import scope_for, staff_member_of
from practiceqa.audits import selectors_work as audit_selectors
from practiceqa.audits.models import SubjectComment
from practiceqa.audits.services.lifecycle import subject_comment_add
from practiceqa.core.bulk import bulk_create_with_history
from practiceqa.core.kept_figures import forget
from practiceqa.core.services import Actor
from practiceqa.home import views
from practiceqa.org import selectors as org_selectors
from practiceqa.org.models import Relationship, RelationshipKind
from practiceqa.planning import selectors_work
from practiceqa.planning.services.generation import plan_generate
from practiceqa.surveys import selectors as survey_selectors
from practiceqa.surveys.models import Participation
from practiceqa.surveys.services.opening import survey_open
from tests.kept import CSRF
from tests.planning.conftest import YEAR, day, finish, item
from tests.planning.test_my_work_kept import kept_are_fresh, read, signed_in
from tests.surveys.conftest import answer

READERS = ("sue", "sam", "wendy", "otto", "cara", "team_manager", "psw")
TODAY = "2026-11-15"


@pytest.fixture
def working(council, today, client):
    """A plan, an audit of Wendy's work by Sue waiting for her comments and Sue's sign-off,
    and the staff survey open to everyone."""
    today(TODAY)
    plan_generate(year=YEAR)
    council.audit = finish(
        item("practice_standards_audit", council.wendy, "2026-04-01"), "2026-09-20"
    )
    council.survey = survey_open(
        actor=Actor.of(council.psw.user),
        code="health-check",
        year=YEAR,
        closes_on=day("2026-12-13"),
        today=day(TODAY),
    )
    return council


def _supervision_redated_by_sql(council):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE org_relationship SET starts_on = %s WHERE senior_id = %s AND junior_id = %s",
            [datetime.date(2022, 3, 1), council.sue.pk, council.wendy.pk],
        )


def _supervision_ended(council):
    """Cara has no supervisor from the start of the month: the team manager is warned."""
    relationship = Relationship.objects.get(junior=council.cara, kind=RelationshipKind.SUPERVISION)
    relationship.ends_on = datetime.date(2026, 11, 1)
    relationship._history_user = council.psw.user
    relationship.save()


def _supervision_added_in_bulk(council):
    """Otto's new supervisor (the latest is shown), written as an import writes."""
    bulk_create_with_history(
        [
            Relationship(
                kind=RelationshipKind.SUPERVISION,
                senior=council.sam,
                junior=council.otto,
                starts_on=datetime.date(2026, 6, 1),
            )
        ],
        Relationship,
        default_user=council.psw.user,
    )


def _line_management_deleted(council):
    Relationship.objects.filter(senior=council.team_manager, junior=council.sam).delete()


def _comment_added(council):
    subject_comment_add(
        audit=council.audit,
        author=council.wendy,
        user=council.wendy.user,
        text="I agree with the findings",
        link="",
    )


def _comment_created(council):
    SubjectComment.objects.create(audit=council.audit, author=council.wendy, text="Agreed")


def _answered(council):
    answer(council.survey, council.cara, today=day(TODAY))


def _answered_by_update(council):
    Participation.objects.filter(staff=council.sue).update(answered=True)


def _invitation_deleted(council):
    Participation.objects.filter(staff=council.wendy).delete()


WRITES = [
    _supervision_redated_by_sql,
    _supervision_ended,
    _supervision_added_in_bulk,
    _line_management_deleted,
    _comment_added,
    _comment_created,
    _answered,
    _answered_by_update,
    _invitation_deleted,
]


@pytest.mark.parametrize("write", WRITES, ids=[write.__name__.strip("_") for write in WRITES])
def test_every_write_shows_at_the_next_read(working, write):
    readers = [signed_in(working, name) for name in READERS]
    before = [read(reader) for reader in readers]  # kept from here on
    write(working)
    after = kept_are_fresh(readers)
    assert after != before, "the write should change someone's My work"


def test_a_second_read_keeps_everything_but_the_account_and_the_access_rules(working):
    sue = signed_in(working, "sue")
    read(sue)
    again = read(sue)
    forget()
    assert again == read(sue)
    assert b"Wendy Worker" in again


def _as_its_selectors_make_it(client, monkeypatch) -> bytes:
    """The page as the view made it before anything but the plan was kept: each section
    straight from its selector, rendered with the same template and request."""
    made = {}

    def capture(request, template_name, context):
        made["request"], made["template"] = request, template_name
        return views_render(request, template_name, context)

    views_render = views.render
    monkeypatch.setattr(views, "render", capture)
    page = read(client)
    request = made["request"]
    user = request.user
    today = datetime.date.fromisoformat(TODAY)
    scope = scope_for(user)
    me = staff_member_of(user)
    context = {"me": me, "scope": scope, "not_in_post": None}
    context["seniors"], context["reports"] = org_selectors.relationships_of(staff=me, on=today)
    context["team_name"] = me.team.name
    context["plan_work"] = selectors_work.plan_work(staff=me, today=today)
    context["sees_plan"] = user.has_perm("planning.view_plan")
    context["my_surveys"] = survey_selectors.my_surveys(staff=me, today=today)
    context["sees_surveys"] = user.has_perm("surveys.view_surveys")
    context["sees_focus_groups"] = user.has_perm("healthcheck.view_focus_groups")
    work = audit_selectors.audit_work(
        me=me,
        juniors=scope.staff_ids - {me.pk},
        teams=scope.team_ids,
        services=scope.service_ids,
    )
    work.to_sign_off = audit_selectors.signable(
        work, lambda audit: user.has_perm("audits.sign_off_audit", audit)
    )
    context["audit_work"] = work
    context["can_start_audit"] = user.has_perm("audits.start_audit")
    if not scope.is_only_self:
        unsupervised = list(org_selectors.staff_without_supervisor(scope=scope, on=today)[:25])
        context["unsupervised"] = unsupervised
        context["unsupervised_count"] = unsupervised[0].total if unsupervised else 0
    if user.has_perm("org.import_staff"):
        context["can_import"] = True
        context["imports"] = list(org_selectors.recent_imports(limit=3))
    selected = CSRF.sub(b"", render_to_string(made["template"], context, request).encode())
    assert page == selected
    return page


@pytest.mark.parametrize("name", READERS)
def test_the_page_is_what_its_selectors_make_kept_or_not(working, monkeypatch, name):
    _supervision_ended(working)  # a warning for the team manager, too
    client = signed_in(working, name)
    made = _as_its_selectors_make_it(client, monkeypatch)
    assert getattr(working, name).full_name.encode() in made
    assert read(client) == made  # kept
