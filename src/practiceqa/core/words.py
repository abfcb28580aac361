"""Small helpers that keep messages in plain, correct English."""


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
