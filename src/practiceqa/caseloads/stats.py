"""Small statistics of caseload figures."""

import math
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal


def percentile(values: Sequence[float], fraction: float) -> float | None:
    """The percentile by linear interpolation between the closest ranks (the median is
    fraction 0.5); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * fraction
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (rank - low) * (ordered[high] - ordered[low])


def round2(value) -> float | None:
    """Rounded to two decimals, halves away from zero; None stays None."""
    if value is None:
        return None
    return float(Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def percentile_of_counts(counts: Iterable[tuple[float, int]], fraction: float) -> float | None:
    """`percentile` of the values each repeated as many times as counted ((value, count)
    pairs), without listing them one by one; None for no values."""
    ordered = sorted((value, n) for value, n in counts if n > 0)
    total = sum(n for _, n in ordered)
    if not total:
        return None
    rank = (total - 1) * fraction
    low = math.floor(rank)
    high = min(low + 1, total - 1)

    def at(index: int) -> float:
        seen = 0
        for value, n in ordered:
            seen += n
            if index < seen:
                return value
        raise IndexError(index)

    return at(low) + (rank - low) * (at(high) - at(low))
