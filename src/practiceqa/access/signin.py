"""Who is trying to sign in: the address that sign-in lock-out counts attempts against."""

from django.conf import settings


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
