"""The query-count helper fails a page whose count grows with data or passes its budget."""

import pytest

from tests.queries import PageQueries, assert_flat


def queries(count: int) -> PageQueries:
    return PageQueries(count=count, content=b"", sql=[f"SELECT {n}" for n in range(count)])


def test_a_page_whose_queries_grow_with_the_data_fails():
    with pytest.raises(AssertionError, match="3 queries grew to 4 with more data"):
        assert_flat(queries(3), queries(4), budget=10)


def test_a_page_over_its_budget_fails_even_when_flat():
    with pytest.raises(AssertionError, match="3 queries, over the budget of 2"):
        assert_flat(queries(3), queries(3), budget=2)
    assert_flat(queries(3), queries(3), budget=3)
