"""What the audits app tells the others."""

from django.dispatch import Signal

# Sent when an audit is submitted (a practice observation: when its last turn completes
# it), with `audit` and `user` (who submitted it). Sent inside the submitting transaction,
# so what a receiver writes is committed, or refused, together with the submission. The
# annual plan listens, to count the audit for the plan item it fulfils.
audit_submitted = Signal()
