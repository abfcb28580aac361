"""What My work shows of a person's work and people, read together so that the page can
keep it under the figures' version token (core.kept_figures, ADR 0010) for each person,
scope and day."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from practiceqa.audits import selectors_work as audit_selectors
from practiceqa.org import selectors as org_selectors
from practiceqa.planning import selectors_work
from practiceqa.surveys import selectors as survey_selectors

if TYPE_CHECKING:
    from practiceqa.access.scope import StaffScope
    from practiceqa.org.models import StaffMember

UNSUPERVISED_SHOWN = 25


@dataclass(frozen=True)
class MyWork:
    """Everything My work reads for a person in post, but their account and what the access
    rules decide on each request. Shared between requests once kept: not to be changed."""

    seniors: dict
    reports: dict
    plan_work: selectors_work.PlanWork
    my_surveys: list
    audits: audit_selectors.AuditWorkFound | None  # None: not shown to this person
    unsupervised: list | None  # None: they see nobody else


def my_work(
    *, me: StaffMember, scope: StaffScope, today: datetime.date, sees_audits: bool
) -> MyWork:
    """Made from plan items, audits and their templates and comments, people, teams,
    services, relationships, surveys and their participants: all versioned tables (every
    template is written with the framework version it belongs to, and never again)."""
    seniors, reports = org_selectors.relationships_of(staff=me, on=today)
    audits = None
    if sees_audits:
        audits = audit_selectors.audit_work_found(
            me=me,
            juniors=scope.staff_ids - {me.pk},
            teams=scope.team_ids,
            services=scope.service_ids,
        )
    return MyWork(
        seniors=seniors,
        reports=reports,
        plan_work=selectors_work.plan_work(staff=me, today=today),
        my_surveys=survey_selectors.my_surveys(staff=me, today=today),
        audits=audits,
        unsupervised=None if scope.is_only_self else unsupervised(scope=scope, today=today),
    )


def unsupervised(*, scope: StaffScope, today: datetime.date) -> list:
    """The first practitioners in the scope without a supervisor, each with how many in all."""
    return list(org_selectors.staff_without_supervisor(scope=scope, on=today)[:UNSUPERVISED_SHOWN])
