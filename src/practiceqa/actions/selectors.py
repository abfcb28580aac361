"""Read queries for actions, each with a fixed number of queries however many there are."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db.models import Case, Count, Q, QuerySet, Value, When

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
    """`base` filtered by status, in the list's order: overdue first, then what is still to
    do by due date, then closed actions. Overdue actions are due before any other open
    one, so that is open actions by due date, then closed ones by due date: every filter
    but "all" holds only one of the two, and is read in due date order from the index of
    status and due date. `listed` then loads one page of them for the list."""
    actions = base.filter(_status_q(status, on))
    if status == "all":
        closed_last = Case(When(status__in=OPEN_STATUSES, then=Value(0)), default=Value(1))
        return actions.order_by(closed_last, "due_on", "pk")
    return actions.order_by("due_on", "pk")


# What a row of the list shows, and no more.
LIST_RELATED = ("owner__team", "audit__template", "question")
LIST_COLUMNS = (
    "description",
    "due_on",
    "status",
    "owner__full_name",
    "owner__team__name",
    "audit__template__title",
    "question__number",
    "question__code",
)


def listed(actions: QuerySet, *, on: datetime.date) -> list[Action]:
    """One page of `action_list` with what the list shows, each marked `is_overdue` on the
    day `on`. The page's ids are read first, from the index alone; then only those rows
    are joined to their owners, audits and questions."""
    ids = list(actions.values_list("pk", flat=True))
    found = Action.objects.select_related(*LIST_RELATED).only(*LIST_COLUMNS).in_bulk(ids)
    page = [found[pk] for pk in ids]
    for action in page:
        action.is_overdue = action.is_overdue_on(on)
    return page


def counts_by_filter(*, base: QuerySet, on: datetime.date) -> dict[str, int]:
    """How many actions each status filter would list, in one query: the actions of each
    status, and how many of them are due before `on`, added up as the filters take them
    (`STATUS_FILTERS`)."""
    counts = dict.fromkeys(STATUS_FILTERS, 0)
    by_status = (
        base.order_by()
        .values("status")
        .annotate(count=Count("pk"), late=Count("pk", filter=Q(due_on__lt=on)))
        .values_list("status", "count", "late")
    )
    for status, count, late in by_status:
        counts[status] += count
        counts["all"] += count
        if status in OPEN_STATUSES:
            counts["outstanding"] += count
            counts["overdue"] += late
    return counts


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
