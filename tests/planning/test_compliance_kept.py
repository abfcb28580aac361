"""The compliance figures kept between reads (core.kept_figures) are never stale: after any
write that changes what they are counted from, through a service or straight to the tables,
the next page shows what a page made afresh shows; and each viewer still sees only their
own figures."""

import pytest
from django.test import Client

from practiceqa.core.kept_figures import forget
from practiceqa.core.models import FiguresVersion
from tests.kept import CSRF, all_made_afresh, made_afresh, page_bytes
from tests.planning.writes import (
    GROUPINGS,
    WRITE_IDS,
    WRITES,
    _audit_finished,
    compliance_url,
)
from tests.planning.writes import read_compliance as read
from tests.queries import page_queries


def kept_is_fresh(client, group_by="audit_type") -> bytes:
    return made_afresh(lambda: read(client, group_by))


@pytest.fixture
def planned(planned_council, client):
    for group_by in GROUPINGS:
        read(client, group_by)  # kept from here on
    return planned_council


def test_a_second_read_is_kept_one_query_for_the_figures(planned, client):
    first = page_queries(client, compliance_url("lead"))
    again = page_queries(client, compliance_url("lead"))
    assert CSRF.sub(b"", again.content) == CSRF.sub(b"", first.content)
    assert again.count == first.count
    forget()
    made = page_queries(client, compliance_url("lead"))
    assert CSRF.sub(b"", made.content) == CSRF.sub(b"", first.content)
    assert made.count > again.count


@pytest.mark.parametrize("write", WRITES, ids=WRITE_IDS)
def test_every_write_shows_at_the_next_read(planned, client, write):
    """Read by the PSW (everyone) and by Sue (her supervisees: a leaver or a new supervisee
    changes what she sees)."""
    sue = Client()
    sue.force_login(planned.sue.user)
    readers = [(reader, group_by) for reader in (client, sue) for group_by in GROUPINGS]
    before = [read(reader, group_by) for reader, group_by in readers]
    write(planned, client)
    after = all_made_afresh([lambda r=r, g=g: read(r, g) for r, g in readers])
    assert after != before, "the write should change the figures"


def test_each_viewer_sees_their_own_figures(planned, client):
    psw = read(client, "team")
    client.force_login(planned.sue.user)
    sue = kept_is_fresh(client, "team")
    assert sue != psw
    client.force_login(planned.psw.user)
    assert read(client, "team") == psw


def test_without_a_token_row_nothing_is_kept(planned, client):
    """A flush removes the row; until the next migrate makes it again, figures are made."""
    FiguresVersion.objects.all().delete()
    before = read(client)
    _audit_finished(planned, client)
    assert read(client) != before


def test_each_period_shows_its_own_rows(planned, client):
    """The table's rows are kept with the figures, by period: a quarter's rows (their figures
    and links) are not the year's."""
    pages = [
        lambda period=period, group_by=group_by: page_bytes(
            client.get(f"{compliance_url(group_by)}&period={period}")
        )
        for group_by in ("lead", "team")
        for period in ("year", "2", "3")
    ]
    alone = []
    for page in pages:
        forget()
        alone.append(page())  # made with nothing else kept
    forget()
    together = [page() for page in pages]  # each after the others' were kept
    assert together == alone
    assert len(set(alone)) == len(pages)
    assert b"period=2&amp;key=" in alone[1]
