"""Small statistics of caseload figures."""

import math
from collections.abc import Sequence
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
