"""Read queries of the plan page, each a fixed number of queries however big the plan."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import connection
from django.db.models import Count, Q, QuerySet

from practiceqa.audits.services.starting import framework_version_for_new_audits, template_code_for
from practiceqa.core.links import pk_link
from practiceqa.core.precompiled import Precompiled
from practiceqa.core.words import short_date
from practiceqa.frameworks.definition import definition_of
from practiceqa.frameworks.models import AuditTemplate, FrameworkVersion
from practiceqa.org.models import StaffMember
from practiceqa.planning.models import PlanGeneration, PlanItem, PlanItemStatus
from practiceqa.planning.outcomes import (
    DONE_ON,
    Outcome,
    Progress,
    item_outcome,
    outcome_of,
    outcome_q,
    with_done_by_key,
    with_progress,
)
from practiceqa.planning.schedule import timing_text

if TYPE_CHECKING:
    from practiceqa.access.scope import StaffScope

LEAD_WORDS = {
    "supervisor": "Supervisors",
    "line_manager": "Line managers of supervisors",
    "principal_social_worker": "Principal Social Worker",
}
NO_LEAD = "none"


def visible_items_q(scope: StaffScope) -> Q:
    """Plan items a viewer may see: those about people in their scope, those they lead, and
    the organisational items (the framework's own activities, about nobody)."""
    if scope.everyone:
        return Q()
    return scope.q(prefix="subject__") | Q(subject__isnull=True) | Q(lead_id=scope.self_id)


def measure_q(measure: str, today: datetime.date) -> Q:
    """Items behind one number of the compliance table (on items `with_progress`): the
    outcomes, and the counts made of them."""
    if measure == "scheduled":
        return Q()
    if measure == "due":
        return Q(is_done=True) | Q(due_on__lt=today)
    if measure == "done":
        return Q(is_done=True)
    return outcome_q(measure, today)


def default_framework_version() -> FrameworkVersion | None:
    """The latest version of the council's framework (setting DEFAULT_FRAMEWORK)."""
    return framework_version_for_new_audits()


def plan_version(year: int) -> FrameworkVersion | None:
    """The framework version the year was planned on (the latest used), else the default:
    one query for a year with a plan."""
    latest = (
        PlanItem.objects.filter(year=year)
        .order_by("-framework_version_id")
        .values("framework_version_id")[:1]
    )
    version = FrameworkVersion.objects.select_related("framework").filter(pk=latest).first()
    return version if version is not None else default_framework_version()


def type_names(version: FrameworkVersion | None) -> dict[str, str]:
    if version is None:
        return {}
    return {t.code: t.name for t in definition_of(version).audit_types}


@dataclass
class ScheduleRow:
    """One line of Appendix 6 for the year: when, who leads, what, and how many items."""

    code: str
    activity: str
    timing: str
    who: str
    per_quarter: list[int] = field(default_factory=lambda: [0, 0, 0, 0])
    withdrawn: int = 0

    @property
    def planned(self) -> int:
        return sum(self.per_quarter)


def plan_schedule(
    *, scope: StaffScope, year: int, version: FrameworkVersion | None
) -> list[ScheduleRow]:
    """The year as Appendix 6 reads, with the number of items due in each quarter."""
    rows: dict[str, ScheduleRow] = {}
    names = type_names(version)
    rules = definition_of(version).plan.rules if version else ()
    for rule in rules:
        code = rule.audit_type
        rows[code] = ScheduleRow(
            code=code,
            activity=names.get(code, code),
            timing=timing_text(rule.windows),
            who=LEAD_WORDS.get(rule.lead, rule.lead),
        )
    counts = (
        PlanItem.objects.filter(visible_items_q(scope), year=year)
        .values("audit_type", "quarter", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    for entry in counts:
        row = rows.setdefault(
            entry["audit_type"],
            ScheduleRow(code=entry["audit_type"], activity=entry["audit_type"], timing="", who=""),
        )
        if entry["status"] == PlanItemStatus.WITHDRAWN:
            row.withdrawn += entry["n"]
        else:
            row.per_quarter[entry["quarter"] - 1] += entry["n"]
    return list(rows.values())


def plan_item_ids(*, scope: StaffScope, year: int, filters: dict, today: datetime.date):
    """The ids of `plan_items`, in the same order: a page of them is found (and all of them
    counted) from the items' index and the subjects' names alone, and `plan_rows` then
    reads just the page's rows."""
    items = _filtered(scope=scope, year=year, filters=filters, today=today)
    return items.order_by(*PLAN_ORDER).values_list("pk", flat=True)


PLAN_ORDER = ("due_on", "audit_type", "subject__full_name", "pk")


def _filtered(*, scope: StaffScope, year: int, filters: dict, today: datetime.date) -> QuerySet:
    items = PlanItem.objects.filter(visible_items_q(scope), year=year)
    if filters.get("quarter"):
        items = items.filter(quarter=filters["quarter"])
    if filters.get("audit_type"):
        items = items.filter(audit_type=filters["audit_type"])
    if filters.get("team"):
        items = items.filter(team_id=filters["team"])
    lead = filters.get("lead")
    if lead == NO_LEAD:
        items = items.filter(lead__isnull=True)
    elif lead:
        items = items.filter(lead_id=int(lead))
    status = filters.get("status")
    if status == PlanItemStatus.WITHDRAWN:
        items = items.filter(status=PlanItemStatus.WITHDRAWN)
    elif status:
        items = items.filter(status=PlanItemStatus.PLANNED)
        if status in {"done", "overdue", "not_yet_due"}:
            # Only here: whether each item is done reads its audit, which counting the
            # page's items would otherwise do for the whole year. PostgreSQL reads it by
            # the audit's key (a join hashes every audit of every year); SQLite joins by
            # the key already, faster than a subquery for each item.
            progress = with_done_by_key if connection.vendor == "postgresql" else with_progress
            items = progress(items).filter(measure_q(status, today))
    return items


def plan_rows(ids, *, scope: StaffScope, today: datetime.date, names: dict[str, str]) -> list[dict]:
    """What the rows of these items (a page of `plan_item_ids`, unevaluated: the database
    finds the page's ids and then reads just their rows, in one query) show, in the list's
    order, as plain values for `item_rows`; and one query for the names of the supervisees
    sampled."""
    rows = list(
        PlanItem.objects.filter(pk__in=ids)
        .annotate(done_date=DONE_ON)
        .order_by(*PLAN_ORDER)
        .values(*ROW_VALUES)
    )
    wanted = {pk for row in rows for pk in row["sample_supervisee_ids"]}
    sampled = (
        dict(StaffMember.objects.filter(pk__in=wanted).values_list("pk", "full_name"))
        if wanted
        else {}
    )
    item_url, staff_url = pk_link("plan-item"), pk_link("staff-detail")
    for row in rows:
        withdrawn = row["status"] == PlanItemStatus.WITHDRAWN
        subject = row["subject_id"]
        viewable = subject is not None and scope.includes_ids(
            subject, row["subject__team_id"], row["subject__team__service_id"]
        )
        outcome = outcome_of(
            due_on=row["due_on"], done_on=row["done_date"], today=today, withdrawn=withdrawn
        )
        started = outcome == Outcome.NOT_YET_DUE and row["audit_id"] is not None
        row |= {
            "state": Progress.STARTED if started else Progress(outcome.value),
            "withdrawn": withdrawn,
            "samples": [sampled[pk] for pk in row["sample_supervisee_ids"] if pk in sampled],
            "activity": names.get(row["audit_type"], row["audit_type"]),
            "url": item_url(row["pk"]),
            "subject_name": row["subject__full_name"],
            "subject_url": staff_url(subject) if viewable else "",
            "team_name": row["team__name"],
            "lead_name": row["lead__full_name"],
            "due_text": short_date(row["due_on"]),
            "window_text": short_date(row["window_start"]),
            "done_text": "" if withdrawn else short_date(row["done_date"]),
        }
    return rows


# What a row of the plan shows, read as plain values by `plan_rows`.
ROW_VALUES = (
    "pk",
    "quarter",
    "audit_type",
    "status",
    "due_on",
    "window_start",
    "withdrawn_reason",
    "sample_supervisee_ids",
    "audit_id",
    "done_date",
    "lead_id",
    "lead__full_name",
    "subject_id",
    "subject__full_name",
    "subject__team_id",
    "subject__team__service_id",
    "team__name",
)


def leads_of_year(*, scope: StaffScope, year: int) -> list[tuple[int, str]]:
    """Everyone who leads an item the viewer may see, for the "who leads" filter: the
    year's distinct leads, read from the (lead, year) index (a skip-scan on SQLite), then
    their names."""
    leads = (
        PlanItem.objects.filter(visible_items_q(scope), year=year, lead__isnull=False)
        .values("lead_id")
        .distinct()
        .order_by()
    )
    return list(
        StaffMember.objects.filter(pk__in=leads)
        .order_by("full_name", "pk")
        .values_list("pk", "full_name")
    )


def items_without_lead(*, scope: StaffScope, year: int) -> int:
    return PlanItem.objects.filter(
        visible_items_q(scope), year=year, lead__isnull=True, status=PlanItemStatus.PLANNED
    ).count()


def open_items_without_lead() -> QuerySet:
    """Open items (planned, not done) that nobody leads, any year, earliest due first: for
    the PSW or a QA administrator to give to a representative."""
    return (
        with_progress(PlanItem.objects.filter(lead__isnull=True, status=PlanItemStatus.PLANNED))
        .filter(is_done=False)
        .select_related("subject", "team", "framework_version", "audit")
        .order_by("due_on", "audit_type", "subject__full_name", "pk")
    )


def sample_names(items) -> dict[int, list[str]]:
    """Names of the supervisees to sample, for the supervision audits among `items`: one
    query for a whole page."""
    wanted = {pk for item in items for pk in item.sample_supervisee_ids}
    if not wanted:
        return {}
    names = dict(StaffMember.objects.filter(pk__in=wanted).values_list("pk", "full_name"))
    result: dict[int, list[str]] = defaultdict(list)
    for item in items:
        result[item.pk] = [names[pk] for pk in item.sample_supervisee_ids if pk in names]
    return result


@dataclass(frozen=True)
class LastGeneration:
    """When a year's plan was last generated, by whom (as `display_name` writes them) and
    what it changed."""

    created_at: datetime.datetime
    by: str
    added: int
    withdrawn: int
    reinstated: int
    reassigned: int


def last_generation(*, year: int) -> LastGeneration | None:
    """One query (compiled once) for the plain values the plan page shows."""
    rows = _LAST_GENERATION.rows(year=year)
    if not rows:
        return None
    row = rows[0]
    created_at, added, withdrawn, reinstated, reassigned, user, staff, name, *account = row
    if user is None:
        by = ""
    elif staff is not None:
        by = name
    else:
        first, last, username = account
        by = f"{first} {last}".strip() or username
    return LastGeneration(created_at, by, added, withdrawn, reinstated, reassigned)


_GENERATION_VALUES = (
    "created_at",
    "added",
    "withdrawn",
    "reinstated",
    "reassigned",
    "generated_by_id",
    "generated_by__staff_member__id",
    "generated_by__staff_member__full_name",
    "generated_by__first_name",
    "generated_by__last_name",
    "generated_by__username",
)
_LAST_GENERATION = Precompiled(
    lambda year: (
        PlanGeneration.objects.filter(year=year)
        .order_by("-created_at", "-pk")
        .values_list(*_GENERATION_VALUES)[:1]
    ),
    year=29_999,  # a year no plan has, for the stand-in
)


def plan_years() -> list[int]:
    """The years that have a plan, earliest first: each found from the year index by the
    next year after the last (a skip-scan, a dozen index look-ups), where DISTINCT reads
    every item's entry on PostgreSQL."""
    table = connection.ops.quote_name(PlanItem._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH RECURSIVE years(year) AS (
                SELECT MIN(year) FROM {table}
                UNION ALL
                SELECT (SELECT MIN(year) FROM {table} WHERE year > years.year)
                FROM years WHERE years.year IS NOT NULL
            )
            SELECT year FROM years WHERE year IS NOT NULL
            """
        )
        return [year for (year,) in cursor.fetchall()]


def item_state(item, today) -> Progress:
    """What an item's tag says: its outcome, except that work started and not yet due is
    "Started"."""
    outcome = item_outcome(item, today)
    if outcome == Outcome.NOT_YET_DUE and item.audit_id is not None:
        return Progress.STARTED
    return Progress(outcome.value)


@dataclass
class AuditStart:
    """What starting the audit of a plan item needs: the template of the item's framework
    version, who is audited, who audits, and whose supervision records to sample."""

    item: PlanItem
    template: AuditTemplate | None
    subject: StaffMember | None
    auditor: StaffMember | None
    sample_supervisees: list[StaffMember]


def audit_start_for(*, item: PlanItem) -> AuditStart:
    """What the item page shows before its audit starts: the template the audits app will
    use (by the same rule, `template_code_for`), the people and the sample. Two queries."""
    audit_type = item.audit_type_definition
    code = None
    if item.subject is not None and item.has_audit_tool:
        code = template_code_for(audit_type, item.subject)
    template = (
        AuditTemplate.objects.filter(version_id=item.framework_version_id, code=code).first()
        if code
        else None
    )
    supervisees = list(
        StaffMember.objects.filter(pk__in=item.sample_supervisee_ids).order_by("full_name")
    )
    return AuditStart(
        item=item,
        template=template,
        subject=item.subject,
        auditor=item.lead,
        sample_supervisees=supervisees,
    )
