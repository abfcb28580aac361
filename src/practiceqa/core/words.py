"""Small helpers that keep messages in plain, correct English."""

from django.utils.dates import MONTHS_3


def article(noun: str) -> str:
    """ "a" or "an", as said before the noun."""
    return "an" if noun[:1].lower() in "aeiou" else "a"


def with_article(noun: str) -> str:
    """The noun after "a" or "an": "an adult services practice standards audit"."""
    return f"{article(noun)} {noun}"


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """ "1 leaver", "2 leavers", "1 person", "3 people"."""
    return f"{count} {singular if count == 1 else (plural or singular + 's')}"


def listed(parts: list[str], conjunction: str = "and") -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(parts) < 2:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} {conjunction} {parts[-1]}"


def short_date(day) -> str:
    """A date as templates write it with `date:"j M Y"` ("5 Jan 2027"; "" for none), without
    the filter's cost: long lists write it for every row."""
    if day is None:
        return ""
    return f"{day.day} {MONTHS_3[day.month].title()} {day.year}"
