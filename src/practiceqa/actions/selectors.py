"""Read queries for actions, each with a fixed number of queries however many there are."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db.models import BooleanField, Case, Count, Q, QuerySet, Value, When

from practiceqa.actions.models import OPEN_STATUSES, Action, ActionStatus
from practiceqa.audits.models import Audit
from practiceqa.frameworks.models import Question
from practiceqa.org.models import StaffMember

if TYPE_CHECKING:
    from practiceqa.access.scope import StaffScope

# The filter a list offers, and what each means. "outstanding" is what still needs doing.
STATUS_FILTERS = {
    "outstanding": ("Open or in progress", Q(status__in=OPEN_STATUSES)),
    "overdue": ("Overdue", None),  # depends on the day: see _status_q
    "open": ("Open", Q(status=ActionStatus.OPEN)),
    "in_progress": ("In progress", Q(status=ActionStatus.IN_PROGRESS)),
    "done": ("Done", Q(status=ActionStatus.DONE)),
    "cancelled": ("Cancelled", Q(status=ActionStatus.CANCELLED)),
    "all": ("All", Q()),
}
DEFAULT_STATUS = "outstanding"


def overdue_q(on: datetime.date, prefix: str = "") -> Q:
    """Still to do, and due before `on`."""
    return Q(**{f"{prefix}status__in": OPEN_STATUSES, f"{prefix}due_on__lt": on})


def _status_q(status: str, on: datetime.date) -> Q:
    if status == "overdue":
        return overdue_q(on)
    return STATUS_FILTERS.get(status, STATUS_FILTERS[DEFAULT_STATUS])[1]


def owned_by(owner_id: int | None) -> QuerySet:
    """Actions one person owns: their "My actions"."""
    return Action.objects.filter(owner_id=owner_id)


def in_area(scope: StaffScope) -> QuerySet:
    """Actions owned by anyone the viewer may see (their area), their own included."""
    return Action.objects.filter(scope.q(prefix="owner__"))


def action_list(*, base: QuerySet, status: str, on: datetime.date) -> QuerySet:
    """`base` filtered by status, with what the list shows: overdue first, then what is
    still to do by due date, then closed actions."""
    return (
        base.filter(_status_q(status, on))
        .select_related("owner__team__service", "audit__template", "audit__subject", "question")
        .annotate(
            is_overdue=Case(
                When(overdue_q(on), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            is_closed=Case(
                When(status__in=OPEN_STATUSES, then=Value(False)),
                default=Value(True),
                output_field=BooleanField(),
            ),
        )
        .order_by("-is_overdue", "is_closed", "due_on", "pk")
    )


def counts_by_filter(*, base: QuerySet, on: datetime.date) -> dict[str, int]:
    """How many actions each status filter would list, in one query."""
    return base.aggregate(
        **{name: Count("pk", filter=_status_q(name, on)) for name in STATUS_FILTERS}
    )


def action_detail(*, pk: int) -> Action:
    """One action with everything its page shows; Action.DoesNotExist if there is none."""
    return Action.objects.select_related(
        "owner__team__service",
        "audit__template",
        "audit__subject__team__service",
        "question",
        "raised_by__staff_member",
        "closed_by__staff_member",
    ).get(pk=pk)


def notes_of(action: Action) -> QuerySet:
    return action.notes.select_related("author__staff_member").order_by("created_at", "pk")


def possible_owners(*, scope: StaffScope, on: datetime.date) -> QuerySet:
    """Everyone in post whom the viewer may give an action to: those they may see."""
    return (
        StaffMember.objects.filter(scope.q())
        .in_post(on)
        .select_related("team")
        .order_by("full_name", "staff_id")
    )


def audit_source(
    *, audit_id: int, question_code: str | None
) -> tuple[Audit, Question | None] | None:
    """The audit (and question of its template) an action is raised from; None if either
    is unknown."""
    audit = (
        Audit.objects.select_related("template", "subject__team__service")
        .filter(pk=audit_id)
        .first()
    )
    if audit is None:
        return None
    question = None
    if question_code:
        question = Question.objects.filter(
            template_id=audit.template_id, code=question_code
        ).first()
        if question is None:
            return None
    return audit, question
