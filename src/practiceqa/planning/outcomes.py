"""What became of a plan item: done on time, done late, overdue, not yet due, or withdrawn.

Defined once, in two forms that always agree: `outcome_of` (Python, for one item already
in memory) and `outcome_q` / `OUTCOME` (query, for counting and filtering thousands of
items in the database). An item is done when its audit is finished (submitted or signed
off; the audit's date, the day it was done, counts) or, for organisational work, when it
was recorded as done. It is on time if done on or before its due date. Not done and past
its due date, it is overdue; withdrawn items have no other outcome and count nowhere.
"""

import datetime

from django.db import models
from django.db.models import BooleanField, Case, F, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce, TruncDate

from practiceqa.audits.models import FINISHED_STATUSES, Audit
from practiceqa.core.govuk.choices import TagChoices
from practiceqa.planning.models import PlanItemStatus


class Outcome(models.TextChoices):
    DONE_ON_TIME = "on_time", "Done on time"
    DONE_LATE = "late", "Done late"
    OVERDUE = "overdue", "Overdue"
    NOT_YET_DUE = "not_yet_due", "Not yet due"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Progress(TagChoices):
    """What an item's tag says: its outcome, or, before it is due, that its audit has started
    or that it falls due soon."""

    DONE_ON_TIME = Outcome.DONE_ON_TIME.value, Outcome.DONE_ON_TIME.label
    DONE_LATE = Outcome.DONE_LATE.value, Outcome.DONE_LATE.label
    OVERDUE = Outcome.OVERDUE.value, Outcome.OVERDUE.label
    NOT_YET_DUE = Outcome.NOT_YET_DUE.value, Outcome.NOT_YET_DUE.label
    WITHDRAWN = Outcome.WITHDRAWN.value, Outcome.WITHDRAWN.label
    STARTED = "started", "Started"
    DUE_SOON = "due_soon", "Due soon"

    @classmethod
    def tag_colours(cls) -> dict:
        return {
            cls.DONE_ON_TIME: "green",
            cls.DONE_LATE: "orange",
            cls.OVERDUE: "red",
            cls.NOT_YET_DUE: "blue",
            cls.WITHDRAWN: "grey",
            cls.STARTED: "light-blue",
            cls.DUE_SOON: "yellow",
        }


DONE_OUTCOMES = (Outcome.DONE_ON_TIME, Outcome.DONE_LATE)
_WITHDRAWN = Q(status=PlanItemStatus.WITHDRAWN)

# Query forms, on plan items.
AUDIT_FINISHED = Q(audit__status__in=FINISHED_STATUSES)
DONE = AUDIT_FINISHED | Q(completed_on__isnull=False)
IS_DONE = Case(When(DONE, then=Value(True)), default=Value(False), output_field=BooleanField())
DONE_ON = Coalesce(
    Case(
        When(
            AUDIT_FINISHED,
            then=Coalesce(F("audit__audit_date"), TruncDate("audit__submitted_at")),
        )
    ),
    F("completed_on"),
)


def with_progress(queryset: QuerySet) -> QuerySet:
    """Items with `is_done` and `done_on` (the audit's date, else the day it was submitted,
    in local time) computed, for `outcome_q` and the measures of compliance to filter on."""
    return queryset.alias(is_done=IS_DONE, done_on=DONE_ON)


def with_done_by_key(queryset: QuerySet) -> QuerySet:
    """Items with `is_done` (as `with_progress`), each item's audit status read by the
    audit's key: filtering a year's items on it reads only their own audits, where a join
    has PostgreSQL hash every audit there has been (ten years of them) to count one year's
    done or overdue items."""
    status = Subquery(Audit.objects.filter(pk=OuterRef("audit_id")).values("status")[:1])
    done = Q(completed_on__isnull=False) | Q(audit_status__in=FINISHED_STATUSES)
    return queryset.alias(audit_status=status).alias(
        is_done=Case(
            When(done, then=Value(True)), default=Value(False), output_field=BooleanField()
        )
    )


def outcome_q(outcome: str, today: datetime.date) -> Q:
    """Items (`with_progress`) whose outcome on `today` is `outcome`."""
    planned = ~_WITHDRAWN
    return {
        Outcome.DONE_ON_TIME: planned & Q(is_done=True, done_on__lte=F("due_on")),
        Outcome.DONE_LATE: planned & Q(is_done=True, done_on__gt=F("due_on")),
        Outcome.OVERDUE: planned & Q(is_done=False, due_on__lt=today),
        Outcome.NOT_YET_DUE: planned & Q(is_done=False, due_on__gte=today),
        Outcome.WITHDRAWN: _WITHDRAWN,
    }[Outcome(outcome)]


def outcome_annotation(today: datetime.date) -> Case:
    """The outcome as a column: `with_progress(items).annotate(outcome=...)`."""
    return Case(
        *(When(outcome_q(outcome, today), then=Value(outcome.value)) for outcome in Outcome),
        output_field=models.CharField(),
    )


def outcome_of(
    *,
    due_on: datetime.date,
    done_on: datetime.date | None,
    today: datetime.date,
    withdrawn: bool = False,
) -> Outcome:
    """The outcome of one item from its facts (plain values, as exports read them)."""
    if withdrawn:
        return Outcome.WITHDRAWN
    if done_on is not None:
        return Outcome.DONE_ON_TIME if done_on <= due_on else Outcome.DONE_LATE
    return Outcome.OVERDUE if due_on < today else Outcome.NOT_YET_DUE


def item_outcome(item, today: datetime.date) -> Outcome:
    """The outcome of a plan item (with its audit loaded, to avoid a query)."""
    return outcome_of(
        due_on=item.due_on, done_on=item.done_on, today=today, withdrawn=item.is_withdrawn
    )
