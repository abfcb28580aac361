"""What every service shares: how it refuses, who is acting, and optimistic locking.

A service refuses with `Refusal` (nothing has been changed; the message says why, and
`field` names the form field it is about). Views show it as the GOV.UK error summary with
`refusal_shown_on(form)`; the API will turn it into a 400 the same way.
"""

from practiceqa.core.services.actor import Actor, display_name
from practiceqa.core.services.refusal import STALE, Refusal
from practiceqa.core.services.views import RefusalFormMixin, refusal_shown_on, show_refusal

__all__ = [
    "STALE",
    "Actor",
    "Refusal",
    "RefusalFormMixin",
    "refusal_shown_on",
    "display_name",
    "show_refusal",
]
