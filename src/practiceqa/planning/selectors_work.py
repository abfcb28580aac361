"""My work's plan items: those a person leads (or is to take over) and those about them,
read as plain values, each row's words and links worked out once."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q, QuerySet

from practiceqa.core.links import pk_link
from practiceqa.core.words import counted, listed, short_date
from practiceqa.frameworks.definition import definition_of
from practiceqa.frameworks.models import FrameworkVersion
from practiceqa.org.models import StaffMember
from practiceqa.planning.models import PlanItem, PlanItemStatus
from practiceqa.planning.outcomes import DONE, Progress
from practiceqa.planning.schedule import financial_year_of


def work_for(*, staff: StaffMember, today: datetime.date) -> QuerySet:
    """Open plan items a person leads (or is to take over) or that are about them ("My
    work"): planned, not done, from last financial year on, earliest due first. Items about
    someone who has left are no longer the lead's to do."""
    return (
        PlanItem.objects.filter(
            # One indexed column in each term, so the database finds the person's rows by
            # index rather than reading every year's planned items.
            Q(lead=staff) | Q(successor=staff) | Q(subject=staff),
            ~DONE,
            status=PlanItemStatus.PLANNED,
            year__gte=financial_year_of(today) - 1,
        )
        # A leaver's item stays in the figures, but leaves the lead's work once it can no
        # longer be done (unless it is also theirs to take over, or about them).
        .exclude(
            Q(lead=staff, subject__end_date__lt=today) & ~Q(successor=staff) & ~Q(subject=staff)
        )
        .order_by("due_on", "audit_type", "subject__full_name", "pk")
    )


# Only what a row of My work shows and its progress is worked out from: a person with many
# items does not pay for a model object of each, nor for every column of five tables.
WORK_COLUMNS = (
    "pk",
    "framework_version_id",
    "audit_type",
    "due_on",
    "lead_id",
    "lead__full_name",
    "successor_id",
    "subject_id",
    "subject__full_name",
    "subject__team__name",
    "audit_id",
)


@dataclass(slots=True)
class WorkItem:
    """A row of My work's plan tables: an open item as plain values, what it shows worked
    out once here (`plan_rows_led`, `plan_rows_about_me` write it)."""

    pk: int
    audit_type: str
    due_on: datetime.date
    activity: str  # the audit type's name in the item's framework version
    due_text: str
    subject_id: int | None
    subject_name: str | None
    team_name: str | None
    lead_id: int | None
    lead_name: str | None
    audit_id: int | None
    state: Progress
    taking_over: bool
    tool: bool  # answered on an audit tool, rather than recorded as done
    url: str
    action_url: str


@dataclass
class PlanWork:
    """A person's open plan items for "My work": those they lead, and those about them."""

    led: list[WorkItem]
    about_me: list[WorkItem]

    @property
    def overdue(self) -> int:
        return sum(1 for item in self.led if item.state == Progress.OVERDUE)

    @property
    def led_summary(self) -> str:
        """What the plan gives this person to lead, by type, earliest due first: "4
        practice standards audits and 2 practice observations"."""
        by_type = Counter(item.activity.lower() for item in self.led)
        return listed([counted(count, name) for name, count in by_type.items()])


def plan_work(*, staff: StaffMember, today: datetime.date) -> PlanWork:
    """`work_for`, split and with each item's progress and type named; two queries (the
    items, and the framework versions they were planned on)."""
    soon = today + datetime.timedelta(days=settings.REMINDER_DAYS_BEFORE)
    rows = list(work_for(staff=staff, today=today).values_list(*WORK_COLUMNS))
    types = _audit_types({row[1] for row in rows})
    led, about_me = [], []
    item_url, take_over_url = pk_link("plan-item"), pk_link("plan-item-take-over")
    audit_url = pk_link("audit-detail")
    for pk, version, code, due_on, lead, lead_name, successor, subject, *rest in rows:
        subject_name, team_name, audit = rest
        # Not done (`work_for`): overdue or not yet due, and started once it has an audit.
        if due_on < today:
            state = Progress.OVERDUE
        elif audit is not None:
            state = Progress.STARTED
        else:
            state = Progress.DUE_SOON if due_on <= soon else Progress.NOT_YET_DUE
        name, tool = types.get((version, code), (code, False))
        taking_over = successor == staff.pk
        url = item_url(pk)
        if taking_over:
            action_url = take_over_url(pk)
        elif audit:
            action_url = audit_url(audit)
        else:
            action_url = url
        item = WorkItem(
            pk=pk,
            audit_type=code,
            due_on=due_on,
            activity=name,
            due_text=short_date(due_on),
            subject_id=subject,
            subject_name=subject_name,
            team_name=team_name,
            lead_id=lead,
            lead_name=lead_name,
            audit_id=audit,
            state=state,
            taking_over=taking_over,
            tool=tool,
            url=url,
            action_url=action_url,
        )
        led_by_me = lead == staff.pk or taking_over
        (led if led_by_me and subject != staff.pk else about_me).append(item)
    return PlanWork(led=led, about_me=about_me)


def _audit_types(version_ids: set[int]) -> dict[tuple[int, str], tuple[str, bool]]:
    """For each framework version, each audit type's name and whether it has an audit tool;
    one query (none for no versions). A definition is decoded once per process and kept
    under its version's checksum: the stored definition is read (a query more) only then."""
    found = {}
    versions = FrameworkVersion.objects.filter(pk__in=version_ids).only("pk", "checksum")
    for version in versions if version_ids else ():
        for audit_type in definition_of(version).audit_types:
            found[version.pk, audit_type.code] = (audit_type.name, audit_type.has_tool)
    return found
