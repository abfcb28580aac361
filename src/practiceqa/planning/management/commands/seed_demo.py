from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from practiceqa.core.management.acting import ActingCommand
from practiceqa.core.services import Refusal
from practiceqa.org.demo import DEMO_PASSWORD, generate_council, later_changes, rows_to_csv
from practiceqa.org.models import StaffMember
from practiceqa.org.services.staff_import import staff_import_run
from practiceqa.planning import demo
from practiceqa.planning.selectors import default_framework_version


class Command(ActingCommand):
    help = (
        "Load a generated demo council (about 150 staff) and this financial year's audit "
        "plan, and print demo sign-ins. Safe to run again: nothing is added twice."
    )

    def handle(self, *args, **options):
        council = generate_council(**demo.COUNCIL)
        if not StaffMember.objects.exists():
            staff_import_run(content=rows_to_csv(council.rows), filename="demo-hr-export-1.csv")
            changes = later_changes(council, on=timezone.localdate())
            staff_import_run(
                content=rows_to_csv(changes, ("effective_date",)), filename="demo-hr-export-2.csv"
            )
            # One hash for every demo account: argon2 is slow on purpose.
            get_user_model().objects.filter(staff_member__isnull=False).update(
                password=make_password(DEMO_PASSWORD)
            )
            self.stdout.write(f"Loaded the demo council: {StaffMember.objects.count()} staff.")
        else:
            self.stdout.write("Staff are already loaded; the demo council was not added.")
        # Work is recorded as done only in the demo council, never in a real one.
        is_demo = StaffMember.objects.filter(email__in=council.logins.values()).exists()
        self.plan(is_demo=is_demo)
        self.stdout.write("")
        self.stdout.write(f"Demo sign-ins (password for all: {DEMO_PASSWORD}):")
        for label, email in council.logins.items():
            if StaffMember.objects.filter(email=email).exists():
                self.stdout.write(f"  {label:<45} {email}")

    def plan(self, *, is_demo: bool) -> None:
        if default_framework_version() is None:
            self.stdout.write(
                "No framework is loaded, so the audit plan was not generated: run "
                f"`python manage.py load_framework {settings.DEFAULT_FRAMEWORK}` first."
            )
            return
        today = timezone.localdate()
        try:
            if is_demo:
                past, plan = demo.build(today=today)
            else:
                past, plan = None, demo.plan_this_year(today=today)
        except Refusal as error:
            self.stdout.write(f"The audit plan was not generated: {error}.")
            return
        if past is not None and past.recorded:
            last = demo.plan_figures(plan.year - 1, today=today)
            self.stdout.write(
                f"Worked through the {last.year} to {last.year + 1} audit plan: {last.items} "
                f"items, {last.outcomes.get('on_time', 0)} done on time, "
                f"{last.outcomes.get('late', 0)} late, {last.outcomes.get('overdue', 0)} missed."
            )
            counts = past.counts
            self.stdout.write(
                f"Recorded the demo's past: {counts.get('supervision sessions', 0)} supervision "
                f"sessions, {counts.get('audits started', 0)} audits "
                f"({counts.get('audits signed off', 0)} signed off), "
                f"{counts.get('actions raised', 0)} actions."
            )
            audits = counts.get("caseload audits completed", 0)
            self.stdout.write(
                f"Imported {counts.get('caseload snapshots', 0)} caseload snapshots (each "
                f"quarter's end, and the quarter to date) and completed {audits} caseload "
                f"audit{'' if audits == 1 else 's'} from them."
            )
        elif past is not None:
            self.stdout.write("Work is already recorded; the demo's past was not added.")
        self.stdout.write(
            f"Generated the {plan.year} to {plan.year + 1} audit plan: {plan.items} items, "
            f"{plan.done} done."
        )
