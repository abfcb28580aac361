"""Emails about audits. A mail server that fails does not undo what was saved.

Each function returns the person emailed, or None when no email went (no address, or the
mail server failed), so that what a page says names only someone who was told."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse

from practiceqa.audits.models import Audit
from practiceqa.audits.workflow import SUBJECT, whose_turn
from practiceqa.org.models import StaffMember

logger = logging.getLogger(__name__)


def _send(*, to, subject: str, lines: list[str]) -> StaffMember | None:
    if not to.email:
        return None
    try:
        send_mail(subject, "\n\n".join([f"Dear {to.full_name},", *lines]), None, [to.email])
    except Exception:  # the audit is saved; the failure is logged for the administrator
        logger.exception("Could not email %s about an audit", to.email)
        return None
    return to


def _about(audit: Audit) -> str:
    case = f" (case {audit.case_identifier})" if audit.case_identifier else ""
    return f"{audit.template.title}{case}"


def notify_submitted(*, audit: Audit, link: str) -> StaffMember | None:
    return _send(
        to=audit.subject,
        subject=f"An audit about you has been submitted: {audit.template.title}",
        lines=[
            f"{audit.auditor.full_name} has submitted the {_about(audit)} about your work.",
            f"You can read it and add your comments: {link}",
        ],
    )


def notify_turn(*, audit: Audit, link: str) -> StaffMember | None:
    """A practice observation has been handed over to the other party."""
    worker_turn = whose_turn(audit) == SUBJECT
    to = audit.subject if worker_turn else audit.auditor
    by = audit.auditor if worker_turn else audit.subject
    return _send(
        to=to,
        subject="Practice observation: it is your turn",
        lines=[
            f"{by.full_name} has completed their part of the practice observation and "
            f"handed it over to you ({audit.get_stage_display().lower()}).",
            f"Open it here: {link}",
        ],
    )


def notify_observation_complete(*, audit: Audit, link: str) -> StaffMember | None:
    return _send(
        to=audit.auditor,
        subject=f"Practice observation of {audit.subject.full_name} completed",
        lines=[
            f"{audit.subject.full_name} has completed their reflections and signed the "
            "practice observation. It is kept on their supervision file.",
            f"You can read it and sign it off: {link}",
        ],
    )


def notify_signed_off(*, audit: Audit, link: str) -> StaffMember | None:
    return _send(
        to=audit.subject,
        subject=f"An audit about you has been signed off: {audit.template.title}",
        lines=[
            f"{audit.auditor.full_name} has signed off the {_about(audit)} about your work.",
            f"You can read it here: {link}",
        ],
    )


def notify_commented(*, audit: Audit, link: str) -> StaffMember | None:
    return _send(
        to=audit.auditor,
        subject=f"{audit.subject.full_name} has commented on an audit",
        lines=[
            f"{audit.subject.full_name} has added comments to the {_about(audit)} you led.",
            f"Read them here: {link}",
        ],
    )


def notify_observation_started(*, audit: Audit) -> StaffMember | None:
    """The worker writes boxes 1 and 2 first, so they are told when an observation starts."""
    link = f"{settings.SITE_URL}{reverse('audit-detail', args=[audit.pk])}"
    return _send(
        to=audit.subject,
        subject="Practice observation: please complete boxes 1 and 2",
        lines=[
            f"{audit.auditor.full_name} has started a practice observation of your work.",
            "Before the observation, complete boxes 1 and 2 (the background to the contact "
            f"and the planning for it), then hand it over to them: {link}",
        ],
    )
