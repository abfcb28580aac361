import re

_HIDDEN = re.compile(r'<span class="govuk-visually-hidden">[^<]*</span>')
_TAG = re.compile(r"<[^>]+>")


def text_of(response) -> str:
    """What a sighted reader sees: the page without its markup or screen-reader-only text."""
    html = response.content.decode()
    return " ".join(_TAG.sub(" ", _HIDDEN.sub(" ", html)).split())
