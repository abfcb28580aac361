from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from practiceqa.core.management.acting import ActingCommand
from practiceqa.core.services import Refusal
from practiceqa.org.demo import DEMO_PASSWORD, generate_council, later_changes, rows_to_csv
from practiceqa.org.models import StaffMember
from practiceqa.org.services.staff_import import staff_import_run
from practiceqa.planning.demo import plan_this_year
from practiceqa.planning.selectors import default_framework_version


class Command(ActingCommand):
    help = (
        "Load a generated demo council (about 150 staff) and this financial year's audit "
        "plan, and print demo sign-ins. Safe to run again: nothing is added twice."
    )

    def handle(self, *args, **options):
        council = generate_council()
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
        self.plan(complete_past_work=is_demo)
        self.stdout.write("")
        self.stdout.write(f"Demo sign-ins (password for all: {DEMO_PASSWORD}):")
        for label, email in council.logins.items():
            if StaffMember.objects.filter(email=email).exists():
                self.stdout.write(f"  {label:<45} {email}")

    def plan(self, *, complete_past_work: bool) -> None:
        if default_framework_version() is None:
            self.stdout.write(
                "No framework is loaded, so the audit plan was not generated: run "
                f"`python manage.py load_framework {settings.DEFAULT_FRAMEWORK}` first."
            )
            return
        try:
            plan = plan_this_year(today=timezone.localdate(), complete_past_work=complete_past_work)
        except Refusal as error:
            self.stdout.write(f"The audit plan was not generated: {error}.")
            return
        self.stdout.write(
            f"Generated the {plan.year} to {plan.year + 1} audit plan: {plan.items} items, "
            f"{plan.done} done."
        )
