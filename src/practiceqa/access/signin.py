"""Who is trying to sign in, and how often they may fail."""

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum


class SignInThrottle(AxesDatabaseHandler):
    """Failed sign-ins counted per account across every address, and per address across
    every account, each against its own limit.

    Guessing one person's password from many addresses is stopped by the account's limit
    (`AXES_FAILURE_LIMIT`); trying a few passwords on many accounts from one address (the
    usual spraying attack) by the address's limit (`AXES_ADDRESS_FAILURE_LIMIT`), which is
    higher because a whole office may share one address. Failures stay counted until they
    are older than the cool-off time, even after a successful sign-in.
    """

    def get_failures(self, request, credentials: dict | None = None) -> int:
        # One queryset per lockout parameter, in the order of AXES_LOCKOUT_PARAMETERS.
        account, address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        # Axes compares one number with AXES_FAILURE_LIMIT, so the address's count is
        # scaled to that limit: it reaches it exactly when the address reaches its own.
        account_limit = settings.AXES_FAILURE_LIMIT
        address_scaled = address * account_limit // settings.AXES_ADDRESS_FAILURE_LIMIT
        return max(account, address_scaled)
