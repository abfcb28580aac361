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


class ProviderLink(models.Model):
    """The council's identity provider knows this account by `subject` (the ID token's
    `sub`, or the claim SSO_SUBJECT_CLAIM names), kept at the first sign-in through it and
    matched by from then on: an email changed at the provider neither breaks the match nor
    hands the account to someone else."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="provider_link"
    )
    issuer = models.CharField(max_length=300)
    subject = models.CharField(max_length=300)
    linked_at = models.DateTimeField(auto_now_add=True)
    # Shown in the person's history (their staff record's history page).
    history = History()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="one_account_per_subject")
        ]

    def __str__(self) -> str:
        return f"{self.user} is {self.subject} at {self.issuer}"
