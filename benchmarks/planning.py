"""The annual audit plan at scale: generating it for a council of about 2,500 practitioners
and 350 supervisors, and reading compliance over ten years of plans.

Query counts must not grow with the staff or the years: a council a tenth of the size, and
a single year of plans, are measured beside the large figures so that they can be compared.
"""

import datetime
import zoneinfo

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from benchmarks.harness import linearity, measure, raw_floor, raw_read_floor
from benchmarks.staff_changes import monthly_changes, written_since
from practiceqa.access.scope import StaffScope
from practiceqa.audits.models import Audit
from practiceqa.core.models import AccessRecord
from practiceqa.frameworks.models import AuditTemplate
from practiceqa.frameworks.services.loading import framework_load
from practiceqa.org.demo import generate_council, later_changes, rows_to_csv
from practiceqa.org.models import Posting, Relationship, Role, StaffMember
from practiceqa.org.services.staff_import import staff_import_run
from practiceqa.org.signals import staff_import_applied
from practiceqa.planning.compliance import GROUPINGS, compliance
from practiceqa.planning.models import PlanGeneration, PlanItem, PlanItemStatus
from practiceqa.planning.receivers import FOLLOWS, plans_follow_the_staff_import
from practiceqa.planning.schedule import financial_year_of
from practiceqa.planning.services.generation import plan_generate

LONDON = zoneinfo.ZoneInfo("Europe/London")
YEARS = 10


def _wipe() -> None:
    for model in (PlanItem, PlanGeneration):
        model.history.all().delete()
        model.objects.all().delete()
    Audit.history.all().delete()
    Audit.objects.all().delete()
    for model in (Relationship, StaffMember):
        model.history.all().delete()
        model.objects.all().delete()
    AccessRecord.objects.all().delete()  # the exports' access records protect their readers
    get_user_model().objects.all().delete()


def _complete(year: int, today: datetime.date) -> None:
    """Most of the year's practitioner work done, some of it late (setup, not measured)."""
    templates = {
        t.code: t for t in AuditTemplate.objects.filter(version__framework__slug="coventry-2017")
    }
    items = list(
        PlanItem.objects.filter(
            year=year,
            status=PlanItemStatus.PLANNED,
            subject__isnull=False,
            lead__isnull=False,
            due_on__lt=today,
        ).order_by("pk")
    )
    chosen = [item for n, item in enumerate(items) if n % 10 < 7]
    audits = []
    for n, item in enumerate(chosen):
        done_on = item.due_on + datetime.timedelta(days=12 if n % 5 == 0 else -20)
        audits.append(
            Audit(
                template=templates[item.template_code],
                audit_type=item.audit_type,
                subject_id=item.subject_id,
                auditor_id=item.lead_id,
                status="submitted",
                submitted_at=datetime.datetime.combine(done_on, datetime.time(12), LONDON),
            )
        )
    Audit.objects.bulk_create(audits)
    for item, audit in zip(chosen, audits, strict=True):
        item.audit = audit
    PlanItem.objects.bulk_update(chosen, ["audit"])


def _counts() -> str:
    today = timezone.localdate()
    practitioners = StaffMember.objects.in_post(today).filter(role=Role.PRACTITIONER).count()
    supervisors = (
        Relationship.objects.current(today).supervision().values("senior").distinct().count()
    )
    return f"{practitioners:,} practitioners, {supervisors} supervisors"


def _read_compliance(results: dict, label: str, year: int, client: Client) -> None:
    everyone = StaffScope(everyone=True)
    today = timezone.localdate()
    # Once unmeasured, so that first imports and template loading are not counted.
    client.get(reverse("plan-compliance"), {"year": year})
    client.get(reverse("plan-compliance-export"), {"year": year, "format": "xlsx"})
    with measure(results, f"compliance selectors, 4 groupings, {label}"):
        for group_by in GROUPINGS:
            compliance(scope=everyone, year=year, group_by=group_by, today=today)
    with measure(results, f"compliance page (PSW, by team), {label}"):
        assert (
            client.get(reverse("plan-compliance"), {"year": year, "group_by": "team"}).status_code
            == 200
        )
    with measure(results, f"plan page (PSW), {label}"):
        assert client.get(reverse("plan"), {"year": year}).status_code == 200
    with measure(results, f"compliance export XLSX (every item), {label}"):
        response = client.get(reverse("plan-compliance-export"), {"year": year, "format": "xlsx"})
        assert response.status_code == 200


def _import_held_back(content: bytes) -> None:
    """Import a file without the plan following it: the plan follows an import by itself
    (planning/receivers.py), held back here so that the regeneration it would do is the one
    measured."""
    assert staff_import_applied.disconnect(dispatch_uid=FOLLOWS)
    try:
        staff_import_run(content=content, filename="hr-2.csv")
    finally:
        staff_import_applied.connect(plans_follow_the_staff_import, dispatch_uid=FOLLOWS)


def _regenerate(results: dict, name: str, year: int) -> None:
    """A regeneration measured, with the floor of the items it wrote and their history."""
    history = PlanItem.history.model
    mark = history.objects.order_by("-history_id").values_list("history_id", flat=True)[0]
    with measure(results, name):
        plan_generate(year=year)
    written = history.objects.filter(history_id__gt=mark).count()
    # What any regeneration must do at least: read the organisation and the year's plan,
    # and write the items it changed, with their history.
    read = [model._meta.db_table for model in (StaffMember, Posting, Relationship, PlanItem)]
    floor = raw_read_floor(read) + raw_floor(written_since({PlanItem: mark}))
    results[name] |= {"floor_seconds": floor, "items": written}


def generation(results: dict, year: int) -> None:
    """Generating the plan of a small and a large council, again with nothing changed, after
    two leavers and a few moves, and after a month of changes (`monthly_changes`). The
    large council is left in place."""
    # 120 teams of a manager, 2 senior practitioners and 19 practitioners: 2,520
    # practitioners; the seniors and managers are the 360 supervisors.
    large = generate_council(services=6, teams_per_service=20, practitioners_per_team=19)
    small = generate_council(services=1, teams_per_service=24, practitioners_per_team=19)
    for size, council in (("small council", small), ("large council", large)):
        staff_import_run(content=rows_to_csv(council.rows), filename="hr.csv")
        label = f"{size} [{_counts()}]"
        with measure(results, f"generate plan, {label}"):
            first = plan_generate(year=year)
        results[f"generate plan, {label}"] |= {
            "items": first.added,
            "rows": first.added,
            "floor_seconds": raw_floor(
                {
                    PlanItem._meta.db_table: f"year = {year}",
                    PlanItem.history.model._meta.db_table: f"year = {year}",
                }
            ),
        }
        with measure(results, f"generate again, nothing changed, {size}"):
            plan_generate(year=year)
        today = timezone.localdate()
        _import_held_back(rows_to_csv(later_changes(council, on=today), ("effective_date",)))
        _regenerate(results, f"generate again after leavers and moves, {size}", year)
        _import_held_back(rows_to_csv(monthly_changes(council, on=today), ("effective_date",)))
        _regenerate(results, f"generate again after a month's changes, {size}", year)
        if council is small:
            _wipe()
    linearity(results, "small council", "large council")


def run_generation() -> dict:
    """`make bench BENCH=plan_generation`: the generation part of this benchmark alone."""
    results: dict = {}
    framework_load(name_or_path="coventry-2017")
    generation(results, financial_year_of(timezone.localdate()))
    return results


def run() -> dict:
    results: dict = {}
    framework_load(name_or_path="coventry-2017")
    year = financial_year_of(timezone.localdate())
    generation(results, year)

    psw = StaffMember.objects.get(role=Role.PRINCIPAL_SOCIAL_WORKER)
    client = Client()
    client.force_login(psw.user)
    today = timezone.localdate()
    _complete(year, today)
    _read_compliance(results, "1 year of plans", year, client)
    for past in range(year - YEARS + 1, year):
        plan_generate(year=past)
        _complete(past, today)
    items = PlanItem.objects.count()
    _read_compliance(results, f"{YEARS} years of plans [{items:,} items]", year, client)
    _wipe()
    return results
