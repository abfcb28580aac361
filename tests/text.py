import html
import re

_HIDDEN = re.compile(r'<span class="govuk-visually-hidden">[^<]*</span>')
_TAG = re.compile(r"<[^>]+>")


def text_of(page, *, screen_reader: bool = False) -> str:
    """What a sighted reader sees: the page (a response, or part of one as markup) without
    its markup or screen-reader-only text; with `screen_reader`, that text too."""
    markup = page if isinstance(page, str) else page.content.decode()
    if not screen_reader:
        markup = _HIDDEN.sub(" ", markup)
    return " ".join(html.unescape(_TAG.sub(" ", markup)).split())
