"""What the tests of kept figures (core.kept_figures, ADR 0010) share: a page's bytes
without what is new on every page, and the two checks every kept page is put through: what
was read (kept, if it was) is what a page made afresh gives, and a page read again is kept
(fewer queries) yet the same."""

import re
from collections.abc import Callable
from typing import TypeVar

from practiceqa.core.kept_figures import forget
from tests.queries import PageQueries, page_queries

CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')
T = TypeVar("T")


def page_bytes(response) -> bytes:
    """A page's body (a streamed download's, read whole), but for its forms' CSRF tokens."""
    assert response.status_code == 200, response.status_code
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return CSRF.sub(b"", body)


def made_afresh(read: Callable[[], T]) -> T:
    """What `read` gives now, checked to be what it gives with nothing kept."""
    kept = read()
    forget()
    fresh = read()
    assert kept == fresh
    return fresh


def all_made_afresh(reads: list[Callable[[], T]]) -> list[T]:
    """`made_afresh` for several readers: all read before anything is forgotten, so that
    each one's kept value is the one compared, not only the first's."""
    kept = [read() for read in reads]
    forget()
    fresh = [read() for read in reads]
    assert kept == fresh
    return fresh


def kept_again(client, url: str, params: dict | None = None) -> tuple[PageQueries, PageQueries]:
    """The page read again (kept from the read before) and then made afresh: the same
    bytes, the kept one in fewer queries. Both, for further checks."""
    page_queries(client, url, params)
    again = page_queries(client, url, params)
    forget()
    made = page_queries(client, url, params)
    assert CSRF.sub(b"", again.content) == CSRF.sub(b"", made.content), url
    assert again.count < made.count, (url, again.count, made.count)
    return again, made
