"""The texts of the emails the organisation sends (invitations, password resets, sign-in
email changes), rendered from their plain-text templates.

They go through an engine of their own, with Django's built-in tags only: the site's engine
imports every app's template tag libraries the first time it is used (a fifth of a second),
which a command importing staff would otherwise pay to send a few emails. The text is the
same as the site's engine would make of the same template (tests/org/test_email_texts.py).
"""

import functools

from django.conf import settings
from django.template import Context, Engine


@functools.cache
def _engine() -> Engine:
    configured = settings.TEMPLATES[0]
    return Engine(dirs=configured.get("DIRS", []), app_dirs=configured.get("APP_DIRS", False))


def email_text(template: str, context: dict) -> str:
    """The template rendered with the context, as `render_to_string` would render it."""
    return _engine().get_template(template).render(Context(context))
