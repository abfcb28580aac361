"""Session rules: an idle timeout and an absolute timeout; every signed-in session listed.
Times are kept in the session as seconds since the epoch."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.sessions.backends.base import SessionBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from practiceqa.accounts.models import UserSession
from practiceqa.core.security import client_ip, security_event
from practiceqa.core.security.fresh import AUTHENTICATED_AT

SIGNED_IN_AT = "signed_in_at"
LAST_SEEN = "last_seen"
# The last activity is written back at most this often, not on every request.
LAST_SEEN_RESOLUTION = 60


def session_started(request, user) -> None:
    """A new signed-in session: remember when, and list it among the person's sessions."""
    now = time.time()
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN] = now
    request.session[AUTHENTICATED_AT] = now
    if request.session.session_key is None:
        request.session.save()
    moment = timezone.now()
    UserSession.objects.update_or_create(
        session_key=request.session.session_key,
        defaults={
            "user": user,
            "signed_in_at": moment,
            "last_seen_at": moment,
            "address": client_ip(request) or "",
            "user_agent": request.META.get("HTTP_USER_AGENT", "")[:300],
        },
    )


def _expired(session: SessionBase, now: float) -> str | None:
    started = session.get(SIGNED_IN_AT)
    last_seen = session.get(LAST_SEEN)
    if started is None or last_seen is None:
        return "unknown"
    if now - started > settings.SESSION_ABSOLUTE_TIMEOUT:
        return "absolute"
    if now - last_seen > settings.SESSION_IDLE_TIMEOUT:
        return "idle"
    return None


class SessionTimeoutMiddleware:
    """Signs out a session idle for longer than SESSION_IDLE_TIMEOUT, or older than
    SESSION_ABSOLUTE_TIMEOUT, whatever the person does."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            why = _expired(request.session, now)
            if why is not None:
                security_event("session_expired", request=request, reason=why)
                logout(request)
                minutes = settings.SESSION_IDLE_TIMEOUT // 60
                messages.info(
                    request,
                    f"You were signed out after {minutes} minutes without activity."
                    if why == "idle"
                    else "You were signed out: please sign in again.",
                )
                if request.method == "GET":
                    query = urlencode({"next": request.get_full_path()})
                    return redirect(f"{reverse('sign-in')}?{query}")
                return redirect("sign-in")
            if now - request.session[LAST_SEEN] >= LAST_SEEN_RESOLUTION:
                request.session[LAST_SEEN] = now
                UserSession.objects.filter(session_key=request.session.session_key).update(
                    last_seen_at=timezone.now()
                )
        return self.get_response(request)
