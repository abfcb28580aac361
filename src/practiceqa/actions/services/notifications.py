"""Emails about actions. A mail server that fails does not undo what was saved."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse

from practiceqa.actions.models import Action
from practiceqa.core.services import display_name
from practiceqa.org.models import StaffMember

logger = logging.getLogger(__name__)


def notify_owner(*, action: Action, given_by) -> StaffMember | None:
    """Tell the owner an action has been given to them; returns them if the email went."""
    owner = action.owner
    if not owner.email:
        return None
    link = f"{settings.SITE_URL}{reverse('action-detail', args=[action.pk])}"
    body = "\n\n".join(
        [
            f"Dear {owner.full_name},",
            f"{display_name(given_by)} has given you an action, due {action.due_on:%-d %B %Y}:",
            action.description,
            f"You can record progress and mark it as done here: {link}",
        ]
    )
    try:
        send_mail(f"An action for you, due {action.due_on:%-d %B %Y}", body, None, [owner.email])
    except Exception:  # the action is saved; the failure is logged for the administrator
        logger.exception("Could not email %s about an action", owner.email)
        return None
    return owner
