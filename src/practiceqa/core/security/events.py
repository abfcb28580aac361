import logging

from django.conf import settings

logger = logging.getLogger("practiceqa.security")


def client_ip(request) -> str | None:
    """The client's address, as the nearest trusted proxy saw it.

    Behind `AXES_IPWARE_PROXY_COUNT` proxies, each proxy appends the address it received the
    request from to X-Forwarded-For, so the client is that many entries from the right.
    Entries further left are whatever the client sent and are ignored, so a client cannot
    pick a new address for each attempt. With no proxy declared, the header is ignored.
    """
    remote = request.META.get("REMOTE_ADDR")
    proxies = getattr(settings, "AXES_IPWARE_PROXY_COUNT", None) or 0
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxies:
        return remote
    return forwarded[-proxies]


def _account(user) -> str | None:
    if user is None or not getattr(user, "is_authenticated", True):
        return None
    return user.get_username()


def security_event(event: str, *, request=None, user=None, **details) -> None:
    """Log one security event: what happened, to or by which account, from which address.

    `user` defaults to the request's signed-in user. Never pass a password or a secret."""
    if user is None and request is not None:
        user = getattr(request, "user", None)
    fields = {"event": event, "account": _account(user)}
    if request is not None:
        fields["address"] = client_ip(request)
        fields["path"] = request.path
    fields.update(details)
    logger.info(event, extra={"security": fields})
