"""Who a survey is for, and inviting them (a record that they were invited)."""

import datetime

from simple_history.utils import bulk_create_with_history

from practiceqa.core.services import Actor
from practiceqa.frameworks.definition_surveys import SurveyDefinition
from practiceqa.org.models import StaffMember
from practiceqa.surveys.models import Participation, Survey


def invitees(spec: SurveyDefinition, on: datetime.date):
    """Everyone a survey is for: in post on the day, in one of its professions."""
    return StaffMember.objects.in_post(on).filter(profession__in=spec.invite_professions)


def invite_new_staff(*, survey: Survey, on: datetime.date, actor: Actor | None = None) -> int:
    """Invite everyone the survey is for who has not been invited yet (a joiner)."""
    invited = set(survey.participations.values_list("staff_id", flat=True))
    new = [
        Participation(survey=survey, staff_id=pk, invited_on=on)
        for pk in invitees(survey.spec, on).values_list("pk", flat=True)
        if pk not in invited
    ]
    if new:
        bulk_create_with_history(
            new,
            Participation,
            default_user=actor.user if actor else None,
            default_change_reason="Invited to the survey",
        )
    return len(new)
