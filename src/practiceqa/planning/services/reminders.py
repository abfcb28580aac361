"""Reminders by email: before work falls due, when it becomes overdue, and a weekly digest
of overdue work to each manager.

Each reminder is claimed in the database (ReminderSent, unique on kind, object and period)
before its email goes, so that no reminder is ever sent twice, even by two runs at once. If
an email cannot be sent its claims are released, and the next run tries again. Several
reminders for one person go in one email. Django's email settings choose the transport.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from practiceqa.actions.models import OPEN_STATUSES, Action
from practiceqa.org.models import Role, StaffMember, in_post_q
from practiceqa.planning.models import PlanItem, PlanItemStatus, ReminderKind, ReminderSent
from practiceqa.planning.outcomes import with_progress
from practiceqa.planning.schedule import financial_year_of
from practiceqa.planning.selectors import default_framework_version, type_names

# An item or action that became overdue longer ago than this is left to the weekly digest:
# a first run on an old database does not send a reminder for every item ever missed.
OVERDUE_LOOKBACK_DAYS = 28
DIGEST_ROLES = (Role.TEAM_MANAGER, Role.SERVICE_MANAGER, Role.HEAD_OF_SERVICE)


@dataclass
class Claim:
    kind: str
    object_key: str
    period_key: str
    line: str  # what the email says about it

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.kind, self.object_key, self.period_key)


@dataclass
class Letter:
    """One email to one person, with the reminders it carries."""

    recipient: str
    name: str
    subject: str
    template: str
    claims: list[Claim] = field(default_factory=list)
    context: dict = field(default_factory=dict)


@dataclass
class ReminderResult:
    emails_sent: int = 0
    reminders_sent: int = 0
    already_sent: int = 0
    failed: list[str] = field(default_factory=list)


def _date(day: datetime.date) -> str:
    return f"{day:%-d %B %Y}"


def _item_line(item: PlanItem, names: dict[str, str]) -> str:
    about = f" with {item.subject.full_name}" if item.subject_id else ""
    return f"{names.get(item.audit_type, item.audit_type)}{about}, due {_date(item.due_on)}"


def _action_line(action: Action) -> str:
    text = " ".join(action.description.split())
    return f"{text[:120]}, due {_date(action.due_on)}"


def _open_items():
    return with_progress(PlanItem.objects.filter(status=PlanItemStatus.PLANNED)).filter(
        is_done=False
    )


def _reminder_subject(context: dict) -> str:
    parts = []
    if context["overdue"]:
        parts.append(f"{len(context['overdue'])} overdue")
    if context["due_soon"]:
        parts.append(f"{len(context['due_soon'])} due soon")
    return f"{settings.SERVICE_NAME}: {' and '.join(parts)}"


def _lead_letters(today: datetime.date, days_before: int, names) -> dict[str, Letter]:
    letters: dict[str, Letter] = {}

    def letter_for(person: StaffMember) -> Letter:
        return letters.setdefault(
            person.email,
            Letter(
                recipient=person.email,
                name=person.full_name,
                subject="",
                template="planning/email/reminder.txt",
                context={"due_soon": [], "overdue": []},
            ),
        )

    soon, since = (
        today + datetime.timedelta(days=days_before),
        today - datetime.timedelta(days=OVERDUE_LOOKBACK_DAYS),
    )
    items = (
        _open_items()
        .filter(in_post_q(today, prefix="lead__"), due_on__gte=since, due_on__lte=soon)
        .select_related("lead", "subject")
        .order_by("due_on", "pk")
    )
    for item in items:
        overdue = item.due_on < today
        kind = ReminderKind.ITEM_OVERDUE if overdue else ReminderKind.ITEM_DUE_SOON
        claim = Claim(
            kind, f"plan_item:{item.pk}", item.due_on.isoformat(), _item_line(item, names)
        )
        letter = letter_for(item.lead)
        letter.claims.append(claim)
        letter.context["overdue" if overdue else "due_soon"].append(claim)
    actions = (
        Action.objects.filter(
            in_post_q(today, prefix="owner__"),
            status__in=OPEN_STATUSES,
            due_on__gte=since,
            due_on__lte=soon,
        )
        .select_related("owner")
        .order_by("due_on", "pk")
    )
    for action in actions:
        overdue = action.due_on < today
        kind = ReminderKind.ACTION_OVERDUE if overdue else ReminderKind.ACTION_DUE_SOON
        claim = Claim(kind, f"action:{action.pk}", action.due_on.isoformat(), _action_line(action))
        letter = letter_for(action.owner)
        letter.claims.append(claim)
        letter.context["overdue" if overdue else "due_soon"].append(claim)
    return letters


def _digest_letters(today: datetime.date, names) -> dict[str, Letter]:
    """To each team manager, service manager and head of service, once a week: the overdue
    plan items and actions of their area (their team, or every team of their service)."""
    iso = today.isocalendar()
    week = f"{iso.year}-W{iso.week:02d}"
    managers = list(
        StaffMember.objects.filter(in_post_q(today), role__in=DIGEST_ROLES)
        .select_related("team")
        .order_by("pk")
    )
    if not managers:
        return {}
    first_year = financial_year_of(today) - 1
    by_team: dict[int, list[str]] = defaultdict(list)
    by_service: dict[int, list[str]] = defaultdict(list)
    items = (
        _open_items()
        .filter(due_on__lt=today, year__gte=first_year, subject__isnull=False)
        .select_related("subject__team", "lead")
        .order_by("due_on", "pk")
    )
    for item in items:
        lead = item.lead.full_name if item.lead_id else "no lead"
        line = f"{_item_line(item, names)} (led by {lead})"
        by_team[item.subject.team_id].append(line)
        by_service[item.subject.team.service_id].append(line)
    action_lines_team: dict[int, list[str]] = defaultdict(list)
    action_lines_service: dict[int, list[str]] = defaultdict(list)
    actions = (
        Action.objects.filter(status__in=OPEN_STATUSES, due_on__lt=today)
        .select_related("owner__team")
        .order_by("due_on", "pk")
    )
    for action in actions:
        line = f"{_action_line(action)} (owned by {action.owner.full_name})"
        action_lines_team[action.owner.team_id].append(line)
        action_lines_service[action.owner.team.service_id].append(line)
    letters = {}
    for manager in managers:
        if manager.role == Role.TEAM_MANAGER:
            item_lines = by_team[manager.team_id]
            action_lines = action_lines_team[manager.team_id]
            area = manager.team.name
        else:
            item_lines = by_service[manager.team.service_id]
            action_lines = action_lines_service[manager.team.service_id]
            area = "your service"
        if not item_lines and not action_lines:
            continue
        claim = Claim(ReminderKind.MANAGER_DIGEST, f"staff:{manager.pk}", week, "")
        letters[f"digest:{manager.pk}"] = Letter(
            recipient=manager.email,
            name=manager.full_name,
            subject=f"{settings.SERVICE_NAME}: overdue work in {area}",
            template="planning/email/digest.txt",
            claims=[claim],
            context={"items": item_lines, "actions": action_lines, "area": area},
        )
    return letters


def send_reminders(
    *, today: datetime.date | None = None, days_before: int | None = None
) -> ReminderResult:
    """Send every reminder that is due and has not been sent before."""
    today = today or timezone.localdate()
    days_before = settings.REMINDER_DAYS_BEFORE if days_before is None else days_before
    names = type_names(default_framework_version())
    letters = list(_lead_letters(today, days_before, names).values())
    letters += list(_digest_letters(today, names).values())
    result = ReminderResult()
    object_keys = {claim.object_key for letter in letters for claim in letter.claims}
    with transaction.atomic():
        sent = set(
            ReminderSent.objects.filter(object_key__in=object_keys).values_list(
                "kind", "object_key", "period_key"
            )
        )
        for letter in letters:
            fresh = [claim for claim in letter.claims if claim.key not in sent]
            result.already_sent += len(letter.claims) - len(fresh)
            letter.claims = fresh
            for group in ("due_soon", "overdue"):
                if group in letter.context:
                    letter.context[group] = [c for c in letter.context[group] if c in fresh]
        letters = [letter for letter in letters if letter.claims]
        for letter in letters:
            if "overdue" in letter.context and "due_soon" in letter.context:
                letter.subject = _reminder_subject(letter.context)
        claimed = bulk_create_with_history(
            [
                ReminderSent(
                    kind=claim.kind,
                    object_key=claim.object_key,
                    period_key=claim.period_key,
                    recipient=letter.recipient,
                )
                for letter in letters
                for claim in letter.claims
            ],
            ReminderSent,
            default_change_reason="Reminder sent",
        )
    records = {(r.kind, r.object_key, r.period_key): r for r in claimed}
    connection = get_connection()
    for letter in letters:
        body = render_to_string(
            letter.template,
            {
                **letter.context,
                "name": letter.name,
                "service_name": settings.SERVICE_NAME,
                "site_url": settings.SITE_URL,
            },
        )
        message = EmailMessage(letter.subject, body, to=[letter.recipient], connection=connection)
        try:
            message.send()
        except Exception:  # any transport failure: release the claims, retry next run
            for claim in letter.claims:
                records[claim.key].delete()
            result.failed.append(letter.recipient)
            continue
        result.emails_sent += 1
        result.reminders_sent += len(letter.claims)
    return result
