"""No published figure rests on fewer than k responses, and no two published figures can be
subtracted to reveal such a group: for any distribution of respondents."""

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from practiceqa.surveys.suppression import TOTAL, suppressed_groups

SERVICES = ["a", "b", "c", "d", "e"]
PROFESSIONS = ["sw", "ot", "scp", ""]  # "" is "not stated"


def _breakdowns(people: list[tuple[str, str]]):
    total = frozenset(range(len(people)))
    by = {"service": {}, "profession": {}}
    for index, (service, profession) in enumerate(people):
        by["service"].setdefault(service, set()).add(index)
        by["profession"].setdefault(profession, set()).add(index)
    # Listed groups nobody is in are cells too (they are shown, with no figures).
    for service in SERVICES:
        by["service"].setdefault(service, set())
    return total, {name: {v: frozenset(m) for v, m in cells.items()} for name, cells in by.items()}


people_strategy = st.lists(
    st.tuples(
        st.sampled_from(SERVICES).flatmap(
            lambda s: st.just(s) if s != "e" else st.sampled_from(["e", ""])
        ),
        st.sampled_from(PROFESSIONS),
    ),
    max_size=120,
)


def published(total, breakdowns, hidden):
    shown = {} if TOTAL in hidden else {TOTAL: total}
    for name, cells in breakdowns.items():
        for value, members in cells.items():
            if (name, value) not in hidden and members:
                shown[(name, value)] = members
    return shown


@settings(max_examples=400, deadline=None)
@given(people=people_strategy, k=st.sampled_from([5, 10, 12]))
def test_no_published_group_is_small_and_no_subtraction_reveals_one(people, k):
    total, breakdowns = _breakdowns(people)
    hidden = suppressed_groups(total=total, breakdowns=breakdowns, k=k)
    shown = published(total, breakdowns, hidden)
    for members in shown.values():
        assert len(members) >= k
    for (key_a, a), (key_b, b) in itertools.permutations(shown.items(), 2):
        if b <= a:
            assert len(a - b) == 0 or len(a - b) >= k, (key_a, key_b)
    for name in breakdowns:
        if TOTAL in hidden:
            continue
        # The total minus every shown cell of a breakdown is the hidden cells together.
        rest = frozenset().union(*(m for (n, v), m in shown.items() if n == name))
        assert len(total - rest) == 0 or len(total - rest) >= k, name


@given(people=people_strategy)
def test_a_total_under_the_threshold_publishes_nothing(people):
    people = people[:9]
    total, breakdowns = _breakdowns(people)
    assert (
        published(total, breakdowns, suppressed_groups(total=total, breakdowns=breakdowns, k=10))
        == {}
    )


def test_one_small_service_hides_the_next_smallest_too():
    people = [("a", "sw")] * 30 + [("b", "sw")] * 12 + [("c", "sw")] * 3
    total, breakdowns = _breakdowns(people)
    hidden = suppressed_groups(total=total, breakdowns=breakdowns, k=10)
    assert ("service", "c") in hidden and ("service", "b") in hidden
    assert ("service", "a") not in hidden


def test_a_profession_inside_one_service_is_hidden_when_the_rest_of_it_is_small():
    # Every OT who answered is in service a, which has only 4 others: a minus OTs = 4.
    people = [("a", "ot")] * 12 + [("a", "sw")] * 4 + [("b", "sw")] * 20
    total, breakdowns = _breakdowns(people)
    hidden = suppressed_groups(total=total, breakdowns=breakdowns, k=10)
    assert ("profession", "ot") in hidden or ("service", "a") in hidden
