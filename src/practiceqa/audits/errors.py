"""Why an audit write was refused. Views show the message; nothing has been changed."""

import datetime

from django.utils import timezone


class AuditRefused(Exception):
    """A rule of the framework or of the workflow stops this; the message says which."""


class StaleAudit(AuditRefused):
    """Someone else saved the audit after this person opened it."""

    def __init__(self, *, changed_by: str, changed_at: datetime.datetime):
        self.changed_by = changed_by
        self.changed_at = changed_at
        at = timezone.localtime(changed_at).strftime("%H:%M")
        super().__init__(
            f"This audit was changed by {changed_by} at {at} after you opened it. Your "
            "answers have not been saved; they are shown below so you can copy them."
        )
