"""Links to one page per row of a long list, without resolving the URL for every row, and
to the pages every page links to (the navigation, the header and footer)."""

from collections.abc import Callable

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

_MARK = 987654321
_RESOLVED: dict[tuple, tuple[str, str]] = {}


def pk_link(name: str) -> Callable[[int], str]:
    """A function giving `reverse(name, args=[pk])` for any primary key: the URL is
    resolved once (for each script prefix and URL configuration) and the key put in its
    place."""
    key = (name, get_script_prefix(), get_urlconf())
    parts = _RESOLVED.get(key)
    if parts is None:
        head, mark, tail = reverse(name, args=[_MARK]).rpartition(str(_MARK))
        assert mark, f"{name} does not take a primary key"
        parts = _RESOLVED[key] = (head, tail)
    head, tail = parts
    return lambda pk: f"{head}{pk}{tail}"


_ADDRESSES: dict[tuple, str] = {}


def address(name: str) -> str:
    """`reverse(name)` for a page that takes no arguments, worked out once per URL
    configuration and script prefix rather than on every page."""
    key = (get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), name)
    found = _ADDRESSES.get(key)
    if found is None:
        found = _ADDRESSES[key] = reverse(name)
    return found
