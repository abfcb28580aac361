"""Who is signed in where: one row per signed-in session, so a person can see and end
their others."""

from django.conf import settings
from django.db import models

from practiceqa.core.history import History


class UserSession(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signed_in_sessions"
    )
    session_key = models.CharField(max_length=40, unique=True)
    signed_in_at = models.DateTimeField()
    last_seen_at = models.DateTimeField()
    address = models.CharField(max_length=64, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-last_seen_at"]
        indexes = [models.Index(fields=["user", "last_seen_at"])]

    def __str__(self) -> str:
        return f"Session of {self.user} since {self.signed_in_at:%Y-%m-%d %H:%M}"


class SecondFactorReset(models.Model):
    """A QA administrator removed someone's second factor, and why."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="second_factor_resets"
    )
    reset_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField()
    at = models.DateTimeField(auto_now_add=True)
    # Shown in the person's history (their staff record's history page).
    history = History()

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"Second factor of {self.user} reset on {self.at:%Y-%m-%d}"
