"""Access ends with the relationship.

Someone who is no longer over a person (no longer their supervisor, manager or above them)
keeps read access to the audits they wrote and the actions they raised, and loses every
write to them: sign-off, amendment, progress notes, closing. The sign-off of a submitted
audit whose auditor is no longer over its subject passes to the subject's current
supervisor, or else their line manager, or else the next manager up their line (their
team's manager, their service's manager, the head of their service, any head of service:
the succession plan items' leads follow).
"""

from django.utils import timezone

from practiceqa.access.scope import scope_for, scope_includes
from practiceqa.org.models import Relationship, StaffMember


def is_over(person: StaffMember | None, subject: StaffMember) -> bool:
    """`person` is responsible for `subject` today: their scope includes them (worked out
    once for the person's user object, however many subjects it is asked about)."""
    user = getattr(person, "user", None) if person is not None else None
    return user is not None and person.pk != subject.pk and scope_for(user).includes(subject)


def is_over_one(person: StaffMember | None, subject: StaffMember) -> bool:
    """`is_over` asked once (the audit being shown): the same answer, found by walking up
    from `subject` rather than working out everyone `person` sees."""
    user = getattr(person, "user", None) if person is not None else None
    return user is not None and person.pk != subject.pk and scope_includes(user, subject)


def audit_signer_id(audit) -> int | None:
    """Who signs off the audit now: its auditor while still over the subject, else the
    subject's nearest senior: supervisor, line manager, or the next manager up their line
    (None if nobody stands above them)."""
    cached = getattr(audit, "_signer_id", False)
    if cached is not False:
        return cached
    in_a_list = hasattr(audit, "nearest_senior_id")  # found for a whole list at once
    # In a list each auditor's scope is worked out once for all their audits; for one
    # audit, walking up from its subject asks less.
    over = is_over if in_a_list else is_over_one
    if over(audit.auditor, audit.subject):
        signer = audit.auditor_id
    elif in_a_list:
        signer = audit.nearest_senior_id
    else:
        seniors = Relationship.objects.nearest_seniors([audit.subject_id], timezone.localdate())
        signer = seniors.get(audit.subject_id)
    audit._signer_id = signer
    return signer


def may_sign_off(person: StaffMember | None, audit) -> bool:
    return (
        person is not None and person.pk != audit.subject_id and person.pk == audit_signer_id(audit)
    )
