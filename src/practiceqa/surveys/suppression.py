"""Which groups' figures may be published: none resting on fewer than `k` responses, and
none that another published figure could be subtracted from to reveal such a group.

Groups are the cells of each breakdown (every service, every profession, and "not stated"
in each) and the total. The rules, applied until nothing changes:

1. A group with fewer than `k` responses (but some) is hidden (primary suppression).
2. Within a breakdown its cells add up to the total, so the hidden cells together can be
   worked out from the total and the cells shown: together they must have at least `k`
   responses, else the smallest shown cell is hidden too (complementary suppression).
3. Across breakdowns and the total: if one shown group holds all of another (all the
   occupational therapists who answered are in one service, say), subtracting one from the
   other reveals the rest, so that rest must be nobody or at least `k`; else the smaller of
   the two is hidden.

If the total itself is under `k`, nothing is published. Empty groups have no figures.
"""

from __future__ import annotations

from collections.abc import Mapping

TOTAL = ("all", "")


def suppressed_groups(
    *, total: frozenset, breakdowns: Mapping[str, Mapping[str, frozenset]], k: int
) -> set[tuple[str, str]]:
    """The (breakdown, value) groups whose figures must not be published; `TOTAL` among
    them when the total is under `k`. Each breakdown's cells partition `total`."""
    cells: dict[tuple[str, str], frozenset] = {
        (name, value): members
        for name, groups in breakdowns.items()
        for value, members in groups.items()
    }
    if len(total) < k:
        return {TOTAL, *cells}
    hidden = {key for key, members in cells.items() if 0 < len(members) < k}
    changed = True
    while changed:
        changed = False
        for name in breakdowns:
            own = [(key, m) for key, m in cells.items() if key[0] == name and m]
            union = frozenset().union(*(m for key, m in own if key in hidden))
            if 0 < len(union) < k:
                shown = sorted((len(m), key) for key, m in own if key not in hidden)
                if shown:
                    hidden.add(shown[0][1])
                    changed = True
        shown = [(TOTAL, total)] + [(key, m) for key, m in cells.items() if m and key not in hidden]
        for key_a, a in shown:
            for key_b, b in shown:
                if key_a == key_b or key_a[0] == key_b[0] or not b <= a:
                    continue
                if 0 < len(a - b) < k:
                    hidden.add(key_b if key_b != TOTAL else key_a)
                    changed = True
                    break
            if changed:
                break
    return hidden
