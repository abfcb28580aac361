"""Query counts of pages: the same with more data, and within a stated budget."""

from dataclasses import dataclass

from django.db import connection
from django.test.utils import CaptureQueriesContext


@dataclass
class PageQueries:
    count: int
    content: bytes
    sql: list[str]

    @property
    def body(self) -> str:
        return self.content.decode(errors="replace")


def page_queries(client, url: str, params: dict | None = None) -> PageQueries:
    """Open a page (it must answer 200) and count the database queries it made. A streamed
    download is read whole, so that any query it makes is counted."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
        content = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return PageQueries(
        count=len(captured), content=content, sql=[query["sql"] for query in captured]
    )


def assert_flat(small: PageQueries, large: PageQueries, *, budget: int) -> None:
    """The page made no more queries with much more data than with a little, and no more
    than `budget` (so that a page cannot slowly gain queries without anyone deciding it)."""
    listing = "\n".join(large.sql)
    assert large.count == small.count, (
        f"{small.count} queries grew to {large.count} with more data:\n{listing}"
    )
    assert large.count <= budget, f"{large.count} queries, over the budget of {budget}:\n{listing}"
