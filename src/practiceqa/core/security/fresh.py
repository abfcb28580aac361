"""A fresh sign-in before the weightiest actions: signing off or amending an audit,
applying an import, inviting people. Times are kept in the session as epoch seconds."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

# When the person last proved who they are (signing in, or confirming it since).
AUTHENTICATED_AT = "authenticated_at"


def sign_in_confirmed(request) -> None:
    request.session[AUTHENTICATED_AT] = time.time()


def ask_for_fresh_sign_in(request, *, what: str):
    """A redirect to confirm it is them if the person last proved who they are more than
    SIGN_IN_FRESH_FOR seconds ago; else None. Call it after the access check."""
    confirmed = request.session.get(AUTHENTICATED_AT) or 0
    if time.time() - confirmed <= settings.SIGN_IN_FRESH_FOR:
        return None
    messages.info(request, f"Confirm it is you before you {what}.")
    query = urlencode({"next": request.get_full_path()})
    return redirect(f"{reverse('confirm-sign-in')}?{query}")
