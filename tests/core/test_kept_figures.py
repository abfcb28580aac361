"""Figures kept per process under the database's version token (core.kept_figures): the
triggers exist on every table the figures are read from, once the database is migrated, and
any write to them, however made, gives a new token."""

import datetime

import pytest
from django.db import connection, transaction

from practiceqa.audits.models import SubjectComment
from practiceqa.core import kept_figures
from practiceqa.core.kept_figures import (
    VERSIONED_TABLES,
    current_token,
    forget,
    install_triggers,
    kept_or_made,
)
from practiceqa.core.models import FiguresVersion
from practiceqa.surveys.models import Participation, Response, Survey
from tests.factories import (
    AuditFactory,
    PlanItemFactory,
    RelationshipFactory,
    StaffMemberFactory,
    TeamFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def nothing_kept():
    forget()
    yield
    forget()


def test_the_migrated_database_has_a_token():
    assert current_token() is not None


def test_kept_until_the_token_changes():
    made = []

    def make():
        made.append(1)
        return len(made)

    assert kept_or_made("key", make) == 1
    assert kept_or_made("key", make) == 1
    assert kept_or_made("other", make) == 2
    StaffMemberFactory()
    assert kept_or_made("key", make) == 3
    assert kept_or_made("key", make) == 3


def _caseload_rows() -> None:
    """A posting, and a snapshot with a tally (the caseload figures are read from them)."""
    from practiceqa.caseloads.models import Case, CaseStatus, Snapshot
    from practiceqa.caseloads.tally import tally_write
    from practiceqa.org.models import Posting

    person = StaffMemberFactory()
    Posting.objects.create(
        person=person,
        starts_on=person.start_date,
        team=person.team,
        role=person.role,
        profession=person.profession,
        fte=person.fte,
    )
    snapshot = Snapshot.objects.create(as_of=datetime.date(2026, 9, 30))
    Case.objects.create(
        snapshot=snapshot,
        reference="r" * 64,
        worker=person,
        status=CaseStatus.OPEN,
        opened_on=datetime.date(2026, 9, 1),
    )
    tally_write(snapshot)


def _health_check_rows(version, user) -> None:
    """A focus group, an intelligence figure, a rating and an endorsement."""
    from decimal import Decimal

    from practiceqa.healthcheck.models import (
        AreaAssessment,
        FocusGroup,
        IntelligenceFigure,
        SelfAssessmentEndorsement,
    )

    day = datetime.date(2026, 9, 30)
    FocusGroup.objects.create(
        framework_version=version, guide="health-check", year=2026, held_on=day, facilitator="F"
    )
    IntelligenceFigure.objects.create(
        year=2026, area="tools", measure="agency", value=Decimal(1), source="S", as_of=day
    )
    AreaAssessment.objects.create(year=2026, area="tools", rating="good")
    SelfAssessmentEndorsement.objects.create(year=2026, endorsed_on=day, endorsed_by=user)


@pytest.mark.parametrize("table", VERSIONED_TABLES)
def test_any_write_to_a_versioned_table_changes_the_token(table):
    """Raw SQL, the way round every service and ORM path: the trigger still fires."""
    PlanItemFactory()
    audit = AuditFactory()  # with them a framework, its version, services, teams and people
    survey = Survey.objects.create(
        framework_version=audit.template.version,
        code="health-check",
        year=2026,
        title="Staff survey",
        opens_on=datetime.date(2026, 4, 1),
        closes_on=datetime.date(2026, 4, 28),
    )
    Response.objects.create(survey=survey, answers={"q": "agree"})
    Participation.objects.create(survey=survey, staff=audit.subject, invited_on=survey.opens_on)
    SubjectComment.objects.create(audit=audit, author=audit.subject, text="I agree")
    RelationshipFactory(senior=audit.auditor, junior=audit.subject)
    _caseload_rows()
    _health_check_rows(audit.template.version, StaffMemberFactory().user)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {table} ORDER BY id LIMIT 1")  # noqa: S608
        (pk,) = cursor.fetchone()
        before = current_token()
        cursor.execute(f"UPDATE {table} SET id = id WHERE id = %s", [pk])  # noqa: S608
    assert current_token() != before


def test_a_write_that_is_rolled_back_leaves_the_token_as_it_was():
    before = current_token()
    with pytest.raises(RuntimeError), transaction.atomic():
        StaffMemberFactory()
        assert current_token() != before
        raise RuntimeError
    assert current_token() == before


def test_triggers_made_again_are_the_same_and_give_a_new_token():
    before = current_token()
    install_triggers()
    install_triggers()
    after = current_token()
    assert after != before
    StaffMemberFactory()
    assert current_token() != after


def test_without_the_row_nothing_is_kept_and_the_next_migrate_makes_it():
    FiguresVersion.objects.all().delete()
    made = []
    kept_or_made("key", lambda: made.append(1))
    kept_or_made("key", lambda: made.append(1))
    assert len(made) == 2
    kept_figures.after_migrate(sender=None)
    assert current_token() is not None


def test_a_bulk_write_changes_the_token_once_at_its_end():
    """On SQLite a bulk write pauses the row triggers and changes the token once; a page
    read after it never finds the figures kept before it, on any database."""
    from practiceqa.core.bulk import bulk_create_with_history
    from practiceqa.org.models import Team

    service = TeamFactory().service
    before = current_token()
    with transaction.atomic(), kept_figures.one_change():
        Team.objects.create(name="Inside", service=service)
        if connection.vendor == "sqlite":
            assert current_token() == before  # paused: no token rewrite per row
    assert current_token() != before
    assert not FiguresVersion.objects.exclude(pk=1).exists()
    middle = current_token()
    bulk_create_with_history(
        [Team(name=f"Bulk team {n}", service=service) for n in range(50)], Team
    )
    assert current_token() != middle
    assert not FiguresVersion.objects.exclude(pk=1).exists()


def test_a_bulk_write_that_fails_leaves_the_triggers_working():
    service = TeamFactory().service
    with pytest.raises(ZeroDivisionError), transaction.atomic(), kept_figures.one_change():
        TeamFactory(service=service)
        1 / 0  # noqa: B018
    assert not FiguresVersion.objects.exclude(pk=1).exists()
    before = current_token()
    TeamFactory(service=service)
    assert current_token() != before


def _triggers_of(table: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [table]
        )
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's row triggers")
def test_a_large_write_drops_its_tables_triggers_for_its_time_only():
    """A large bulk write runs without its table's triggers (made again at its end, in its
    transaction); it still changes the token, and the triggers work after it and after a
    large write that fails."""
    from practiceqa.core.bulk import LARGE_WRITE, bulk_create_with_history
    from practiceqa.org.models import Team

    service = TeamFactory().service
    triggers = _triggers_of("org_team")
    assert len(triggers) == 3
    with transaction.atomic(), kept_figures.one_change(tables=("org_team", "org_posting")):
        assert not _triggers_of("org_team")
        with kept_figures.one_change(tables=("org_team",)):  # nested: nothing to drop
            Team.objects.create(name="Nested", service=service)
        assert not _triggers_of("org_team")
    assert _triggers_of("org_team") == triggers
    before = current_token()
    bulk_create_with_history(
        [Team(name=f"Bulk team {n}", service=service) for n in range(LARGE_WRITE)], Team
    )
    assert current_token() != before
    assert _triggers_of("org_team") == triggers
    assert not FiguresVersion.objects.exclude(pk=1).exists()
    with (
        pytest.raises(ZeroDivisionError),
        transaction.atomic(),
        kept_figures.one_change(tables=("org_team",)),
    ):
        1 / 0  # noqa: B018
    assert _triggers_of("org_team") == triggers
    before = current_token()
    TeamFactory(service=service)
    assert current_token() != before
